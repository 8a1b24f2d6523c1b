"""The campaign's page types in Wagtail's page views: nothing is created
before the first explicit save (no autosave on the creation forms, autosave
kept on edits), and a campaign's page list and a day's editor say where
each day stands (« approuvée » for a day approved and waiting for its date).
"""

import re

import time_machine
from django.test import TestCase
from django.urls import reverse
from django.utils.translation import gettext
from wagtail.models import Page

from campaign.models import CampaignDayPage, CampaignPage
from campaign.publishing import timeline
from tests.builders import (
    COMMUNICANTS,
    EDITEURS,
    ApprovedDaysWait,
    add_campaign,
    add_day,
    make_user,
)
from tests.campaign.test_permissions import day_form_data
from tests.campaign.test_workflow import (
    BEFORE_THE_WEEK,
    FRIDAY,
    MONDAY,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    admin_date,
    approved_day,
    submit,
)
from tests.html_reading import texts_of, visible_text


def autosave_on(html):
    """Whether Wagtail's autosave is on the page's form, or its indicator
    ("Enregistré") in the header."""
    form_controller = re.search(r'<form[^>]*data-controller="([^"]*)"', html)
    return "w-autosave" in form_controller.group(1) or "w-autosave-indicator" in html


class TestNoAutosaveBeforeTheFirstSave(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign()
        cls.communicant = make_user("camille", COMMUNICANTS)

    def setUp(self):
        self.client.force_login(self.communicant)
        self.add_url = reverse(
            "wagtailadmin_pages:add",
            args=["campaign", "campaigndaypage", self.campaign.pk],
        )

    def test_the_creation_form_of_a_day_has_no_autosave(self):
        response = self.client.get(self.add_url)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(autosave_on(response.content.decode()))
        # The warning before leaving a form with unsaved changes stays.
        self.assertContains(response, "w-unsaved")

    def test_the_date_picker_opens_on_the_campaigns_first_day(self):
        # Written the field's way (WAGTAIL_DATE_FORMAT); nothing in the field.
        response = self.client.get(self.add_url)
        self.assertContains(response, f'"defaultDate": "{admin_date(MONDAY)}"')
        self.assertNotContains(response, 'name="date" value=')

    def test_the_creation_form_of_a_campaign_has_no_autosave(self):
        editeur = make_user("eddie", EDITEURS)
        self.client.force_login(editeur)
        home = self.campaign.get_parent()
        url = reverse(
            "wagtailadmin_pages:add", args=["campaign", "campaignpage", home.pk]
        )
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(autosave_on(response.content.decode()))

    def test_editing_an_existing_day_keeps_autosave(self):
        day = add_day(self.campaign, MONDAY, live=False)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[day.pk]))
        self.assertTrue(autosave_on(response.content.decode()))

    def test_a_background_save_of_the_creation_form_creates_nothing(self):
        pages = Page.objects.count()
        response = self.client.post(
            self.add_url,
            day_form_data(),
            HTTP_ACCEPT="application/json",
        )
        self.assertEqual(response.status_code, 400)
        answer = response.json()
        self.assertEqual(answer["success"], False)
        self.assertEqual(answer["error_code"], "autosave_disabled")
        self.assertIn("Enregistrer le brouillon", answer["error_message"])
        self.assertEqual(Page.objects.count(), pages)
        self.assertFalse(CampaignDayPage.objects.filter(date=THURSDAY).exists())

    def test_saving_the_creation_form_creates_the_day(self):
        response = self.client.post(self.add_url, day_form_data())
        day = CampaignDayPage.objects.get(date=THURSDAY)
        self.assertRedirects(
            response, reverse("wagtailadmin_pages:edit", args=[day.pk])
        )
        self.assertFalse(day.live)


