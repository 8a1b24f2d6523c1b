import datetime as dt

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, TestCase
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from campaign.models import (
    CampaignDayPage,
    CampaignPage,
    Establishment,
    EstablishmentKind,
    match_key,
)
from campaign.reference.dates import day_title
from tests.builders import add_campaign, add_day, add_establishment, home_page

MONDAY = dt.date(2021, 2, 1)
TUESDAY = dt.date(2021, 2, 2)


class TestPageTreeRules(WagtailPageTestCase):
    """The plugin's own tree rules; where a campaign may live is the host's
    choice (CAMPAIGN_PARENT_PAGE_TYPES, tests/site/test_campaign_tree.py)."""

    def test_campaign_holds_only_days(self):
        self.assertAllowedSubpageTypes(CampaignPage, {CampaignDayPage})

    def test_campaign_never_under_a_campaign(self):
        self.assertCanNotCreateAt(CampaignPage, CampaignPage)

    def test_day_only_under_campaign(self):
        self.assertAllowedParentPageTypes(CampaignDayPage, {CampaignPage})
        self.assertCanNotCreateAt(Page, CampaignDayPage)
        self.assertCanNotCreateAt(CampaignDayPage, CampaignDayPage)

    def test_day_has_no_children(self):
        self.assertAllowedSubpageTypes(CampaignDayPage, set())


class TestDayTitle(SimpleTestCase):
    def test_first_of_month_is_written_1er(self):
        self.assertEqual(day_title(MONDAY), "Lundi 1er février")

    def test_other_days_are_written_as_numbers(self):
        self.assertEqual(day_title(TUESDAY), "Mardi 2 février")
        self.assertEqual(day_title(dt.date(2021, 8, 15)), "Dimanche 15 août")


