"""The editorial path of a day, through the admin: a communicant writes and
submits it, an éditeur approves it (it stays offline) and schedules the week;
the campaign editor and the dashboard show where each day stands."""

import datetime as dt
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from wagtail.models import PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)
from wagtail.users.models import UserProfile

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
from tests.html_reading import visible_text

PARIS = ZoneInfo("Europe/Paris")
MONDAY = dt.date(2021, 2, 1)
TUESDAY = dt.date(2021, 2, 2)
WEDNESDAY = dt.date(2021, 2, 3)
THURSDAY = dt.date(2021, 2, 4)
FRIDAY = dt.date(2021, 2, 5)


def admin_date(date):
    """A date as the admin's date field writes it (WAGTAIL_DATE_FORMAT; the
    persev site's is 01/02/2021, Wagtail's default 2021-02-01)."""
    return date.strftime(getattr(settings, "WAGTAIL_DATE_FORMAT", "%Y-%m-%d"))


# The Friday before the week: every day of it is still to come.
BEFORE_THE_WEEK = dt.datetime(2021, 1, 29, 10, 0, tzinfo=PARIS)


def paris(date, hour=8, minute=0):
    return dt.datetime.combine(date, dt.time(hour, minute), tzinfo=PARIS)


def submit(day, user):
    """Submit the day's latest revision to its workflow, as "Soumettre" does."""
    day = CampaignDayPage.objects.get(pk=day.pk)
    day.get_workflow().start(day, user)
    return day


def approve(day, user):
    """Approve the day's current task, as the éditeur's "Approuver" does."""
    day = CampaignDayPage.objects.get(pk=day.pk)
    task_state = day.current_workflow_task_state
    task_state.task.specific.on_action(task_state, user, "approve")
    return CampaignDayPage.objects.get(pk=day.pk)


def approved_day(campaign, date, author, editeur, **fields):
    day = add_day(campaign, date, live=False, **fields)
    submit(day, author)
    return approve(day, editeur)


def state_of(campaign, date):
    (status,) = [s for s in timeline.timeline(campaign) if s.date == date]
    return status


class EditorialFixtures(ApprovedDaysWait):
    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign()
        cls.communicant = make_user("camille", COMMUNICANTS)
        cls.editeur = make_user("eddie", EDITEURS)

    def fresh(self, page):
        return page.__class__.objects.get(pk=page.pk)


