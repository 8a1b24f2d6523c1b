"""The editor's path: days and establishments through the Wagtail admin, as a superuser."""

import datetime as dt
import json
import re

from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from campaign.blocks import RICH_TEXT_FEATURES
from campaign.models import CampaignDayPage, CampaignPage, Establishment
from tests.builders import add_campaign, add_day, add_establishment, home_page
from tests.html_reading import visible_text

MONDAY = dt.date(2021, 2, 1)
CHOOSER = "wagtailsnippetchoosers_campaign_establishment"


def listblock(values):
    """ListBlock form data (Wagtail has no helper for it): each child's value,
    with its position and no deletion."""
    data = {
        str(index): {"value": value, "deleted": "", "order": str(index), "id": ""}
        for index, value in enumerate(values)
    }
    data["count"] = str(len(values))
    return data


def day_form_data(date, body, title="", slug=""):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "date": date.isoformat(),
            "body": streamfield(body),
        }
    )


def actions_value(
    title, establishments, heading="Quelques actions de la région académique"
):
    return {
        "heading": heading,
        "actions": listblock(
            [
                {
                    "title": title,
                    "establishments": listblock([str(e.pk) for e in establishments]),
                    "description": rich_text("", features=RICH_TEXT_FEATURES),
                    "url": "",
                }
            ]
        ),
    }


def zoom_value(title, html):
    return {"title": title, "body": rich_text(html, features=RICH_TEXT_FEATURES)}