class TestCampaignDayPage(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign(start=MONDAY, end=dt.date(2021, 2, 5))
        cls.monday = add_day(cls.campaign, MONDAY)
        cls.tuesday = add_day(cls.campaign, TUESDAY)

    def test_empty_title_is_derived_from_date(self):
        self.assertEqual(self.monday.title, "Lundi 1er février")
        self.assertEqual(self.tuesday.title, "Mardi 2 février")

    def test_slug_follows_derived_title(self):
        self.assertEqual(self.monday.slug, "lundi-1er-fevrier")
        self.assertEqual(self.tuesday.url, "/semaine-test/mardi-2-fevrier/")

    def test_given_title_is_kept(self):
        day = add_day(
            self.campaign, dt.date(2021, 2, 3), title="Journée portes ouvertes"
        )
        self.assertEqual(day.title, "Journée portes ouvertes")
        self.assertEqual(day.slug, "journee-portes-ouvertes")

    def test_date_after_campaign_is_refused_in_french(self):
        with self.assertRaises(ValidationError) as caught:
            add_day(self.campaign, dt.date(2021, 2, 8))
        self.assertEqual(
            caught.exception.message_dict["date"],
            [
                "Le lundi 8 février 2021 est en dehors de la campagne, "
                "qui va du 1er février 2021 au 5 février 2021."
            ],
        )
        self.assertFalse(
            CampaignDayPage.objects.filter(date=dt.date(2021, 2, 8)).exists()
        )

    def test_moving_a_day_before_campaign_is_refused(self):
        day = CampaignDayPage.objects.get(pk=self.tuesday.pk)
        day.date = dt.date(2021, 1, 31)
        with self.assertRaises(ValidationError) as caught:
            day.full_clean()
        self.assertIn(
            "est en dehors de la campagne", caught.exception.message_dict["date"][0]
        )
        self.assertIn(
            "dimanche 31 janvier 2021", caught.exception.message_dict["date"][0]
        )

    def test_second_day_on_same_date_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            add_day(self.campaign, MONDAY, title="Un autre lundi")
        self.assertEqual(
            caught.exception.message_dict["date"],
            [
                "La campagne a déjà une journée le lundi 1er février 2021 : « Lundi 1er février »."
            ],
        )
        self.assertEqual(CampaignDayPage.objects.filter(date=MONDAY).count(), 1)

    def test_day_keeps_its_own_date_when_edited(self):
        day = CampaignDayPage.objects.get(pk=self.monday.pk)
        day.title = "Lundi de la persévérance"
        day.full_clean()  # its own date is not a duplicate

    def test_same_date_in_another_campaign_is_allowed(self):
        other = add_campaign(slug="autre-semaine", title="Autre semaine")
        day = add_day(other, MONDAY)
        self.assertEqual(day.get_parent().pk, other.pk)

    def test_campaign_is_its_parent(self):
        self.assertEqual(self.tuesday.campaign.pk, self.campaign.pk)
        self.assertIsInstance(self.tuesday.campaign, CampaignPage)

    def test_zoom_title_comes_from_first_zoom_block(self):
        day = add_day(
            self.campaign,
            dt.date(2021, 2, 4),
            [
                {"type": "text", "value": "<p>Avant</p>"},
                {
                    "type": "zoom",
                    "value": {"title": "Les clauses sociales", "body": "<p>x</p>"},
                },
                {"type": "zoom", "value": {"title": "Second zoom", "body": "<p>y</p>"}},
            ],
        )
        self.assertEqual(day.zoom_title(), "Les clauses sociales")
        self.assertEqual(self.monday.zoom_title(), "")


class TestCampaignPage(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign(start=MONDAY, end=dt.date(2021, 2, 5))
        add_day(cls.campaign, TUESDAY)

    def test_end_before_start_is_refused_in_french(self):
        campaign = CampaignPage(
            title="À l’envers",
            slug="a-l-envers",
            start_date=dt.date(2021, 2, 5),
            end_date=dt.date(2021, 2, 1),
        )
        with self.assertRaises(ValidationError) as caught:
            home_page().add_child(instance=campaign)
        self.assertEqual(
            caught.exception.message_dict["end_date"],
            ["Le dernier jour doit être le premier jour ou après lui."],
        )
        self.assertFalse(CampaignPage.objects.filter(slug="a-l-envers").exists())

    def test_one_day_campaign_is_allowed(self):
        campaign = add_campaign(
            slug="un-jour", title="Un jour", start=MONDAY, end=MONDAY
        )
        self.assertEqual(campaign.dates(), [MONDAY])

    def test_shrinking_range_around_existing_day_is_refused(self):
        campaign = CampaignPage.objects.get(pk=self.campaign.pk)
        campaign.start_date = dt.date(2021, 2, 3)
        with self.assertRaises(ValidationError) as caught:
            campaign.full_clean()
        self.assertIn(
            "La journée « Mardi 2 février » (mardi 2 février 2021) ne serait plus dans la campagne.",
            caught.exception.messages,
        )

    def test_dates_lists_every_day_of_the_week(self):
        self.assertEqual(
            self.campaign.dates(),
            [dt.date(2021, 2, day) for day in range(1, 6)],
        )

    def test_programme_pairs_each_date_with_its_live_day(self):
        programme = dict(self.campaign.programme())
        self.assertEqual(programme[TUESDAY].title, "Mardi 2 février")
        self.assertIsNone(programme[MONDAY])

    def test_day_goes_live_at_go_live_time_in_paris(self):
        self.assertEqual(
            self.campaign.day_go_live_at(TUESDAY).isoformat(),
            "2021-02-02T08:00:00+01:00",
        )
        # Summer time: still 08:00 in Paris.
        self.assertEqual(
            self.campaign.day_go_live_at(dt.date(2021, 6, 1)).isoformat(),
            "2021-06-01T08:00:00+02:00",
        )

    def test_page_scheduling_field_is_not_hidden(self):
        # Page.go_live_at is a field; the campaign must not shadow it.
        campaign = CampaignPage.objects.get(pk=self.campaign.pk)
        self.assertIsNone(campaign.go_live_at)
        self.assertTrue(callable(campaign.day_go_live_at))


class TestEstablishment(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.favard = add_establishment("Lycée Jean Favard", "Guéret", "23")

    def test_academie_is_derived_from_department(self):
        self.assertEqual(self.favard.academie, "limoges")
        self.assertEqual(self.favard.academie_label, "Limoges")
        self.assertEqual(Establishment(department="33").academie, "bordeaux")
        self.assertEqual(Establishment(department="86").academie, "poitiers")
        self.assertEqual(Establishment(department="64").academie, "bordeaux")

    def test_department_name_is_known(self):
        self.assertEqual(self.favard.department_name, "Creuse")

    def test_kind_is_guessed_from_name(self):
        expected = {
            "LP Francis Jammes": EstablishmentKind.LP,
            "Lycée professionnel Jean Caillaud": EstablishmentKind.LP,
            "Collège Henri Bretin": EstablishmentKind.COLLEGE,
            "Lycée Odilon Redon": EstablishmentKind.LYCEE,
            "CIO de Pau": EstablishmentKind.CIO,
            "Mission locale": EstablishmentKind.OTHER,
            # Folded as names are told apart: case, accents and hyphens aside.
            "ÉCOLE Jules Ferry": EstablishmentKind.ECOLE,
            "LP-Sillac": EstablishmentKind.LP,
            "LYCEE PROFESSIONNEL des Métiers": EstablishmentKind.LP,
        }
        for name, kind in expected.items():
            with self.subTest(name=name):
                establishment = add_establishment(name, "Pau", "64")
                self.assertEqual(establishment.kind, kind)

    def test_given_kind_is_kept(self):
        establishment = Establishment.objects.create(
            name="LP du bâtiment Sillac",
            town="Angoulême",
            department="16",
            kind=EstablishmentKind.LYCEE,
        )
        self.assertEqual(establishment.kind, EstablishmentKind.LYCEE)

    def test_match_key_ignores_case_accents_and_spacing(self):
        self.assertEqual(
            match_key("Lycée Jean Favard", "Guéret"),
            match_key("  LYCEE   jean favard ", "GUERET"),
        )
        self.assertEqual(
            match_key("Collège Bernard Palissy", "St Léonard-de-Noblat"),
            match_key("college bernard palissy", "St Leonard de Noblat"),
        )
        self.assertNotEqual(
            match_key("Lycée Jean Favard", "Guéret"),
            match_key("Lycée Jean Favard", "Aubusson"),
        )

    def test_match_key_reads_st_and_ste_as_saint_and_sainte(self):
        self.assertEqual(
            match_key("Collège Bernard Palissy", "St Léonard-de-Noblat"),
            match_key("college bernard palissy", "Saint-Léonard-de-Noblat"),
        )
        self.assertEqual(
            match_key("Lycée Ste-Marie", "Ste. Foy la Grande"),
            match_key("Lycée Sainte Marie", "Sainte-Foy-la-Grande"),
        )
        # Only whole words: "ST2S" and "Stella" stay as they are.
        self.assertEqual(
            match_key("Lycée ST2S Stella", "Aubusson"), "lycee st2s stella|aubusson"
        )

    def test_establishments_sort_ignoring_case_and_accents(self):
        for name in ("lycée Élie Vinet", "Lycée Zola", "LYCÉE ALBERT CAMUS"):
            Establishment.objects.create(name=name, town="Bordeaux", department="33")
        names = [e.name for e in Establishment.objects.filter(town="Bordeaux")]
        self.assertEqual(
            names, ["LYCÉE ALBERT CAMUS", "lycée Élie Vinet", "Lycée Zola"]
        )

    def test_a_shorter_name_sorts_before_a_longer_one_it_begins(self):
        for name in ("CIO de Guéret", "CIO", "Lycée Jean Favard", "Lycée Jean"):
            Establishment.objects.create(name=name, town="Aubusson", department="23")
        names = [e.name for e in Establishment.objects.filter(town="Aubusson")]
        self.assertEqual(
            names, ["CIO", "CIO de Guéret", "Lycée Jean", "Lycée Jean Favard"]
        )

    def test_match_key_is_stored_on_save(self):
        self.assertEqual(self.favard.match_key, "lycee jean favard|gueret")

    def test_duplicate_is_refused_in_french(self):
        duplicate = Establishment(
            name="LYCEE JEAN FAVARD", town="gueret", department="23"
        )
        with self.assertRaises(ValidationError) as caught:
            duplicate.full_clean()
        self.assertIn(
            "Cet établissement existe déjà : Lycée Jean Favard (Guéret – 23). "
            "Choisissez-le plutôt que de le recréer.",
            caught.exception.messages,
        )

    def test_same_name_in_another_town_is_a_different_establishment(self):
        other = Establishment(
            name="Lycée Jean Favard", town="Aubusson", department="23"
        )
        other.full_clean()
        other.save()
        self.assertEqual(
            Establishment.objects.filter(name="Lycée Jean Favard").count(), 2
        )

    def test_editing_an_establishment_is_not_a_duplicate_of_itself(self):
        establishment = Establishment.objects.get(pk=self.favard.pk)
        establishment.kind = EstablishmentKind.LYCEE
        establishment.full_clean()

    def test_any_department_of_france_is_taken(self):
        """Establishments are shared by the campaigns of every région
        académique: each day keeps those of its own (test_regions)."""
        for code, academie in (("75", "paris"), ("2A", "corse"), ("974", "la-reunion")):
            with self.subTest(code=code):
                establishment = Establishment(
                    name=f"Lycée {code}", town="Ville", department=code
                )
                establishment.full_clean()
                self.assertEqual(establishment.academie, academie)

    def test_department_not_of_france_is_refused(self):
        for code in ("20", "99", "987"):
            with self.subTest(code=code):
                outsider = Establishment(name="Lycée X", town="Y", department=code)
                with self.assertRaises(ValidationError) as caught:
                    outsider.full_clean()
                self.assertIn("department", caught.exception.message_dict)

    def test_str_names_town_and_department(self):
        self.assertEqual(str(self.favard), "Lycée Jean Favard (Guéret – 23)")
