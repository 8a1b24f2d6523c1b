from django.core.files.base import ContentFile
from django.template.loader import get_template
from django.test import TestCase
from django.urls import reverse
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.test.utils import WagtailTestUtils

from campaign.models import CampaignDayPage
from tests.builders import (
    action,
    actions_block,
    add_establishment,
    home_page,
    partnership_block,
    resource_link,
    resources_block,
    text_block,
    zoom_block,
)
from tests.html_reading import line_with, links, texts_of, visible_text

BODY_BLOCK = CampaignDayPage._meta.get_field("body").stream_block
BLOCK_NAMES = ["actions", "zoom", "resources", "partnership", "text"]


def render(raw):
    """Render one raw {"type", "value"} block through its own block definition."""
    block = BODY_BLOCK.child_blocks[raw["type"]]
    return block.render(block.to_python(raw["value"]))


class TestDayBodyBlock(TestCase):
    def test_has_the_block_names_of_the_content_model(self):
        self.assertEqual(list(BODY_BLOCK.child_blocks), BLOCK_NAMES)

    def test_every_block_has_its_own_template_icon_and_description(self):
        for name in BLOCK_NAMES:
            with self.subTest(block=name):
                block = BODY_BLOCK.child_blocks[name]
                self.assertEqual(
                    block.meta.template, f"campaign/blocks/{name}/page.html"
                )
                self.assertNotEqual(block.meta.icon, "placeholder")
                self.assertTrue(str(block.get_description()))