class TestDayEditing(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign(start=MONDAY, end=dt.date(2021, 2, 5))
        cls.bretin = add_establishment("Collège Henri Bretin", "Neuvic", "24")
        cls.jammes = add_establishment("LP Francis Jammes", "Orthez", "64")

    def setUp(self):
        self.login()
        self.add_url = reverse(
            "wagtailadmin_pages:add",
            args=("campaign", "campaigndaypage", self.campaign.pk),
        )

    def monday_data(self, **kwargs):
        return day_form_data(
            MONDAY,
            [
                (
                    "actions",
                    actions_value(
                        "Parce que revenir à la base est essentiel",
                        [self.bretin, self.jammes],
                    ),
                ),
                (
                    "zoom",
                    zoom_value(
                        "Les clauses sociales",
                        "<p>Un parcours <b>sécurisé</b> en entreprise.</p>",
                    ),
                ),
            ],
            **kwargs,
        )

    def test_add_form_renders_in_french(self):
        response = self.client.get(self.add_url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response,
            "Laissez vide : il vient de la date (par exemple « Lundi 1er février »).",
        )

    def test_creating_a_day_without_title_takes_title_from_date(self):
        self.assertCanCreate(self.campaign, CampaignDayPage, self.monday_data())
        day = CampaignDayPage.objects.child_of(self.campaign).get(date=MONDAY)
        self.assertEqual(day.title, "Lundi 1er février")
        self.assertEqual(day.slug, "lundi-1er-fevrier")
        self.assertTrue(day.live)
        actions, zoom = day.body
        self.assertEqual(actions.block_type, "actions")
        self.assertEqual(
            [e.pk for e in actions.value["actions"][0]["establishments"]],
            [self.bretin.pk, self.jammes.pk],
        )
        self.assertEqual(
            actions.value["actions"][0]["title"],
            "Parce que revenir à la base est essentiel",
        )
        self.assertEqual(zoom.value["title"], "Les clauses sociales")
        # Draftail tags each paragraph with a data-block-key.
        self.assertEqual(
            re.sub(r' data-block-key="[^"]*"', "", zoom.value["body"].source),
            "<p>Un parcours <b>sécurisé</b> en entreprise.</p>",
        )

    def test_created_day_is_public(self):
        self.assertCanCreate(self.campaign, CampaignDayPage, self.monday_data())
        day = CampaignDayPage.objects.get(date=MONDAY)
        self.client.logout()
        text = visible_text(self.client.get(day.url).content.decode())
        self.assertIn("Les clauses sociales", text)
        self.assertIn("Un parcours sécurisé en entreprise.", text)
        self.assertIn("LP Francis Jammes", text)

    def test_saving_a_draft_also_takes_title_from_date(self):
        response = self.client.post(self.add_url, self.monday_data())
        day = CampaignDayPage.objects.get(date=MONDAY)
        self.assertRedirects(
            response, reverse("wagtailadmin_pages:edit", args=[day.pk])
        )
        self.assertEqual(day.title, "Lundi 1er février")
        self.assertFalse(day.live)

    def test_editing_a_day_saves_a_new_revision(self):
        day = add_day(self.campaign, MONDAY)
        revisions = day.revisions.count()
        data = day_form_data(
            MONDAY,
            [
                (
                    "zoom",
                    zoom_value("Les réseaux FOQUALE", "<p>Mis en œuvre en 2013.</p>"),
                )
            ],
            title="Lundi de la persévérance",
            slug="lundi-1er-fevrier",
        )
        data["action-publish"] = "action-publish"
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[day.pk]), data
        )
        self.assertRedirects(
            response, reverse("wagtailadmin_explore", args=[self.campaign.pk])
        )
        day.refresh_from_db()
        self.assertEqual(day.title, "Lundi de la persévérance")
        self.assertEqual(day.body[0].value["title"], "Les réseaux FOQUALE")
        self.assertEqual(day.revisions.count(), revisions + 1)
        self.assertEqual(CampaignDayPage.objects.filter(date=MONDAY).count(), 1)

    def test_is_editable_with_explicit_post_data(self):
        day = add_day(self.campaign, MONDAY)
        post_data = day_form_data(
            MONDAY,
            [("zoom", zoom_value("Titre", "<p>Texte</p>"))],
            title=day.title,
            slug=day.slug,
        )
        self.assertPageIsEditable(day, post_data=post_data)
        self.assertPageIsPreviewable(day, post_data=post_data)

    def assert_refused(self, response, message):
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].errors["date"], [message])
        # Shown once to the editor, in French.
        self.assertEqual(response.content.decode().count(message), 1)

    def test_date_outside_campaign_is_refused_in_french(self):
        pages = Page.objects.count()
        data = self.monday_data()
        data["date"] = "2021-02-08"
        response = self.client.post(self.add_url, data)
        self.assert_refused(
            response,
            "Le lundi 8 février 2021 est en dehors de la campagne, qui va du 1er février 2021 au 5 février 2021.",
        )
        self.assertEqual(Page.objects.count(), pages)

    def test_date_already_taken_is_refused(self):
        add_day(self.campaign, MONDAY, title="Lundi existant")
        pages = Page.objects.count()
        response = self.client.post(
            self.add_url, self.monday_data(title="Un autre lundi")
        )
        self.assert_refused(
            response,
            "La campagne a déjà une journée le lundi 1er février 2021 : « Lundi existant ».",
        )
        self.assertEqual(Page.objects.count(), pages)

    def test_date_taken_with_the_title_left_empty_speaks_only_of_the_date(self):
        # The empty title and slug come from the date: the slug's own conflict
        # ("slug déjà utilisé") is the same problem, in jargon, on another tab.
        add_day(self.campaign, MONDAY)
        response = self.client.post(self.add_url, self.monday_data(title="", slug=""))
        self.assert_refused(
            response,
            "La campagne a déjà une journée le lundi 1er février 2021 : "
            "« Lundi 1er février ».",
        )
        self.assertEqual(list(response.context["form"].errors), ["date"])

    def test_a_slug_typed_by_hand_keeps_its_own_error(self):
        add_day(self.campaign, MONDAY)
        response = self.client.post(
            self.add_url,
            day_form_data(
                dt.date(2021, 2, 2), [], title="Mardi", slug="lundi-1er-fevrier"
            ),
        )
        self.assertIn("slug", response.context["form"].errors)

    def test_moving_a_day_outside_campaign_is_refused_once(self):
        day = add_day(self.campaign, MONDAY)
        data = day_form_data(dt.date(2021, 2, 12), [], title=day.title, slug=day.slug)
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[day.pk]), data
        )
        self.assert_refused(
            response,
            "Le vendredi 12 février 2021 est en dehors de la campagne, qui va du 1er février 2021 au 5 février 2021.",
        )
        self.assertEqual(CampaignDayPage.objects.get(pk=day.pk).date, MONDAY)


