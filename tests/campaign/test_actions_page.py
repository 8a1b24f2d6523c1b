"""The actions page of a campaign (/campagnes/<slug>/actions/), its filters,
its chart per department, and the page of each establishment."""

import datetime as dt
import re
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from campaign.models import CampaignDayPage, CampaignPage, Establishment
from tests.builders import (
    DEMO_SLUG,
    action,
    actions_block,
    add_campaign,
    add_day,
    add_establishment,
)
from tests.html_reading import hrefs, links, texts_of, visible_text

VIENNE_ACTIONS = [
    "Les 6ᵉ de Camille Claudel à Poudlard",
    "Le sport pour parler persévérance scolaire au collège Jean Rostand",
]


def action_titles(html):
    return texts_of(html, "h3")


class TestDemoActionsPage(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_campaign_demo", stdout=StringIO())
        cls.campaign = CampaignPage.objects.get(slug=DEMO_SLUG)
        cls.url = f"/campagnes/{DEMO_SLUG}/actions/"

    def get(self, **params):
        response = self.client.get(self.url, params)
        self.assertEqual(response.status_code, 200)
        return response, response.content.decode()

    def test_department_86_lists_exactly_the_vienne_actions(self):
        _response, html = self.get(department="86")
        self.assertEqual(action_titles(html), VIENNE_ACTIONS)

    def test_every_action_without_filter(self):
        _response, html = self.get()
        titles = action_titles(html)
        for title in VIENNE_ACTIONS:
            self.assertIn(title, titles)
        self.assertGreater(len(titles), len(VIENNE_ACTIONS))
        self.assertIn(f"{len(titles)} actions", visible_text(html))

    def test_filter_by_academie(self):
        _response, html = self.get(academie="poitiers")
        titles = action_titles(html)
        for title in VIENNE_ACTIONS:
            self.assertIn(title, titles)
        _response, limoges = self.get(academie="limoges")
        for title in VIENNE_ACTIONS:
            self.assertNotIn(title, action_titles(limoges))

    def test_filter_by_kind(self):
        _response, html = self.get(kind="lp")
        titles = action_titles(html)
        self.assertTrue(titles)
        for title in titles:
            self.assertNotIn("collège", title.casefold())
        # Only actions with a lycée professionnel.
        self.assertNotIn(VIENNE_ACTIONS[0], titles)

    def test_filters_combine(self):
        _r, both = self.get(academie="poitiers", department="86", kind="college")
        self.assertEqual(action_titles(both), VIENNE_ACTIONS)
        _r, none = self.get(academie="limoges", department="86")
        self.assertEqual(action_titles(none), [])
        self.assertIn("Aucune action publiée ne correspond", visible_text(none))

    def refused(self, **params):
        """The page for filters of which one at least is refused: 400, the
        whole page, the message on the field."""
        response = self.client.get(self.url, params)
        self.assertEqual(response.status_code, 400)
        self.assertTemplateUsed(response, "campaign/campaign_actions.html")
        return response.content.decode()

    def test_unknown_department_keeps_the_academie(self):
        # Issue 15: one bad value dropped every filter (10 actions of every
        # académie) while "Poitiers" still looked selected.
        _r, poitiers = self.get(academie="poitiers")
        self.assertEqual(len(action_titles(poitiers)), 4)
        html = self.refused(academie="poitiers", department="99")
        self.assertEqual(action_titles(html), action_titles(poitiers))
        self.assertIn(
            "Le département « 99 » n’existe pas dans cette campagne : "
            "choisissez un département dans la liste.",
            visible_text(html),
        )
        self.assertIn('<option value="poitiers" selected>', html)
        # The refused field: DSFR's error state, tied to its message, and no
        # department shown as chosen.
        self.assertIn(
            '<select class="fr-select fr-select--error" id="id_department" '
            'name="department" aria-invalid="true" '
            'aria-describedby="id_department-erreur">',
            html,
        )
        self.assertIn('<p id="id_department-erreur" class="fr-error-text">', html)
        self.assertNotRegex(html, r'(?s)id="id_department".*?\sselected>.*?</select>')
        self.assertRegex(html, r"<title>\s*Erreur : Les actions")

    def test_each_refused_filter_is_named(self):
        html = self.refused(academie="paris", department="86", kind="fac")
        text = visible_text(html)
        self.assertIn("L’académie « paris » n’existe pas dans cette campagne", text)
        self.assertIn("Le type d’établissement « fac » n’existe pas", text)
        self.assertNotIn("Le département « 86 »", text)
        self.assertEqual(action_titles(html), VIENNE_ACTIONS)

    def test_a_long_refused_value_is_shortened(self):
        html = self.refused(department="9" * 500)
        self.assertIn(
            f"Le département « {'9' * 40}… » n’existe pas", visible_text(html)
        )
        self.assertNotIn("9" * 41, visible_text(html))
        self.assertEqual(len(action_titles(html)), len(action_titles(self.get()[1])))

    def test_the_older_names_lead_to_the_new_ones(self):
        """Links shared before the page took the API's names (`department`,
        `kind`) still work: one permanent redirect to the address of now."""
        response = self.client.get(
            self.url, {"departement": "86", "type": "college", "academie": "poitiers"}
        )
        self.assertEqual(response.status_code, 301)
        self.assertEqual(
            response["Location"],
            f"{self.url}?academie=poitiers&department=86&kind=college",
        )
        page = self.client.get(response["Location"])
        self.assertEqual(action_titles(page.content.decode()), VIENNE_ACTIONS)
        # The new name wins over its old spelling given with it.
        response = self.client.get(self.url, {"departement": "33", "department": "86"})
        self.assertEqual(response["Location"], f"{self.url}?department=86")

    def test_plain_get_form_with_labels(self):
        _response, html = self.get()
        self.assertIn('method="get"', html)
        for label in ("Académie", "Département", "Type d’établissement"):
            self.assertIn(label, html)
        self.assertIn(
            '<select class="fr-select" id="id_department" name="department">', html
        )
        self.assertNotIn("<script>", html)

    def test_chart_and_its_table(self):
        _response, html = self.get()
        self.assertIn('<svg role="img"', html)
        self.assertIn("<table>", html)
        text = visible_text(html)
        self.assertIn("86 – Vienne", text)
        self.assertIn("Les actions par département", text)

    def test_linked_from_the_campaign_page(self):
        response = self.client.get(self.campaign.url)
        self.assertIn(
            self.url, [link.href for link in links(response.content.decode())]
        )

    def test_each_action_says_its_day_and_links_it(self):
        _response, html = self.get(department="86")
        days = {day.url: day for day in CampaignDayPage.objects.live()}
        cards = re.findall(r"<article.*?</article>", html, flags=re.S)
        self.assertEqual(len(cards), len(VIENNE_ACTIONS))
        for card in cards:
            (day_url,) = [href for href in hrefs(card) if href in days]
            self.assertIn(days[day_url].title, visible_text(card))

    def test_unknown_campaign_is_404(self):
        self.assertEqual(
            self.client.get("/campagnes/inconnue/actions/").status_code, 404
        )

    def test_establishment_links_lead_to_their_page(self):
        _response, html = self.get(department="86")
        hrefs = [a.href for a in links(html) if "/etablissements/" in a.href]
        self.assertTrue(hrefs)
        page = self.client.get(hrefs[0])
        self.assertEqual(page.status_code, 200)
        self.assertTemplateUsed(page, "campaign/establishment.html")
        self.assertEqual(len(texts_of(page.content.decode(), "h1")), 1)


class TestOnlyLiveActions(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.school = add_establishment("Collège Jean Moulin", "Poitiers", "86")
        cls.hidden_school = add_establishment("Collège Caché", "Loudun", "86")
        cls.campaign = add_campaign(slug="semaine-live")
        add_day(
            cls.campaign,
            dt.date(2021, 2, 1),
            [actions_block(action("Action publiée", [cls.school]))],
        )
        add_day(
            cls.campaign,
            dt.date(2021, 2, 2),
            [
                actions_block(
                    action("Action brouillon", [cls.school, cls.hidden_school])
                )
            ],
            live=False,
        )
        scheduled = add_day(
            cls.campaign,
            dt.date(2021, 2, 3),
            [actions_block(action("Action programmée", [cls.school]))],
            live=False,
        )
        scheduled.go_live_at = dt.datetime(2099, 1, 1, tzinfo=dt.UTC)
        scheduled.save_revision().publish()
        hidden = add_campaign(slug="semaine-cachee", live=False)
        add_day(
            hidden,
            dt.date(2021, 2, 1),
            [actions_block(action("Action cachée", [cls.school]))],
        )

    def test_actions_page_shows_live_days_only(self):
        html = self.client.get("/campagnes/semaine-live/actions/").content.decode()
        self.assertEqual(action_titles(html), ["Action publiée"])

    def test_each_action_names_and_links_its_live_day(self):
        html = self.client.get("/campagnes/semaine-live/actions/").content.decode()
        monday = CampaignDayPage.objects.child_of(self.campaign).get(
            date=dt.date(2021, 2, 1)
        )
        (card,) = texts_of(html, "article")
        self.assertTrue(card.startswith("Lundi 1er février Action publiée"), card)
        self.assertIn(monday.url, hrefs(html))
        # Only live days: the draft and the scheduled day are not linked.
        day_links = [
            href
            for href in hrefs(html)
            if href.startswith(self.campaign.url) and href != self.campaign.url
        ]
        self.assertEqual(day_links, [monday.url])

    def test_actions_page_of_a_campaign_that_is_not_live_is_404(self):
        self.assertEqual(
            self.client.get("/campagnes/semaine-cachee/actions/").status_code, 404
        )

    def test_establishment_page_shows_live_actions_only(self):
        url = f"/campagnes/etablissements/{self.school.pk}-college-jean-moulin/"
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(action_titles(response.content.decode()), ["Action publiée"])
        self.assertIn("Poitiers – 86 Vienne", visible_text(response.content.decode()))

    def test_establishment_with_draft_actions_only_is_404(self):
        url = f"/campagnes/etablissements/{self.hidden_school.pk}-college-cache/"
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_wrong_slug_redirects_to_the_right_address(self):
        response = self.client.get(f"/campagnes/etablissements/{self.school.pk}-autre/")
        self.assertRedirects(
            response,
            f"/campagnes/etablissements/{self.school.pk}-college-jean-moulin/",
            status_code=301,
        )

    def test_unknown_establishment_is_404(self):
        missing = (Establishment.objects.order_by("-pk").first().pk or 0) + 100
        self.assertEqual(
            self.client.get(f"/campagnes/etablissements/{missing}-x/").status_code, 404
        )
