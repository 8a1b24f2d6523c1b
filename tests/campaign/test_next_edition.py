"""Admin: "Créer l'édition suivante" copies a campaign and its days as
drafts, every date shifted, in one transaction; éditeurs only."""

import datetime as dt
from unittest import mock

from django.test import TestCase
from django.urls import reverse
from wagtail.models import Page

from campaign.authoring import editions
from campaign.models import CampaignDayPage, CampaignPage
from campaign.reference.dates import day_title
from tests.builders import (
    COMMUNICANTS,
    EDITEURS,
    action,
    actions_block,
    add_campaign,
    add_day,
    add_establishment,
    make_user,
    zoom_block,
)

MONDAY = dt.date(2021, 2, 1)
TUESDAY = dt.date(2021, 2, 2)


class TestNextEdition(TestCase):
    @classmethod
    def setUpTestData(cls):
        school = add_establishment("Collège Jean Moulin", "Poitiers", "86")
        cls.campaign = add_campaign(
            slug="semaine-2021",
            title="Semaine de la Persévérance Scolaire 2021",
            intro="<p>Une semaine pour la persévérance.</p>",
        )
        cls.campaign.partners.create(name="Onisep")
        cls.campaign.save_revision().publish()
        cls.monday = add_day(
            cls.campaign,
            MONDAY,
            [
                zoom_block("Les clauses sociales", "<p>Texte.</p>"),
                actions_block(action("Action du lundi", [school])),
            ],
        )
        cls.tuesday = add_day(
            cls.campaign,
            TUESDAY,
            [zoom_block("FOQUALE", "<p>Texte.</p>")],
            title="Journée spéciale",
            live=False,
        )
        cls.editeur = make_user("editeur", EDITEURS)
        cls.communicant = make_user("communicant", COMMUNICANTS)
        cls.url = reverse("campaign_admin:next_edition", args=[cls.campaign.pk])

    def post(self, **data):
        payload = {
            "title": "Semaine de la Persévérance Scolaire 2022",
            "slug": "semaine-2022",
            "offset": "364",
            **data,
        }
        return self.client.post(self.url, payload)

    def test_form_suggests_next_year(self):
        self.client.force_login(self.editeur)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Semaine de la Persévérance Scolaire 2022")
        self.assertContains(response, 'value="364"')
        self.assertContains(response, "Créer l’édition en brouillon")

    def test_header_button_for_editeurs_only(self):
        edit_url = reverse("wagtailadmin_pages:edit", args=[self.campaign.pk])
        self.client.force_login(self.editeur)
        self.assertContains(self.client.get(edit_url), self.url)
        self.client.force_login(self.communicant)
        self.assertNotContains(self.client.get(edit_url), self.url)

    def test_copies_campaign_and_days_as_drafts_with_dates_shifted(self):
        self.client.force_login(self.editeur)
        response = self.post()
        new = CampaignPage.objects.get(slug="semaine-2022")
        self.assertRedirects(
            response,
            reverse("wagtailadmin_pages:edit", args=[new.pk]),
            fetch_redirect_response=False,
        )
        self.assertFalse(new.live)
        self.assertEqual(new.title, "Semaine de la Persévérance Scolaire 2022")
        self.assertEqual(new.start_date, dt.date(2022, 1, 31))
        self.assertEqual(new.end_date, dt.date(2022, 2, 4))
        self.assertEqual(new.start_date.weekday(), self.campaign.start_date.weekday())
        self.assertIn("persévérance", new.intro)
        self.assertEqual([p.name for p in new.partners.all()], ["Onisep"])
        self.assertEqual(new.get_parent().pk, self.campaign.get_parent().pk)

        days = list(CampaignDayPage.objects.child_of(new).order_by("date"))
        self.assertEqual(
            [d.date for d in days], [dt.date(2022, 1, 31), dt.date(2022, 2, 1)]
        )
        self.assertTrue(all(not d.live for d in days))
        self.assertTrue(all(d.go_live_at is None for d in days))
        self.assertEqual(days[0].title, day_title(dt.date(2022, 1, 31)))
        self.assertEqual(days[0].slug, "lundi-31-janvier")
        self.assertEqual(days[1].title, "Journée spéciale")
        self.assertEqual(days[0].zoom_title(), "Les clauses sociales")
        # The latest revision (what the editor opens) has the new dates too.
        self.assertEqual(
            days[0].get_latest_revision_as_object().date, dt.date(2022, 1, 31)
        )
        self.assertEqual(
            new.get_latest_revision_as_object().start_date, dt.date(2022, 1, 31)
        )
        # The original edition is untouched.
        self.monday.refresh_from_db()
        self.assertTrue(self.monday.live)
        self.assertEqual(self.monday.date, MONDAY)

    def test_a_date_written_in_a_days_title_follows_the_day(self):
        add_day(
            self.campaign,
            dt.date(2021, 2, 3),
            [zoom_block("Tutorat", "<p>Texte.</p>")],
            title="Mercredi 3 février : le tutorat",
        )
        add_day(
            self.campaign,
            dt.date(2021, 2, 4),
            [zoom_block("Stages", "<p>Texte.</p>")],
            title="Les stages du jeudi 4 février",
        )
        add_day(
            self.campaign,
            dt.date(2021, 2, 5),
            [zoom_block("Bilan", "<p>Texte.</p>")],
            title="Vendredi 5 février 2021 : le bilan",
        )
        self.client.force_login(self.editeur)
        self.post()
        new = CampaignPage.objects.get(slug="semaine-2022")
        days = {d.date: d for d in CampaignDayPage.objects.child_of(new)}
        wednesday = days[dt.date(2022, 2, 2)]
        self.assertEqual(wednesday.title, "Mercredi 2 février : le tutorat")
        self.assertEqual(wednesday.slug, "mercredi-2-fevrier-le-tutorat")
        self.assertEqual(
            wednesday.get_latest_revision_as_object().title,
            "Mercredi 2 février : le tutorat",
        )
        self.assertEqual(
            days[dt.date(2022, 2, 3)].title, "Les stages du jeudi 3 février"
        )
        self.assertEqual(days[dt.date(2022, 2, 1)].title, "Journée spéciale")
        self.assertEqual(
            days[dt.date(2022, 2, 4)].title, "Vendredi 4 février 2022 : le bilan"
        )

    def test_texts_still_naming_the_old_year_are_pointed_out(self):
        CampaignPage.objects.filter(pk=self.campaign.pk).update(
            closing="<p>Du 1er au 5 février 2021, retrouvez chaque jour…</p>",
            credits="<p>Onisep Nouvelle-Aquitaine, 2021.</p>",
        )
        self.client.force_login(self.editeur)
        response = self.post()
        messages = [str(m) for m in response.wsgi_request._messages]
        self.assertEqual(
            messages[1],
            "Relisez les textes repris de l’édition précédente : « phrase de "
            "clôture », « crédits » citent encore 2021.",
        )

    def test_no_warning_when_the_texts_name_no_year(self):
        # The year in the markup only (an id, a link's address) is not read.
        CampaignPage.objects.filter(pk=self.campaign.pk).update(
            closing='<p><a id="2021" href="https://example.org/2021/">Le site</a></p>'
        )
        self.client.force_login(self.editeur)
        response = self.post()
        self.assertEqual(len(list(response.wsgi_request._messages)), 1)

    def test_suggested_slug_keeps_the_slugs_pattern(self):
        campaign = CampaignPage(
            title="Semaine de la Persévérance Scolaire 2021",
            slug="semaine-perseverance-scolaire-2021",
            start_date=MONDAY,
        )
        self.assertEqual(
            editions.suggested_slug(campaign), "semaine-perseverance-scolaire-2022"
        )
        campaign.slug = "la-semaine"
        self.assertEqual(
            editions.suggested_slug(campaign),
            "semaine-de-la-perseverance-scolaire-2022",
        )

    def test_other_offset(self):
        self.client.force_login(self.editeur)
        self.post(offset="7", slug="semaine-plus-7")
        new = CampaignPage.objects.get(slug="semaine-plus-7")
        self.assertEqual(new.start_date, MONDAY + dt.timedelta(days=7))

    def test_slug_taken_is_refused_in_french(self):
        self.client.force_login(self.editeur)
        count = Page.objects.count()
        response = self.post(slug="semaine-2021")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Une autre page utilise déjà cette adresse.")
        self.assertEqual(Page.objects.count(), count)

    def test_one_transaction_nothing_written_on_failure(self):
        count = Page.objects.count()
        with mock.patch.object(editions, "shift_day", side_effect=RuntimeError("boom")):
            with self.assertRaises(RuntimeError):
                editions.create_next_edition(
                    self.campaign,
                    title="X",
                    slug="semaine-x",
                    offset_days=364,
                    user=self.editeur,
                )
        self.assertEqual(Page.objects.count(), count)
        self.assertFalse(Page.objects.filter(slug="semaine-x").exists())

    def test_refused_for_communicants(self):
        self.client.force_login(self.communicant)
        count = Page.objects.count()
        for response in (self.client.get(self.url), self.post()):
            self.assertIn(response.status_code, (302, 403))
        self.assertEqual(Page.objects.count(), count)