class TestActionsBlock(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.jammes = add_establishment("LP Francis Jammes", "Orthez", "64")
        cls.campa = add_establishment("LP André Campa", "Jurançon", "64")
        cls.favard = add_establishment("Lycée Jean Favard", "Guéret", "23")

    def test_renders_titles_and_every_establishment(self):
        raw = actions_block(
            action(
                "De la gestion des émotions pour une scolarité réussie",
                [self.jammes, self.campa],
            ),
            action("Construire son avenir", [self.favard]),
        )
        with self.assertTemplateUsed("campaign/blocks/actions/page.html"):
            with self.assertTemplateUsed("campaign/blocks/actions/action.html"):
                html = render(raw)
        self.assertEqual(
            texts_of(html, "h2"), ["Quelques actions de la région académique"]
        )
        self.assertEqual(
            texts_of(html, "h3"),
            [
                "De la gestion des émotions pour une scolarité réussie",
                "Construire son avenir",
            ],
        )
        text = visible_text(html)
        places = {
            "LP Francis Jammes": ("Orthez", "64", "Pyrénées-Atlantiques"),
            "LP André Campa": ("Jurançon", "64", "Pyrénées-Atlantiques"),
            "Lycée Jean Favard": ("Guéret", "23", "Creuse"),
        }
        for name, (town, department, department_name) in places.items():
            with self.subTest(establishment=name):
                # One line per establishment: name, town and department together
                # (screen readers also get the department's name).
                line = line_with(text, name)
                self.assertIn(f"{town} – {department}", line)
                self.assertIn(department_name, line)

    def test_renders_optional_link_and_description(self):
        raw = actions_block(
            action(
                "Construire son avenir",
                [self.favard],
                description="<p>Des <b>ateliers</b> chaque mardi.</p>",
                url="https://www.example.org/avenir",
            ),
            heading="Les actions du jour",
        )
        html = render(raw)
        self.assertEqual(texts_of(html, "h2"), ["Les actions du jour"])
        self.assertIn(
            ("https://www.example.org/avenir", "Construire son avenir"),
            [(link.href, link.text) for link in links(html)],
        )
        self.assertIn("<b>ateliers</b>", html)
        self.assertIn("Des ateliers chaque mardi.", visible_text(html))

    def test_title_markup_is_escaped(self):
        html = render(
            actions_block(action("<script>alert(1)</script>Atelier", [self.favard]))
        )
        self.assertNotIn("<script>", html)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;Atelier", html)

    def test_establishment_markup_is_escaped(self):
        odd = add_establishment("Collège <i>Pilote</i>", "Pau", "64")
        html = render(actions_block(action("Atelier", [odd])))
        self.assertNotIn("<i>Pilote</i>", html)
        self.assertIn("Collège &lt;i&gt;Pilote&lt;/i&gt;", html)

    def test_requires_an_establishment(self):
        block = BODY_BLOCK.child_blocks["actions"]
        value = block.to_python(
            actions_block(action("Sans établissement", []))["value"]
        )
        with self.assertRaises(StructBlockValidationError) as caught:
            block.clean(value)
        errors = caught.exception.as_json_data()["blockErrors"]["actions"][
            "blockErrors"
        ][0]
        self.assertEqual(
            errors["blockErrors"]["establishments"]["messages"],
            ["Le nombre minimum d'éléments est 1"],
        )

    def test_api_gives_establishments_not_ids(self):
        block = BODY_BLOCK.child_blocks["actions"]
        value = block.to_python(
            actions_block(action("Construire son avenir", [self.favard]))["value"]
        )
        api = block.get_api_representation(value)
        self.assertEqual(
            api["actions"][0]["establishments"],
            [
                {
                    "id": self.favard.pk,
                    "name": "Lycée Jean Favard",
                    "town": "Guéret",
                    "department": "23",
                    "department_name": "Creuse",
                    "academie": "limoges",
                    "academie_label": "Limoges",
                    "kind": "lycee",
                }
            ],
        )
        # As the campaign API gives it: one serialiser (Establishment.as_dict).
        self.assertEqual(
            api["actions"][0]["establishments"][0], self.favard.as_dict(full=True)
        )


class TestZoomBlock(TestCase):
    def test_renders_label_title_and_rich_text(self):
        raw = zoom_block(
            "Les clauses sociales",
            "<p>Les clauses sociales permettent à des jeunes de <b>16 à 25 ans</b>…</p>",
        )
        with self.assertTemplateUsed("campaign/blocks/zoom/page.html"):
            html = render(raw)
        self.assertIn("ZOOM du jour", visible_text(html))
        self.assertIn("Les clauses sociales", " ".join(texts_of(html, "h2")))
        self.assertInHTML(
            "<p>Les clauses sociales permettent à des jeunes de <b>16 à 25 ans</b>…</p>",
            html,
        )

    def test_internal_links_are_expanded(self):
        home = home_page()
        html = render(
            zoom_block(
                "Lien", f'<p>Voir <a linktype="page" id="{home.pk}">l’accueil</a></p>'
            )
        )
        self.assertIn(
            ("/", "l’accueil"), [(link.href, link.text) for link in links(html)]
        )
        self.assertNotIn("linktype", html)

    def test_title_markup_is_escaped(self):
        html = render(zoom_block('<script>alert("zoom")</script>', "<p>Texte</p>"))
        self.assertNotIn("<script>", html)
        self.assertIn("&lt;script&gt;", html)


class TestResourcesBlock(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = home_page()
        cls.document = get_document_model().objects.create(
            title="Guide du décrochage",
            file=ContentFile(b"%PDF-1.4 guide", name="guide-decrochage.pdf"),
        )

    def test_renders_links_to_url_page_and_document(self):
        raw = resources_block(
            resource_link(
                "Le décrochage scolaire", url="https://www.onisep.fr/", source="ONISEP"
            ),
            resource_link("Notre accueil", page=self.page),
            resource_link("Le guide", document=self.document),
        )
        with self.assertTemplateUsed("campaign/blocks/resources/page.html"):
            with self.assertTemplateUsed(
                "campaign/blocks/resources/resource_link.html"
            ):
                html = render(raw)
        self.assertEqual(texts_of(html, "h2"), ["Ressources ONISEP ou autres"])
        targets = {link.text: link.href for link in links(html)}
        self.assertEqual(
            targets,
            {
                "Le décrochage scolaire": "https://www.onisep.fr/",
                "Notre accueil": "/",
                "Le guide": self.document.url,
            },
        )
        self.assertIn("guide-decrochage", self.document.url)
        self.assertIn("ONISEP", line_with(visible_text(html), "Le décrochage scolaire"))

    def test_heading_is_editable(self):
        html = render(
            resources_block(
                resource_link("Le guide", document=self.document),
                heading="Ressources ONISEP et autres",
            )
        )
        self.assertEqual(texts_of(html, "h2"), ["Ressources ONISEP et autres"])

    def test_no_links_leaves_no_empty_heading(self):
        # An empty list must not show a heading with nothing under it.
        html = render(resources_block(heading="Ressources ONISEP et autres"))
        self.assertEqual(links(html), [])
        if "Ressources ONISEP et autres" in html:
            self.assertIn("Pas de ressource", visible_text(html))

    def test_link_needs_exactly_one_destination(self):
        block = BODY_BLOCK.child_blocks["resources"].child_blocks["links"].child_block
        cases = {
            "none": (
                resource_link("Sans destination"),
                "Indiquez une destination : une adresse web, une page ou un document.",
            ),
            "two": (
                resource_link(
                    "Deux destinations", url="https://www.onisep.fr/", page=self.page
                ),
                "Indiquez une seule destination : une adresse web, une page ou un document.",
            ),
        }
        for case, (raw, message) in cases.items():
            with self.subTest(case=case):
                with self.assertRaises(StructBlockValidationError) as caught:
                    block.clean(block.to_python(raw))
                self.assertEqual(
                    caught.exception.block_errors["url"].messages, [message]
                )

    def test_link_with_one_destination_is_valid(self):
        block = BODY_BLOCK.child_blocks["resources"].child_blocks["links"].child_block
        for raw in (
            resource_link("Web", url="https://www.onisep.fr/"),
            resource_link("Page", page=self.page),
            resource_link("Document", document=self.document),
        ):
            with self.subTest(title=raw["title"]):
                value = block.clean(block.to_python(raw))
                self.assertTrue(value.href())


class TestPartnershipBlock(TestCase):
    def test_renders_heading_and_rich_text(self):
        raw = partnership_block(
            "<p>Un <b>partenariat avec la PFRA Nouvelle-Aquitaine</b>.</p>"
            "<ul><li>l’importance des partenariats,</li></ul>"
        )
        with self.assertTemplateUsed("campaign/blocks/partnership/page.html"):
            html = render(raw)
        self.assertEqual(
            texts_of(html, "h2"),
            ["Actions de partenariat à l’échelle de la région académique"],
        )
        self.assertInHTML("<b>partenariat avec la PFRA Nouvelle-Aquitaine</b>", html)
        self.assertInHTML("<li>l’importance des partenariats,</li>", html)


class TestTextBlock(TestCase):
    def test_renders_rich_text(self):
        with self.assertTemplateUsed("campaign/blocks/text/page.html"):
            html = render(text_block("<p>Les 6<sup>e</sup> à <i>Poudlard</i></p>"))
        self.assertInHTML("<p>Les 6<sup>e</sup> à <i>Poudlard</i></p>", html)


class TestBlockPreviews(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.bretin = add_establishment("Collège Henri Bretin", "Neuvic", "24")

    def setUp(self):
        self.login()

    def preview(self, name):
        block = BODY_BLOCK.child_blocks[name]
        url = reverse("wagtailadmin_block_preview") + f"?id={block.definition_prefix}"
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_every_block_is_previewable(self):
        # Each block names its own preview template (Meta.preview_template):
        # Wagtail's global one is not overridden.
        for name in BLOCK_NAMES:
            with self.subTest(block=name):
                self.assertIs(BODY_BLOCK.child_blocks[name].is_previewable, True)

    def test_wagtails_own_block_preview_template_is_not_overridden(self):
        origin = get_template("wagtailcore/shared/block_preview.html").origin.name
        self.assertIn("/wagtail/", origin)
        self.assertNotIn("/campaign/", origin)

    def test_preview_uses_public_styles(self):
        for name in BLOCK_NAMES:
            with self.subTest(block=name):
                html = self.preview(name)
                self.assertIn('href="/static/dsfr/dist/', html)
                self.assertIn("campaign/css/campaign.css", html)

    def test_previews_show_their_preview_values(self):
        expected = {
            "actions": "Parce que revenir à la base est essentiel",
            "zoom": "Les clauses sociales",
            "resources": "Le décrochage scolaire",
            "partnership": "partenariat avec la PFRA Nouvelle-Aquitaine",
            "text": "Un paragraphe libre",
        }
        for name, text in expected.items():
            with self.subTest(block=name):
                self.assertIn(text, self.preview(name))

    def test_actions_preview_shows_a_real_establishment(self):
        self.assertIn("Collège Henri Bretin", self.preview("actions"))


class TestEstablishmentChooserWording(TestCase):
    def test_the_chooser_speaks_french_with_articles(self):
        from django.utils import translation
        from wagtail.admin.telepath import JSContext

        from campaign.blocks.establishments import EstablishmentChooserBlock

        with translation.override("fr"):
            packed = str(JSContext().pack(EstablishmentChooserBlock()))
        for text in (
            "Choisir un établissement",
            "Choisir un autre établissement",
            "Modifier cet établissement",
        ):
            self.assertIn(text, packed)
        self.assertNotIn("Choisir établissement", packed)
