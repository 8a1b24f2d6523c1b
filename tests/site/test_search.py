"""The site search (/recherche/): days, campaigns and establishments, live
content only, terms highlighted, French and accent-insensitive on PostgreSQL."""

import datetime as dt
from io import StringIO
from unittest import skipUnless

from django.core.management import call_command
from django.db import connection
from django.test import TestCase

from campaign.models import CampaignDayPage, CampaignPage
from persev_site.search.service import (
    excerpt,
    highlight,
    html_pieces,
    joined,
    query_terms,
)
from tests.builders import (
    DEMO_SLUG,
    action,
    actions_block,
    add_campaign,
    add_day,
    add_establishment,
    zoom_block,
)
from tests.html_reading import links, visible_text

TUESDAY = dt.date(2021, 2, 2)


def load_demo():
    call_command("load_site_demo", "--no-admin", stdout=StringIO())


def update_index():
    call_command("update_index", stdout=StringIO(), stderr=StringIO())


class SearchMixin:
    def search(self, query, **params):
        response = self.client.get("/recherche/", {"q": query, **params})
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        return response, html, [link.href for link in links(html)]


class TestDemoSearch(SearchMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo()
        update_index()
        cls.campaign = CampaignPage.objects.get(slug=DEMO_SLUG)
        cls.tuesday = CampaignDayPage.objects.get(date=TUESDAY)

    def test_foquale_finds_the_2_february_day(self):
        response, html, hrefs = self.search("FOQUALE")
        self.assertTemplateUsed(response, "search/search.html")
        self.assertIn(self.tuesday.url, hrefs)
        self.assertIn("<mark>FOQUALE</mark>", html)

    def test_the_excerpt_keeps_headings_apart(self):
        # The ZOOM's title, the actions' heading and each action's title are
        # separate pieces, not one run-on sentence.
        _r, html, _hrefs = self.search("FOQUALE")
        self.assertIn(
            "Les réseaux <mark>FOQUALE</mark> · Quelques actions de la région "
            "académique · PAPS Remobilisation Post Bac · Le sport",
            html,
        )
        self.assertNotIn("<mark>FOQUALE</mark> Quelques", html)

    def test_action_titles_and_establishments_are_searchable(self):
        _r, _html, hrefs = self.search("Poudlard")
        monday = CampaignDayPage.objects.get(date=dt.date(2021, 2, 1))
        self.assertIn(monday.url, hrefs)
        _r, html, hrefs = self.search("Rostand")
        self.assertIn(self.tuesday.url, hrefs)
        self.assertIn("/campagnes/etablissements/", html)

    def test_campaigns_are_found(self):
        _r, _html, hrefs = self.search("Persévérance")
        self.assertIn(self.campaign.url, hrefs)

    def test_no_result_says_so_in_french(self):
        _r, html, _hrefs = self.search("zzzxxyy")
        self.assertIn("Aucun résultat pour « zzzxxyy »", visible_text(html))

    def test_empty_query_shows_the_form(self):
        response = self.client.get("/recherche/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'for="recherche-page"')
        self.assertNotContains(response, "résultat")

    def test_header_has_a_labelled_search_form(self):
        response = self.client.get(self.campaign.url)
        self.assertContains(response, 'role="search"')
        self.assertContains(
            response,
            '<label class="fr-label fr-sr-only" for="recherche-entete">Rechercher sur le site</label>',
        )
        self.assertContains(response, 'action="/recherche/"')

    def test_double_quotes_are_punctuation(self):
        # Issue 15: on SQLite, '"orientation' was an unterminated FTS5 string
        # and the search answered the outage page (503).
        for query in ['"FOQUALE', 'FOQUALE"', '"FOQUALE"', '""FOQUALE']:
            with self.subTest(query=query):
                _r, _html, hrefs = self.search(query)
                self.assertIn(self.tuesday.url, hrefs)

    def test_double_quotes_in_the_api_search(self):
        response = self.client.get("/api/v3/pages/", {"search": '"FOQUALE'})
        self.assertEqual(response.status_code, 200, response.content[:300])
        ids = [item["id"] for item in response.json()["items"]]
        self.assertIn(self.tuesday.pk, ids)

    def test_search_fields_say_the_longest_search(self):
        response = self.client.get("/recherche/")
        html = response.content.decode()
        for field_id in ("recherche-entete", "recherche-page"):
            self.assertRegex(html, rf'<input [^>]*id="{field_id}"[^>]*maxlength="200"')

    def test_too_long_a_search_is_said_not_silenced(self):
        # Issue 15: over 200 characters, the page showed an empty form.
        typed = "FOQUALE " + "x" * 193  # 201 characters
        response = self.client.get("/recherche/", {"q": typed})
        self.assertEqual(response.status_code, 400)
        html = response.content.decode()
        self.assertIn(
            "La recherche compte 201 caractères, 200 au plus : raccourcissez-la.",
            visible_text(html),
        )
        # The words stay in the field, to be shortened; the field is tied to
        # its message; nothing is searched.
        self.assertRegex(
            html,
            r'<input class="fr-input fr-input--error" type="search" '
            rf'id="recherche-page" name="q" maxlength="200" value="{typed}" '
            r'aria-invalid="true" aria-describedby="recherche-page-erreur">',
        )
        self.assertIn('<p id="recherche-page-erreur" class="fr-error-text">', html)
        self.assertNotIn("résultat", visible_text(html))
        self.assertIn("<title>Erreur : Recherche", html)

    def test_the_longest_search_is_run(self):
        _r, html, _hrefs = self.search("FOQUALE " + "x" * 192)  # 200 characters
        self.assertIn("Aucun résultat pour « FOQUALE xxx", visible_text(html))
        # Spaces around the words do not count.
        _r, html, _hrefs = self.search("  FOQUALE" + " " * 300)
        self.assertIn("<mark>FOQUALE</mark>", html)

    def test_pagination(self):
        _r, html, _hrefs = self.search("février", page="999")
        self.assertNotIn("Traceback", html)

    @skipUnless(
        connection.vendor == "postgresql",
        "French stemming and unaccent: PostgreSQL only",
    )
    def test_accent_insensitive_and_stemmed_on_postgresql(self):
        _r, _html, hrefs = self.search("perseverance")
        self.assertIn(self.campaign.url, hrefs)
        _r, _html, hrefs = self.search("reseau foquale")
        self.assertIn(self.tuesday.url, hrefs)


class TestOnlyLiveContent(SearchMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.secret_school = add_establishment("Collège Zéphyrin Secret", "Loudun", "86")
        cls.live = add_campaign(slug="semaine-live", title="Semaine publiée")
        cls.live_day = add_day(
            cls.live,
            dt.date(2021, 2, 1),
            [zoom_block("Les licornes publiques", "<p>Licornes.</p>")],
        )
        cls.draft_day = add_day(
            cls.live,
            dt.date(2021, 2, 2),
            [
                zoom_block("Les licornes brouillon", "<p>Licornes.</p>"),
                actions_block(action("Projet Zéphyrin", [cls.secret_school])),
            ],
            live=False,
        )
        # Scheduled: approved with a go-live date in the future, not live.
        cls.scheduled_day = add_day(
            cls.live,
            dt.date(2021, 2, 3),
            [zoom_block("Les licornes programmées", "<p>Licornes.</p>")],
            live=False,
        )
        cls.scheduled_day.go_live_at = dt.datetime(2099, 1, 1, tzinfo=dt.UTC)
        cls.scheduled_day.save_revision().publish()
        cls.hidden = add_campaign(
            slug="semaine-cachee", title="Semaine licornes cachée", live=False
        )
        cls.hidden_day = add_day(
            cls.hidden,
            dt.date(2021, 2, 1),
            [zoom_block("Les licornes cachées", "<p>Licornes.</p>")],
        )
        update_index()

    def test_only_the_live_day_of_the_live_campaign(self):
        self.scheduled_day.refresh_from_db()
        self.assertFalse(self.scheduled_day.live)
        _r, html, hrefs = self.search("licornes")
        self.assertIn(self.live_day.url, hrefs)
        text = visible_text(html)
        self.assertNotIn("brouillon", text)
        self.assertNotIn("programmées", text)
        self.assertNotIn("cachée", text)
        for day in (self.draft_day, self.scheduled_day, self.hidden_day):
            self.assertNotIn(day.url, hrefs)

    def test_establishment_with_only_draft_actions_is_not_found(self):
        _r, html, _hrefs = self.search("Zéphyrin")
        self.assertIn("Aucun résultat", visible_text(html))


class TestHighlight(TestCase):
    def test_marks_words_ignoring_case_and_accents(self):
        terms = query_terms("perseverance Élève")
        self.assertEqual(
            str(highlight("La persévérance des élèves <b>", terms)),
            "La <mark>persévérance</mark> des <mark>élèves</mark> &lt;b&gt;",
        )

    def test_pieces_of_text_are_joined_apart_once_each(self):
        self.assertEqual(
            joined(["Les réseaux FOQUALE", "Quelques actions", "Les réseaux FOQUALE"]),
            "Les réseaux FOQUALE · Quelques actions",
        )
        self.assertEqual(
            joined(["Des leviers, parmi lesquels :", "les partenariats.", "Fin"]),
            "Des leviers, parmi lesquels : les partenariats. Fin",
        )

    def test_rich_text_blocks_are_pieces(self):
        html = "<h2>Titre</h2><p>Un&nbsp;texte.</p><p>Suite<br/>ligne</p><ul><li>un</li><li>deux</li></ul>"
        self.assertEqual(
            joined(html_pieces(html)), "Titre · Un texte. Suite · ligne · un · deux"
        )

    def test_excerpt_around_the_first_match(self):
        text = "mot " * 200 + "FOQUALE " + "fin " * 200
        result = str(excerpt(text, query_terms("foquale")))
        self.assertIn("<mark>FOQUALE</mark>", result)
        self.assertTrue(result.startswith("… "))
        self.assertLess(len(result), 300)


class TestEstablishmentRename(SearchMixin, TestCase):
    """A day is indexed with its establishments' names: renaming one reindexes
    the live days that list it, at once."""

    @classmethod
    def setUpTestData(cls):
        cls.school = add_establishment("Lycée Ancien Nom", "Poitiers", "86")
        campaign = add_campaign(slug="semaine-renommage", title="Semaine")
        cls.day = add_day(
            campaign,
            dt.date(2021, 2, 1),
            [actions_block(action("Atelier d’orientation", [cls.school]))],
        )
        update_index()

    def test_the_day_is_found_by_the_new_name_and_not_the_old(self):
        _r, _html, hrefs = self.search("Ancien")
        self.assertIn(self.day.url, hrefs)
        self.school.name = "Lycée Xylophone Renommé"
        self.school.save()
        _r, _html, hrefs = self.search("Xylophone")
        self.assertIn(self.day.url, hrefs)
        _r, html, hrefs = self.search("Ancien")
        self.assertNotIn(self.day.url, hrefs)
