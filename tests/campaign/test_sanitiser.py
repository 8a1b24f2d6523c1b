"""One HTML sanitiser for the campaign's rich text: what a page stores
(`clean_rich_text`) and what the interchange reads and writes (`to_db_html`,
`to_interchange_html`) follow the same rules."""

from django.test import SimpleTestCase

from campaign.authoring.interchange.html import to_db_html, to_interchange_html
from campaign.blocks.rich_text import clean_rich_text

HOSTILE = [
    "<p>Texte<script>alert(1)</script><img src=x onerror=alert(2)></p>",
    '<p><a href="javascript:alert(3)" onclick="alert(4)">lien</a></p>',
    "<p>a<svg><script>alert(5)</script></svg>b<style>p{}</style></p>",
    '<h2 class="x">Titre</h2><div>bloc</div>libre',
    "<p><strong>gras <b>encore</b></strong> <em>it</em> 1<sup>er</sup></p>",
    '<ul><li data-block-key="k">un</li><li></li></ul><p></p><ol><li>deux</li></ol>',
    "<ul><li>" * 20 + "profond" + "</li></ul>" * 20,
    '<p><a href="https://example.org/?a=1&amp;b=2">ok</a> <a href="/contact/">ici</a></p>',
]


class TestOneSanitiser(SimpleTestCase):
    def test_stored_and_imported_rich_text_follow_the_same_rules(self):
        for html in HOSTILE:
            with self.subTest(html=html):
                self.assertEqual(clean_rich_text(html), to_db_html(html))

    def test_what_a_page_stores(self):
        cases = {
            "<p>Texte<script>alert(1)</script><img src=x onerror=alert(2)></p>": (
                "<p>Texte</p>"
            ),
            '<p><a href="javascript:alert(3)" onclick="alert(4)">lien</a></p>': (
                "<p>lien</p>"
            ),
            '<h2 class="x">Titre</h2><div>bloc</div>libre': (
                "<p>Titre</p><p>bloc</p><p>libre</p>"
            ),
            "<p><strong>gras <b>encore</b></strong> <em>it</em></p>": (
                "<p><b>gras encore</b> <i>it</i></p>"
            ),
            '<ul><li data-block-key="k">un</li><li></li></ul><p></p>': (
                "<ul><li>un</li></ul>"
            ),
        }
        for html, stored in cases.items():
            with self.subTest(html=html):
                self.assertEqual(clean_rich_text(html), stored)

    def test_internal_links_stay_by_type_and_id(self):
        html = (
            '<p><a linktype="page" id="3">une page</a> et '
            '<a id="7" linktype="document" onclick="x()">un document</a></p>'
        )
        self.assertEqual(
            clean_rich_text(html),
            '<p><a id="3" linktype="page">une page</a> et '
            '<a id="7" linktype="document">un document</a></p>',
        )
        # The interchange resolves them, or keeps their text.
        resolved = to_interchange_html(
            clean_rich_text(html), lambda linktype, pk: f"https://site.test/{pk}/"
        )
        self.assertEqual(
            resolved,
            '<p><a href="https://site.test/3/">une page</a> et '
            '<a href="https://site.test/7/">un document</a></p>',
        )
        self.assertEqual(to_interchange_html(html), "<p>une page et un document</p>")

    def test_too_deep_is_reported_on_import(self):
        heard = []
        to_db_html(HOSTILE[6], heard.append)
        self.assertEqual(len(heard), 1)
        self.assertIn("imbriqué trop profondément", heard[0])

    def test_text_without_a_tag_is_stored_as_it_is(self):
        for text in ("", None, "A & B"):
            with self.subTest(text=text):
                self.assertEqual(clean_rich_text(text), text)