class TestCampaignEditing(WagtailPageTestCase):
    def setUp(self):
        self.login()

    def campaign_data(self, start, end):
        return nested_form_data(
            {
                "title": "Semaine 2022",
                "slug": "semaine-2022",
                "start_date": start,
                "end_date": end,
                "go_live_time": "08:00",
                "region": "Nouvelle-Aquitaine",
                "intro": rich_text("<p>Intro</p>", features=RICH_TEXT_FEATURES),
                "closing": rich_text("", features=RICH_TEXT_FEATURES),
                "credits": rich_text("", features=RICH_TEXT_FEATURES),
                "recipients": "",
                "partners": {
                    "TOTAL_FORMS": "0",
                    "INITIAL_FORMS": "0",
                    "MIN_NUM_FORMS": "0",
                    "MAX_NUM_FORMS": "1000",
                },
            }
        )

    def test_can_create_a_campaign_under_home(self):
        self.assertCanCreate(
            home_page(), CampaignPage, self.campaign_data("2022-01-31", "2022-02-04")
        )
        campaign = CampaignPage.objects.get(slug="semaine-2022")
        self.assertEqual(campaign.end_date, dt.date(2022, 2, 4))

    def test_end_before_start_is_refused_once_in_french(self):
        url = reverse(
            "wagtailadmin_pages:add", args=("campaign", "campaignpage", home_page().pk)
        )
        response = self.client.post(url, self.campaign_data("2022-02-04", "2022-01-31"))
        self.assertEqual(response.status_code, 200)
        message = "Le dernier jour doit être le premier jour ou après lui."
        self.assertEqual(response.context["form"].errors["end_date"], [message])
        self.assertEqual(response.content.decode().count(message), 1)
        self.assertFalse(CampaignPage.objects.filter(slug="semaine-2022").exists())

    def test_shrinking_campaign_around_a_day_is_refused_once(self):
        campaign = add_campaign(
            slug="semaine-2022", start=dt.date(2022, 1, 31), end=dt.date(2022, 2, 4)
        )
        add_day(campaign, dt.date(2022, 2, 4))
        data = self.campaign_data("2022-01-31", "2022-02-03")
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[campaign.pk]), data
        )
        self.assertEqual(response.status_code, 200)
        message = "La journée « Vendredi 4 février » (vendredi 4 février 2022) ne serait plus dans la campagne."
        self.assertEqual(response.context["form"].non_field_errors(), [message])
        self.assertEqual(response.content.decode().count(message), 1)
        self.assertEqual(
            CampaignPage.objects.get(pk=campaign.pk).end_date, dt.date(2022, 2, 4)
        )


class TestEstablishmentChooser(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.favard = add_establishment("Lycée Jean Favard", "Guéret", "23")

    def setUp(self):
        self.login()

    def test_chooser_modal_offers_a_creation_form(self):
        response = self.client.get(reverse(f"{CHOOSER}:choose"))
        self.assertEqual(response.status_code, 200)
        html = json.loads(response.content)["html"]
        self.assertIn("Lycée Jean Favard", html)
        self.assertIn("Nouvel établissement", html)
        self.assertIn(reverse(f"{CHOOSER}:create"), html)
        for field in ("name", "kind", "town", "department"):
            with self.subTest(field=field):
                self.assertIn(f'name="{field}"', html)

    def test_creation_form_creates_and_chooses_the_establishment(self):
        response = self.client.post(
            reverse(f"{CHOOSER}:create"),
            {
                "name": "LP André Campa",
                "kind": "",
                "town": "Jurançon",
                "department": "64",
            },
        )
        self.assertEqual(response.status_code, 200)
        payload = json.loads(response.content)
        self.assertEqual(payload["step"], "chosen")
        created = Establishment.objects.get(name="LP André Campa")
        self.assertEqual(str(payload["result"]["id"]), str(created.pk))
        self.assertEqual(created.kind, "lp")
        self.assertEqual(created.academie, "bordeaux")

    def test_creation_form_refuses_a_duplicate(self):
        count = Establishment.objects.count()
        response = self.client.post(
            reverse(f"{CHOOSER}:create"),
            {
                "name": "LYCEE JEAN FAVARD",
                "kind": "",
                "town": "gueret",
                "department": "23",
            },
        )
        payload = json.loads(response.content)
        self.assertEqual(payload["step"], "reshow_creation_form")
        self.assertIn(
            "Cet établissement existe déjà : Lycée Jean Favard (Guéret – 23).",
            payload["htmlFragment"],
        )
        self.assertEqual(Establishment.objects.count(), count)

    def test_creation_form_refuses_a_department_not_of_france(self):
        # Any French département is taken (establishments are shared by the
        # campaigns of every région académique; a day keeps those of its
        # campaign's: test_regions).
        response = self.client.post(
            reverse(f"{CHOOSER}:create"),
            {
                "name": "Lycée Montaigne",
                "kind": "",
                "town": "Nulle-Part",
                "department": "99",
            },
        )
        payload = json.loads(response.content)
        self.assertEqual(payload["step"], "reshow_creation_form")
        self.assertIn('name="department"', payload["htmlFragment"])
        self.assertFalse(Establishment.objects.filter(town="Nulle-Part").exists())


class TestExplorer(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign()
        for day in (3, 1, 5, 2):
            add_day(cls.campaign, dt.date(2021, 2, day))

    def setUp(self):
        self.login()

    def test_lists_days_in_date_order(self):
        response = self.client.get(
            reverse("wagtailadmin_explore", args=[self.campaign.pk])
        )
        self.assertEqual(response.status_code, 200)
        text = visible_text(response.content.decode())
        titles = [
            "Lundi 1er février",
            "Mardi 2 février",
            "Mercredi 3 février",
            "Vendredi 5 février",
        ]
        positions = [text.index(title) for title in titles]
        self.assertEqual(positions, sorted(positions))