@time_machine.travel(BEFORE_THE_WEEK)
class TestEditorialPath(EditorialFixtures, TestCase):
    def test_write_submit_approve_schedule(self):
        # A communicant writes Wednesday in the admin and submits it.
        self.client.force_login(self.communicant)
        add_url = reverse(
            "wagtailadmin_pages:add",
            args=["campaign", "campaigndaypage", self.campaign.pk],
        )
        response = self.client.post(
            add_url,
            nested_form_data(
                {
                    "date": WEDNESDAY.isoformat(),
                    "title": "",
                    "slug": "",
                    "body": streamfield(
                        [
                            (
                                "zoom",
                                {
                                    "title": "Les internats d’excellence",
                                    "body": rich_text("<p>Texte.</p>"),
                                },
                            )
                        ]
                    ),
                    "comments": inline_formset([]),
                    "action-submit": "1",
                }
            ),
        )
        day = CampaignDayPage.objects.get(date=WEDNESDAY)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(day.workflow_in_progress)
        self.assertEqual(
            state_of(self.campaign, WEDNESDAY).state, timeline.IN_MODERATION
        )
        self.assertEqual(str(state_of(self.campaign, WEDNESDAY).label), "en relecture")

        # An éditeur approves it: it is approved, and still offline.
        self.client.force_login(self.editeur)
        task_state = day.current_workflow_task_state
        response = self.client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[day.pk, "approve", task_state.pk],
            ),
            {"comment": ""},
        )
        self.assertEqual(response.status_code, 302)
        day = self.fresh(day)
        self.assertFalse(day.live)
        self.assertFalse(day.approved_schedule)
        self.assertIsNone(day.first_published_at)
        self.assertEqual(
            day.workflow_states.get().status, WorkflowState.STATUS_APPROVED
        )
        status = state_of(self.campaign, WEDNESDAY)
        self.assertEqual(status.state, timeline.APPROVED)
        self.assertEqual(status.approved_revision.pk, day.latest_revision_id)
        self.assertEqual(str(status.label), "approuvée")

        # "Programmer la semaine": the confirmation lists the day with its time…
        url = reverse("campaign_admin:schedule_week", args=[self.campaign.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        text = visible_text(response.content.decode())
        self.assertIn(
            "Mercredi 3 février : mise en ligne le mercredi 3 février 2021 à 08:00",
            text,
        )
        self.assertIn("à 08:00 (heure de Paris)", text)

        # … and confirming schedules it at 08:00 in Paris on its date.
        response = self.client.post(url)
        self.assertRedirects(
            response, reverse("wagtailadmin_pages:edit", args=[self.campaign.pk])
        )
        day = self.fresh(day)
        self.assertEqual(day.go_live_at, paris(WEDNESDAY))
        self.assertEqual(day.go_live_at, dt.datetime(2021, 2, 3, 7, 0, tzinfo=dt.UTC))
        self.assertEqual(day.scheduled_revision.approved_go_live_at, paris(WEDNESDAY))
        self.assertTrue(day.approved_schedule)
        self.assertFalse(day.live)
        status = state_of(self.campaign, WEDNESDAY)
        self.assertEqual(status.state, timeline.SCHEDULED)
        self.assertFalse(status.late)
        self.assertEqual(
            status.description, "programmée le mercredi 3 février 2021 à 08:00"
        )
        self.assertTrue(
            PageLogEntry.objects.filter(
                page=day, action="wagtail.publish.schedule"
            ).exists()
        )
        self.assertFalse(
            PageLogEntry.objects.filter(page=day, action="wagtail.publish").exists()
        )
        messages = [str(m) for m in response.wsgi_request._messages]
        self.assertEqual(
            messages,
            [
                "« Mercredi 3 février » est programmée le mercredi 3 février 2021 à 08:00."
            ],
        )

    def test_approve_from_the_editor_after_changing_the_day(self):
        """The éditeur's "Approuver" in the day's editor saves their changes
        first: the day is approved as they leave it, and scheduled."""
        day = add_day(self.campaign, WEDNESDAY, live=False)
        submit(day, self.communicant)
        self.client.force_login(self.editeur)
        edit_url = reverse("wagtailadmin_pages:edit", args=[day.pk])

        # Not published at approval: the buttons say so.
        text = visible_text(self.client.get(edit_url).content.decode())
        self.assertIn("Approuver", text)
        self.assertNotIn("et publier", text.lower())

        response = self.client.post(
            edit_url,
            day_form_data(
                day,
                title="Mercredi, relu",
                **{"action-workflow-action": "1", "workflow-action-name": "approve"},
            ),
        )
        self.assertEqual(response.status_code, 302)
        day = self.fresh(day)
        self.assertFalse(day.live)
        status = state_of(self.campaign, WEDNESDAY)
        self.assertEqual(status.state, timeline.APPROVED)
        self.assertEqual(status.approved_revision.pk, day.latest_revision_id)
        self.assertEqual(
            [s.day.pk for s, _go_live_at in timeline.schedule_plan(self.campaign)],
            [day.pk],
        )
        timeline.schedule_week(self.campaign, self.editeur)
        day = self.fresh(day)
        self.assertTrue(day.approved_schedule)
        self.assertEqual(day.scheduled_revision.as_object().title, "Mercredi, relu")

    def test_the_editor_says_what_the_review_did(self):
        """« Approuver » and « Demander des modifications » in the day's
        editor answer with what they did, not Wagtail's « La page … a été mise
        à jour » of a plain save."""
        wednesday = add_day(self.campaign, WEDNESDAY, live=False)
        thursday = add_day(self.campaign, THURSDAY, live=False)
        submit(wednesday, self.communicant)
        submit(thursday, self.communicant)
        self.client.force_login(self.editeur)

        def review(day, action, **extra):
            response = self.client.post(
                reverse("wagtailadmin_pages:edit", args=[day.pk]),
                day_form_data(
                    self.fresh(day),
                    **{
                        "action-workflow-action": "1",
                        "workflow-action-name": action,
                        **extra,
                    },
                ),
                follow=True,
            )
            return [visible_text(str(m)) for m in response.context["messages"]]

        (said,) = review(
            thursday,
            "reject",
            **{"workflow-action-extra-data": '{"comment": "Le lien est cassé."}'},
        )
        self.assertEqual(
            said,
            "Modifications demandées pour « Jeudi 4 février » : son auteur "
            "reçoit votre commentaire par e-mail.",
        )
        (said,) = review(wednesday, "approve")
        self.assertEqual(
            said,
            "La journée « Mercredi 3 février » est approuvée. Elle paraîtra à sa "
            "date une fois la semaine programmée (« Programmer la semaine »).",
        )

    def test_a_version_saved_by_someone_else_after_submission_is_not_approved(self):
        day = add_day(self.campaign, WEDNESDAY, live=False)
        submit(day, self.communicant)
        day = self.fresh(day)
        day.title = "Mercredi, modifié pendant la relecture"
        day.save_revision(user=self.communicant)
        approve(day, self.editeur)
        self.assertEqual(state_of(self.campaign, WEDNESDAY).state, timeline.DRAFT)
        self.assertEqual(timeline.schedule_plan(self.campaign), [])

    def test_approval_of_other_pages_still_publishes(self):
        """Only days wait for their date: an approved campaign goes live."""
        campaign = add_campaign(slug="autre-semaine", live=False)
        submit_campaign = campaign.get_workflow().start
        submit_campaign(campaign, self.communicant)
        task_state = campaign.current_workflow_task_state
        task_state.task.specific.on_action(task_state, self.editeur, "approve")
        campaign.refresh_from_db()
        self.assertTrue(campaign.live)

    def test_an_approved_correction_of_a_live_day_goes_live(self):
        """A live day's time has come: its approved correction is published
        at once, as Wagtail does, rather than left waiting for a schedule
        that "Programmer la semaine" never makes (it leaves live days alone)."""
        day = add_day(self.campaign, MONDAY)
        day = self.fresh(day)
        day.title = "Lundi, corrigé"
        day.save_revision(user=self.communicant)
        submit(day, self.communicant)
        day = approve(day, self.editeur)
        self.assertTrue(day.live)
        self.assertEqual(day.title, "Lundi, corrigé")
        self.assertFalse(day.has_unpublished_changes)
        self.assertEqual(state_of(self.campaign, MONDAY).state, timeline.LIVE)

    def test_edit_after_approval_needs_a_new_review(self):
        day = approved_day(self.campaign, WEDNESDAY, self.communicant, self.editeur)
        day.title = "Mercredi, revu"
        day.save_revision(user=self.communicant)
        self.assertEqual(state_of(self.campaign, WEDNESDAY).state, timeline.DRAFT)
        self.assertEqual(timeline.schedule_plan(self.campaign), [])
        timeline.schedule_week(self.campaign, self.editeur)
        self.assertFalse(self.fresh(day).approved_schedule)


class WeekFixtures(EditorialFixtures):
    """Monday live, Tuesday approved, Wednesday a draft, Thursday in
    moderation, Friday approved."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.monday = add_day(cls.campaign, MONDAY)  # live already
        cls.tuesday = approved_day(cls.campaign, TUESDAY, cls.communicant, cls.editeur)
        cls.wednesday = add_day(cls.campaign, WEDNESDAY, live=False)  # a draft
        cls.thursday = submit(
            add_day(cls.campaign, THURSDAY, live=False), cls.communicant
        )  # in moderation
        cls.friday = approved_day(cls.campaign, FRIDAY, cls.communicant, cls.editeur)


@time_machine.travel(BEFORE_THE_WEEK)
class TestScheduleWeek(WeekFixtures, TestCase):
    """What "Programmer la semaine" schedules, and what it leaves alone."""

    def test_timeline_states(self):
        states = [(s.date, s.state) for s in timeline.timeline(self.campaign)]
        self.assertEqual(
            states,
            [
                (MONDAY, timeline.LIVE),
                (TUESDAY, timeline.APPROVED),
                (WEDNESDAY, timeline.DRAFT),
                (THURSDAY, timeline.IN_MODERATION),
                (FRIDAY, timeline.APPROVED),
            ],
        )

    def test_plan_lists_approved_days_with_their_time(self):
        plan = [(s.date, go) for s, go in timeline.schedule_plan(self.campaign)]
        self.assertEqual(plan, [(TUESDAY, paris(TUESDAY)), (FRIDAY, paris(FRIDAY))])

    def test_schedules_approved_days_only(self):
        revisions = {
            day.pk: self.fresh(day).latest_revision_id
            for day in (self.monday, self.wednesday, self.thursday)
        }
        done = timeline.schedule_week(self.campaign, self.editeur)
        self.assertEqual(
            [(day.date, go, live) for day, go, live in done],
            [(TUESDAY, paris(TUESDAY), False), (FRIDAY, paris(FRIDAY), False)],
        )
        for day, date in ((self.tuesday, TUESDAY), (self.friday, FRIDAY)):
            with self.subTest(date=date):
                day = self.fresh(day)
                self.assertFalse(day.live)
                self.assertEqual(day.go_live_at, paris(date))
                self.assertEqual(
                    state_of(self.campaign, date).state, timeline.SCHEDULED
                )
        # Live days, drafts and days in moderation are left alone.
        for day in (self.monday, self.wednesday, self.thursday):
            with self.subTest(day=day.title):
                fresh = self.fresh(day)
                self.assertEqual(fresh.latest_revision_id, revisions[day.pk])
                self.assertIsNone(fresh.go_live_at)
                self.assertFalse(fresh.approved_schedule)
        self.assertTrue(self.fresh(self.monday).live)
        self.assertFalse(self.fresh(self.wednesday).live)
        self.assertTrue(self.fresh(self.thursday).workflow_in_progress)

    def test_confirmation_page_lists_plan_and_days_left_alone(self):
        self.client.force_login(self.editeur)
        response = self.client.get(
            reverse("campaign_admin:schedule_week", args=[self.campaign.pk])
        )
        text = visible_text(response.content.decode())
        self.assertIn(
            "Mardi 2 février : mise en ligne le mardi 2 février 2021 à 08:00", text
        )
        self.assertIn(
            "Vendredi 5 février : mise en ligne le vendredi 5 février 2021 à 08:00",
            text,
        )
        self.assertIn("Journées laissées telles quelles", text)
        self.assertIn(
            "Lundi 1er février : en ligne depuis le vendredi 29 janvier 2021 à 10:00",
            text,
        )
        self.assertIn("Mercredi 3 février : brouillon", text)
        self.assertIn("Jeudi 4 février : en relecture", text)
        # Nothing was scheduled by looking.
        self.assertFalse(self.fresh(self.tuesday).approved_schedule)

    def test_second_run_schedules_nothing_more(self):
        timeline.schedule_week(self.campaign, self.editeur)
        self.assertEqual(timeline.schedule_week(self.campaign, self.editeur), [])

    def test_unpublished_campaign_is_published_with_its_days(self):
        campaign = add_campaign(slug="brouillon", live=False)
        day = approved_day(campaign, WEDNESDAY, self.communicant, self.editeur)
        self.client.force_login(self.editeur)
        page = self.client.get(
            reverse("campaign_admin:schedule_week", args=[campaign.pk])
        )
        self.assertIn(
            "La campagne « Semaine de test » n’est pas encore en ligne : confirmer "
            "la publie aussi.",
            visible_text(page.content.decode()),
        )
        timeline.schedule_week(campaign, self.editeur)
        self.assertTrue(self.fresh(campaign).live)
        self.assertTrue(self.fresh(day).approved_schedule)


class TestScheduleWeekAfterTheTime(EditorialFixtures, TestCase):
    """On Wednesday at noon, the days of Monday to Wednesday are already due."""

    def test_due_days_go_live_at_once(self):
        with time_machine.travel(BEFORE_THE_WEEK):
            monday = approved_day(self.campaign, MONDAY, self.communicant, self.editeur)
            wednesday = approved_day(
                self.campaign, WEDNESDAY, self.communicant, self.editeur
            )
            thursday = approved_day(
                self.campaign, THURSDAY, self.communicant, self.editeur
            )
        CampaignPage.objects.filter(pk=self.campaign.pk).update(
            recipients="lettre@example.org\nacademie@example.org"
        )
        with time_machine.travel(paris(WEDNESDAY, 12)):
            self.client.force_login(self.editeur)
            # The confirmation says which days go live at once, and that
            # their letter goes out with them.
            page = self.client.get(
                reverse("campaign_admin:schedule_week", args=[self.campaign.pk])
            )
            text = visible_text(page.content.decode())
            self.assertIn(
                "L’heure de certaines journées est déjà passée : elles seront en "
                "ligne dès la confirmation, et leur lettre partira aussitôt à 2 "
                "destinataires.",
                text,
            )
            self.assertIn(
                "Lundi 1er février : en ligne dès la confirmation (son heure, le "
                "lundi 1er février 2021 à 08:00, est passée)",
                text,
            )
            self.assertIn(
                "Jeudi 4 février : mise en ligne le jeudi 4 février 2021 à 08:00", text
            )
            self.assertNotIn("n’est pas encore en ligne", text)
            response = self.client.post(
                reverse("campaign_admin:schedule_week", args=[self.campaign.pk])
            )
            messages = [str(m) for m in response.wsgi_request._messages]
            self.assertEqual(
                messages,
                [
                    "« Lundi 1er février » est en ligne (son heure était passée).",
                    "« Mercredi 3 février » est en ligne (son heure était passée).",
                    "« Jeudi 4 février » est programmée le jeudi 4 février 2021 à 08:00.",
                ],
            )
            for day in (monday, wednesday):
                with self.subTest(day=day.title):
                    day = self.fresh(day)
                    self.assertTrue(day.live)
                    self.assertFalse(day.approved_schedule)
                    self.assertEqual(self.client.get(day.url).status_code, 200)
            thursday = self.fresh(thursday)
            self.assertFalse(thursday.live)
            self.assertEqual(thursday.go_live_at, paris(THURSDAY))


@time_machine.travel(BEFORE_THE_WEEK)
class TestCampaignAdminPanels(WeekFixtures, TestCase):
    """The timeline at the top of the campaign editor, and the dashboard panel."""

    def setUp(self):
        # Tuesday is scheduled by hand; Friday stays approved.
        tuesday = self.fresh(self.tuesday).latest_revision.as_object()
        tuesday.go_live_at = paris(TUESDAY)
        tuesday.save_revision(user=self.editeur).publish(user=self.editeur)

    def get(self, user, url):
        self.client.force_login(user)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response, visible_text(response.content.decode())

    def editor(self, user):
        return self.get(
            user, reverse("wagtailadmin_pages:edit", args=[self.campaign.pk])
        )

    def test_timeline_shows_each_day_in_french_in_paris_time(self):
        response, text = self.editor(self.editeur)
        self.assertIn("Publication de la semaine", text)
        panel = text[text.index("Calendrier de publication des journées") :]
        expected = [
            "lundi 1er février 2021\nLundi 1er février\nen ligne\n"
            "en ligne depuis le vendredi 29 janvier 2021 à 10:00\nModifier · Voir en ligne",
            "mardi 2 février 2021\nMardi 2 février\nprogrammée\n"
            "programmée le mardi 2 février 2021 à 08:00\nModifier",
            "mercredi 3 février 2021\nMercredi 3 février\nbrouillon\nModifier",
            "jeudi 4 février 2021\nJeudi 4 février\nen relecture\nModifier",
            "vendredi 5 février 2021\nVendredi 5 février\napprouvée\nModifier",
        ]
        position = 0
        for row in expected:
            with self.subTest(row=row.split("\n")[0]):
                self.assertIn(row, panel)
                self.assertGreater(panel.index(row), position)
                position = panel.index(row)
        for day in (
            self.monday,
            self.tuesday,
            self.wednesday,
            self.thursday,
            self.friday,
        ):
            self.assertContains(
                response, reverse("wagtailadmin_pages:edit", args=[day.pk])
            )
        self.assertContains(response, f'href="{self.monday.url}"')
        self.assertIn("Le programmateur n’a encore jamais tourné", text)

    def test_times_are_paris_times_whatever_the_users_time_zone(self):
        # Wagtail shows the admin in each user's own time zone (account
        # settings); the publication times are those of Paris, and say so.
        profile = UserProfile.get_for_user(self.editeur)
        profile.current_time_zone = "America/Cayenne"  # UTC-3
        profile.save()
        response, text = self.editor(self.editeur)
        self.assertIn("programmée le mardi 2 février 2021 à 08:00", text)
        self.assertIn("en ligne depuis le vendredi 29 janvier 2021 à 10:00", text)
        response, text = self.get(
            self.editeur,
            reverse("campaign_admin:schedule_week", args=[self.campaign.pk]),
        )
        self.assertIn(
            "Vendredi 5 février : mise en ligne le vendredi 5 février 2021 à 08:00",
            text,
        )
        response, text = self.get(self.editeur, reverse("wagtailadmin_home"))
        self.assertIn("programmée le mardi 2 février 2021 à 08:00", text)

    def test_editeurs_get_the_schedule_link(self):
        response, text = self.editor(self.editeur)
        self.assertIn("Programmer la semaine…", text)
        self.assertContains(
            response, reverse("campaign_admin:schedule_week", args=[self.campaign.pk])
        )

    def test_communicants_do_not(self):
        response, text = self.editor(self.communicant)
        self.assertIn("Calendrier de publication des journées", text)
        self.assertNotIn("Programmer la semaine", text)
        self.assertNotContains(
            response, reverse("campaign_admin:schedule_week", args=[self.campaign.pk])
        )

    def test_days_still_to_write(self):
        campaign = add_campaign(slug="vide", title="Semaine vide")
        response, text = self.get(
            self.communicant, reverse("wagtailadmin_pages:edit", args=[campaign.pk])
        )
        self.assertIn(
            "lundi 1er février 2021\n—\npas encore écrite\nÉcrire cette journée", text
        )
        # Each link carries its day's date, as the admin's date field writes it.
        add_url = reverse(
            "wagtailadmin_pages:add", args=["campaign", "campaigndaypage", campaign.pk]
        )
        for date in (MONDAY, FRIDAY):
            query = urlencode({"date": admin_date(date)})
            self.assertContains(response, f'href="{add_url}?{query}"')
        # Five links of the same name: each says its date to screen readers.
        self.assertContains(
            response,
            'Écrire cette journée<span class="w-sr-only"> : vendredi 5 février 2021'
            "</span>",
        )

    def test_dashboard_panel(self):
        response, text = self.get(self.communicant, reverse("wagtailadmin_home"))
        self.assertIn("Publication des journées — Semaine de test", text)
        self.assertIn("Le programmateur n’a encore jamais tourné.", text)
        self.assertIn(
            "Mardi 2 février\nprogrammée le mardi 2 février 2021 à 08:00", text
        )
        self.assertIn("Vendredi 5 février\napprouvée", text)
        self.assertNotIn("en retard", text)
        self.assertContains(
            response, reverse("wagtailadmin_pages:edit", args=[self.tuesday.pk])
        )