@time_machine.travel(BEFORE_THE_WEEK)
class TestDayStatesInThePageList(ApprovedDaysWait, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign()
        cls.communicant = make_user("camille", COMMUNICANTS)
        cls.editeur = make_user("eddie", EDITEURS)
        add_day(cls.campaign, MONDAY, title="Le lundi en ligne")
        add_day(cls.campaign, TUESDAY, title="Le mardi en brouillon", live=False)
        submit(
            add_day(cls.campaign, WEDNESDAY, title="Le mercredi relu", live=False),
            cls.communicant,
        )
        # Friday approved and scheduled ("Programmer la semaine"), then
        # Thursday approved, waiting for the next "Programmer la semaine".
        approved_day(
            cls.campaign, FRIDAY, cls.communicant, cls.editeur, title="Le vendredi"
        )
        timeline.schedule_week(cls.campaign, cls.editeur)
        approved_day(
            cls.campaign, THURSDAY, cls.communicant, cls.editeur, title="Le jeudi"
        )

    def page_list(self):
        self.client.force_login(self.editeur)
        response = self.client.get(
            reverse("wagtailadmin_explore", args=[self.campaign.pk])
        )
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_each_day_says_its_state(self):
        # Each row's status tag: its text after the hidden "Statut actuel".
        statuses = {}
        for row in re.findall(r"<tr.*?</tr>", self.page_list(), flags=re.S):
            tag = re.search(
                r'class="w-status.*?</span>\s*(.*?)\s*</(?:span|a)>', row, re.S
            )
            if tag:
                title = texts_of(row, "a")[0]
                statuses[title] = tag.group(1).casefold()
        self.assertEqual(
            statuses,
            {
                "Le lundi en ligne": "publiée",
                "Le mardi en brouillon": "brouillon",
                "Le mercredi relu": "en relecture",
                "Le jeudi": "approuvée",
                "Le vendredi": "programmée",
            },
        )

    def test_the_days_stay_in_date_order(self):
        text = visible_text(self.page_list())
        positions = [
            text.index(title)
            for title in (
                "Le lundi en ligne",
                "Le mardi en brouillon",
                "Le mercredi relu",
                "Le jeudi",
                "Le vendredi",
            )
        ]
        self.assertEqual(positions, sorted(positions))

    def test_a_campaign_is_listed_under_the_home_page_as_before(self):
        self.client.force_login(self.editeur)
        home = self.campaign.get_parent()
        response = self.client.get(reverse("wagtailadmin_explore", args=[home.pk]))
        self.assertContains(response, self.campaign.title)
        self.assertIsInstance(self.campaign, CampaignPage)


def header_states(html):
    """The status tags in the editor's header: each one's text after its
    hidden "Statut actuel"."""
    header = re.search(r'<header class="w-slim-header.*?</header>', html, re.S)
    return [
        state.casefold()
        for state in re.findall(
            r'class="w-status[^"]*".*?</span>\s*(.*?)\s*</(?:span|a)>',
            header.group(0),
            re.S,
        )
    ]


def panel_titles(html):
    """The titles of the status panel's sections (« Brouillon »...)."""
    return re.findall(
        r'<h3 id="status-sidebar-[^"]*"[^>]*>\s*<span class="w-sr-only">[^<]*'
        r"</span>\s*(.*?)\s*</h3>",
        html,
        re.S,
    )


@time_machine.travel(BEFORE_THE_WEEK)
class TestDayStatesInTheDayEditor(ApprovedDaysWait, TestCase):
    """The editor's header and status panel say what the page list and the
    publication calendar say, from the same source (timeline.state_of)."""

    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign()
        cls.communicant = make_user("camille", COMMUNICANTS)
        cls.editeur = make_user("eddie", EDITEURS)
        cls.live = add_day(cls.campaign, MONDAY)
        cls.draft = add_day(cls.campaign, TUESDAY, live=False)
        cls.in_review = submit(
            add_day(cls.campaign, WEDNESDAY, live=False), cls.communicant
        )
        cls.scheduled = approved_day(cls.campaign, FRIDAY, cls.communicant, cls.editeur)
        timeline.schedule_week(cls.campaign, cls.editeur)
        cls.approved = approved_day(
            cls.campaign, THURSDAY, cls.communicant, cls.editeur
        )

    def editor(self, day):
        self.client.force_login(self.editeur)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[day.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def assert_says(self, day, state, panel_title):
        html = self.editor(day)
        self.assertEqual(header_states(html), [state])
        self.assertEqual(state, timeline.LABELS[timeline.state_of(day)])
        self.assertIn(panel_title, panel_titles(html))
        return html

    def test_a_draft_says_brouillon(self):
        self.assert_says(self.draft, "brouillon", "Brouillon")

    def test_a_day_in_review_says_en_relecture(self):
        # The panel's title is Wagtail's, in the host's wording of it
        # (persev: « En relecture »).
        self.assert_says(self.in_review, "en relecture", gettext("In Moderation"))

    def test_an_approved_day_says_approuvee_not_brouillon(self):
        html = self.assert_says(self.approved, "approuvée", "Approuvée")
        self.assertNotIn("Brouillon", panel_titles(html))
        # Its history stays one click away, from the panel's section too.
        section = re.search(r"<section[^>]*data-day-state.*?</section>", html, re.S)
        history = reverse("wagtailadmin_pages:history", args=[self.approved.pk])
        self.assertIn(f'href="{history}"', section.group(0))

    def test_a_scheduled_day_says_programmee_with_its_go_live(self):
        html = self.assert_says(self.scheduled, "programmée", "Programmée")
        self.assertNotIn("Brouillon", panel_titles(html))
        # Wagtail's box with the scheduled go-live stays under it.
        self.assertIn("calendar-check", html)
        self.assertIn("5 février 2021", visible_text(html))

    def test_a_live_day_keeps_wagtails_live_tag(self):
        html = self.editor(self.live)
        self.assertEqual(header_states(html), [])
        self.assertNotIn("data-day-state>", html)
        self.assertIn("page-status-tag", html)

    def test_an_autosave_refreshes_the_headers_state(self):
        # A communicant's background save of an approved day is a revision
        # nobody approved: the day is a draft again, and the header says so
        # without a reload (with the panel, which Wagtail refreshes).
        self.client.force_login(self.communicant)
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[self.approved.pk]),
            day_form_data(self.approved),
            HTTP_ACCEPT="application/json",
        )
        self.assertEqual(response.status_code, 200)
        partials = response.json()["html"]
        tag = re.search(
            r'<template[^>]*target-value="header \[data-day-state-tag\]".*?'
            r"</template>",
            partials,
            re.S,
        )
        self.assertEqual(
            header_states(f'<header class="w-slim-header">{tag.group(0)}</header>'),
            ["brouillon"],
        )
        day = CampaignDayPage.objects.get(pk=self.approved.pk)
        self.assertEqual(timeline.state_of(day), timeline.DRAFT)
        self.assertIn("Brouillon", panel_titles(partials))
        self.assertNotIn("Approuvée", panel_titles(partials))
