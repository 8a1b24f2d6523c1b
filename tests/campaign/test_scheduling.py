"""Scheduled go-live and expiry, with the clock driven by time-machine.

A day approved and scheduled by "Programmer la semaine" stays invisible until
a scheduler pass (`run_pass`, what `run_scheduler` does every few seconds)
puts it live at its time, 08:00 in Paris, on both sides of a daylight-saving
change; its e-mail goes out at go-live, once; a day that missed its time is
shown as late in the admin.
"""

import datetime as dt
import os
import signal
from html.parser import HTMLParser
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, TransactionTestCase
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.signals import page_published
from wagtail.users.models import UserProfile

from campaign.models import DayEmailDelivery, SchedulerState
from campaign.publishing import timeline
from campaign.publishing.day_email import subject_of
from campaign.publishing.scheduler import (
    WAKE_MARGIN,
    last_run,
    next_due,
    run_pass,
    seconds_to_wait,
)
from tests.builders import (
    COMMUNICANTS,
    EDITEURS,
    ApprovedDaysWait,
    add_campaign,
    add_day,
    make_user,
    zoom_block,
)
from tests.campaign.test_workflow import approved_day, state_of
from tests.html_reading import hrefs, visible_text

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC
MONDAY = dt.date(2021, 2, 1)
TUESDAY = dt.date(2021, 2, 2)
WEDNESDAY = dt.date(2021, 2, 3)
THURSDAY = dt.date(2021, 2, 4)
WEDNESDAY_ZOOM = "Les cordées de la réussite"


def paris(date, hour=8, minute=0, second=0):
    return dt.datetime.combine(date, dt.time(hour, minute, second), tzinfo=PARIS)


def fresh(page):
    return page.__class__.objects.get(pk=page.pk)


class ScheduledWednesday(ApprovedDaysWait):
    """Tuesday 2 February 2021 at noon: Monday and Tuesday are live, Wednesday
    is approved and scheduled for the 3rd at 08:00 (Paris)."""

    recipients = ""

    @classmethod
    def setUpTestData(cls):
        cls.communicant = make_user("camille", COMMUNICANTS)
        cls.editeur = make_user("eddie", EDITEURS)
        with time_machine.travel(paris(TUESDAY, 12), tick=False):
            cls.campaign = add_campaign(recipients=cls.recipients)
            cls.monday = add_day(
                cls.campaign, MONDAY, [zoom_block("Les clauses sociales", "<p>a</p>")]
            )
            cls.tuesday = add_day(
                cls.campaign, TUESDAY, [zoom_block("Les réseaux FOQUALE", "<p>b</p>")]
            )
            cls.wednesday = approved_day(
                cls.campaign,
                WEDNESDAY,
                cls.communicant,
                cls.editeur,
                body=[zoom_block(WEDNESDAY_ZOOM, "<p>Le texte du mercredi.</p>")],
            )
            cls.done = timeline.schedule_week(cls.campaign, cls.editeur)

    def at(self, moment):
        """Travel to `moment` (frozen) for the rest of the test."""
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        self.addCleanup(traveller.stop)

    def read(self, url):
        response = self.client.get(url)
        return response, visible_text(response.content.decode())


class TestScheduledGoLive(ScheduledWednesday, TestCase):
    def test_scheduled_by_programmer_la_semaine(self):
        self.assertEqual(
            [(day.pk, go, live) for day, go, live in self.done],
            [(self.wednesday.pk, paris(WEDNESDAY), False)],
        )
        day = fresh(self.wednesday)
        self.assertEqual(day.go_live_at, dt.datetime(2021, 2, 3, 7, 0, tzinfo=UTC))
        self.assertFalse(day.live)
        self.assertEqual(state_of(self.campaign, WEDNESDAY).state, timeline.SCHEDULED)

    def test_invisible_before_its_time(self):
        self.at(paris(WEDNESDAY, 7, 59))
        day = fresh(self.wednesday)
        self.assertEqual(self.client.get(day.url).status_code, 404)

        response, text = self.read(self.campaign.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(day.url, hrefs(response.content.decode()))
        self.assertNotIn(WEDNESDAY_ZOOM, text)
        self.assertNotIn("Le texte du mercredi", text)
        # Only its date is announced (the wording is the campaign template's).
        self.assertRegex(text, r"À (venir|paraître) le (mercredi )?3 février")
        # The days already out are listed. (The persev site's home page:
        # tests/home/test_scheduled_days.py.)
        self.assertIn(fresh(self.tuesday).url, hrefs(response.content.decode()))

    def test_a_pass_before_its_time_leaves_it(self):
        self.at(paris(WEDNESDAY, 7, 59))
        self.assertEqual(run_pass(), "")
        day = fresh(self.wednesday)
        self.assertFalse(day.live)
        self.assertTrue(day.approved_schedule)
        self.assertEqual(self.client.get(day.url).status_code, 404)

    def test_the_first_pass_after_its_time_puts_it_live(self):
        self.at(paris(WEDNESDAY, 8, 0, 30))
        # Nothing goes live on its own: the scheduler has to pass.
        self.assertEqual(self.client.get(fresh(self.wednesday).url).status_code, 404)
        with self.assertLogs("campaign", "INFO") as logs:
            report = run_pass()
        day = fresh(self.wednesday)
        self.assertTrue(day.live)
        self.assertFalse(day.approved_schedule)
        self.assertEqual(day.first_published_at, paris(WEDNESDAY, 8, 0, 30))
        self.assertEqual(
            PageLogEntry.objects.filter(
                page=day, action="wagtail.publish.scheduled"
            ).count(),
            1,
        )
        expected = f"Mise en ligne : « Mercredi 3 février » (page {day.pk})"
        self.assertEqual(report, expected)
        self.assertIn(expected, "\n".join(logs.output))
        self.assertEqual(
            state_of(self.campaign, WEDNESDAY).description,
            "en ligne depuis le mercredi 3 février 2021 à 08:00",
        )

        response, text = self.read(day.url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(WEDNESDAY_ZOOM, text)

        response, text = self.read(self.campaign.url)
        self.assertIn(day.url, hrefs(response.content.decode()))
        self.assertIn(f"ZOOM du jour : {WEDNESDAY_ZOOM}", text)
        self.assertNotRegex(text, r"À (venir|paraître) le (mercredi )?3 février")

        # A second pass has nothing more to do.
        self.assertEqual(run_pass(), "")
        self.assertEqual(
            PageLogEntry.objects.filter(
                page=day, action="wagtail.publish.scheduled"
            ).count(),
            1,
        )

    def test_run_pass_stamps_the_scheduler_state(self):
        self.assertIsNone(last_run())
        self.assertEqual(timeline.scheduler_health(), (None, True))
        self.at(paris(WEDNESDAY, 8, 0, 30))
        run_pass()
        state = SchedulerState.objects.get(name="publication")
        self.assertEqual(state.last_run_at, paris(WEDNESDAY, 8, 0, 30))
        self.assertTrue(state.last_host)
        self.assertEqual(last_run(), paris(WEDNESDAY, 8, 0, 30))
        self.assertEqual(
            timeline.scheduler_health(), (paris(WEDNESDAY, 8, 0, 30), False)
        )
        self.assertEqual(
            timeline.scheduler_health(now=paris(WEDNESDAY, 8, 3)),
            (paris(WEDNESDAY, 8, 0, 30), True),
        )


class ErrorClasses(HTMLParser):
    """The visible elements Wagtail's tab error counter would count."""

    COUNTED = {"error-message", "help-critical"}

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        if classes & self.COUNTED and "hidden" not in attrs:
            self.found.append((tag, attrs.get("class")))


class TestLateDays(ScheduledWednesday, TestCase):
    """A scheduled time passed more than 2 minutes ago without go-live: late."""

    def panel_text(self):
        self.client.force_login(self.editeur)
        return self.read(reverse("wagtailadmin_pages:edit", args=[self.campaign.pk]))[1]

    def dashboard_text(self):
        self.client.force_login(self.editeur)
        return self.read(reverse("wagtailadmin_home"))[1]

    def test_not_late_within_two_minutes(self):
        self.at(paris(WEDNESDAY, 8, 1, 59))
        self.assertEqual(timeline.late_days(), [])
        self.assertFalse(state_of(self.campaign, WEDNESDAY).late)
        self.assertNotIn("En retard", self.panel_text())
        self.assertNotIn("en retard", self.dashboard_text())

    def test_late_after_two_minutes_without_go_live(self):
        self.at(paris(WEDNESDAY, 8, 3))
        (late,) = timeline.late_days()
        self.assertEqual(late.day.pk, self.wednesday.pk)
        self.assertTrue(late.late)
        self.assertEqual(
            late.description,
            "programmée le mercredi 3 février 2021 à 08:00 — "
            "en retard : le programmateur ne tourne pas ?",
        )

        text = self.panel_text()
        self.assertIn("Des journées sont en retard", text)
        self.assertIn("Le programmateur n’a jamais tourné.", text)
        row = text[text.index("mercredi 3 février 2021\nMercredi 3 février") :]
        self.assertRegex(row, r"^[^\n]*\n[^\n]*\nprogrammée\n[^\n]*\nEn retard\n")

        text = self.dashboard_text()
        self.assertIn("1 journée en retard", text)
        self.assertIn("« Mercredi 3 février » (programmée le mercredi 3 février", text)
        self.assertIn("Vérifiez que le programmateur (run_scheduler) tourne.", text)

    def test_the_late_alert_is_no_error_for_the_tab_counter(self):
        # Wagtail's tab error badge counts :not([hidden]):is(.error-message,
        # .help-critical): the alert about late days is no form error.
        self.at(paris(WEDNESDAY, 8, 3))
        self.client.force_login(self.editeur)
        response = self.client.get(
            reverse("wagtailadmin_pages:edit", args=[self.campaign.pk])
        )
        html = response.content.decode()
        self.assertIn('role="alert"', html)
        counted = ErrorClasses()
        counted.feed(html)
        self.assertEqual(counted.found, [])

    def test_no_longer_late_once_the_scheduler_passed(self):
        self.at(paris(WEDNESDAY, 8, 3))
        run_pass()
        self.assertEqual(timeline.late_days(), [])
        text = self.panel_text()
        self.assertNotIn("En retard", text)
        self.assertIn(
            "Programmateur actif : dernier passage le mercredi 3 février 2021 à 08:03:00",
            text,
        )
        self.assertNotIn("en retard", self.dashboard_text())
        self.assertIn(
            "Dernier passage du programmateur : mercredi 3 février 2021 à 08:03:00",
            self.dashboard_text(),
        )

    def test_last_run_is_shown_in_paris_time_to_everyone(self):
        profile = UserProfile.get_for_user(self.editeur)
        profile.current_time_zone = "UTC"
        profile.save()
        self.at(paris(WEDNESDAY, 8, 3))
        run_pass()
        self.assertIn(
            "Programmateur actif : dernier passage le mercredi 3 février 2021 à 08:03:00",
            self.panel_text(),
        )
        self.assertIn(
            "Dernier passage du programmateur : mercredi 3 février 2021 à 08:03:00",
            self.dashboard_text(),
        )

    def test_a_scheduler_that_stopped_is_reported(self):
        self.at(paris(WEDNESDAY, 7, 0))
        run_pass()
        self.at(paris(WEDNESDAY, 7, 10))
        self.assertIn(
            "Le programmateur n’a pas tourné depuis le mercredi 3 février 2021 à 07:00",
            self.panel_text(),
        )
        self.assertIn("il ne tourne plus !", self.dashboard_text())


class TestExpiry(ScheduledWednesday, TestCase):
    def test_a_live_day_past_its_expiry_is_taken_down(self):
        with time_machine.travel(paris(TUESDAY, 12, 5), tick=False):
            monday = fresh(self.monday)
            monday.expire_at = paris(WEDNESDAY, 0, 0)
            monday.save_revision(user=self.editeur).publish(user=self.editeur)
        self.at(paris(WEDNESDAY, 0, 0, 30))
        monday = fresh(self.monday)
        # Wagtail does not expire on read: until a pass, the day stays up.
        self.assertTrue(monday.live)
        self.assertEqual(self.client.get(monday.url).status_code, 200)

        report = run_pass()
        monday = fresh(self.monday)
        self.assertEqual(
            report, f"Retrait (expirée) : « Lundi 1er février » (page {monday.pk})"
        )
        self.assertFalse(monday.live)
        self.assertTrue(monday.expired)
        self.assertEqual(self.client.get(monday.url).status_code, 404)
        self.assertTrue(
            PageLogEntry.objects.filter(
                page=monday, action="wagtail.unpublish.scheduled"
            ).exists()
        )
        status = state_of(self.campaign, MONDAY)
        self.assertEqual(status.state, timeline.EXPIRED)
        self.assertEqual(str(status.label), "expirée")
        # Tuesday and the scheduled Wednesday are untouched.
        self.assertTrue(fresh(self.tuesday).live)
        self.assertTrue(fresh(self.wednesday).approved_schedule)


class TestEmailAtGoLive(ScheduledWednesday, TestCase):
    """The day's e-mail is created by the actual go-live, not by scheduling.

    (Monday's and Tuesday's e-mails, pending since the setup, go out with the
    first pass: only each day's own messages are counted.)
    """

    recipients = "lettre@example.org"

    def deliveries(self, day):
        return DayEmailDelivery.objects.filter(day=day)

    def mails(self, day):
        subject = subject_of(fresh(day), self.campaign)
        return [message for message in mail.outbox if message.subject == subject]

    def test_scheduling_sends_nothing(self):
        self.assertFalse(self.deliveries(self.wednesday).exists())
        self.at(paris(WEDNESDAY, 7, 59))
        with self.captureOnCommitCallbacks(execute=True):
            run_pass()
        self.assertFalse(self.deliveries(self.wednesday).exists())
        self.assertEqual(self.mails(self.wednesday), [])
        self.assertEqual(len(self.mails(self.tuesday)), 1)

    def test_go_live_sends_it_once(self):
        self.at(paris(WEDNESDAY, 8, 0, 30))
        with self.captureOnCommitCallbacks(execute=True):
            run_pass()
        delivery = self.deliveries(self.wednesday).get()
        self.assertEqual(delivery.status, DayEmailDelivery.Status.SENT)
        (message,) = self.mails(self.wednesday)
        self.assertEqual(message.to, ["lettre@example.org"])
        # Later passes, and a re-publication, send nothing more.
        self.at(paris(WEDNESDAY, 9))
        with self.captureOnCommitCallbacks(execute=True):
            run_pass()
            day = fresh(self.wednesday)
            day.save_revision(user=self.editeur).publish(user=self.editeur)
            run_pass()
        self.assertEqual(self.deliveries(self.wednesday).count(), 1)
        self.assertEqual(len(self.mails(self.wednesday)), 1)

    def test_a_new_version_of_a_live_day_sends_nothing_more(self):
        self.at(paris(WEDNESDAY, 9))
        with self.captureOnCommitCallbacks(execute=True):
            run_pass()
        self.assertEqual(len(self.mails(self.monday)), 1)
        monday = fresh(self.monday)
        monday.go_live_at = paris(THURSDAY)
        with self.captureOnCommitCallbacks(execute=True):
            monday.save_revision(user=self.editeur).publish(user=self.editeur)
        self.at(paris(THURSDAY, 8, 0, 30))
        with self.captureOnCommitCallbacks(execute=True):
            self.assertIn("Lundi 1er février", run_pass())
        self.assertEqual(self.deliveries(self.monday).count(), 1)
        self.assertEqual(len(self.mails(self.monday)), 1)


class TestDaylightSavingChange(ApprovedDaysWait, TestCase):
    """In 2027, Paris moves from CET (UTC+1) to CEST (UTC+2) on Sunday 28 March."""

    @classmethod
    def setUpTestData(cls):
        communicant = make_user("camille", COMMUNICANTS)
        editeur = make_user("eddie", EDITEURS)
        with time_machine.travel(
            dt.datetime(2027, 3, 19, 12, tzinfo=PARIS), tick=False
        ):
            cls.campaign = add_campaign(
                slug="semaine-2027",
                start=dt.date(2027, 3, 26),
                end=dt.date(2027, 3, 30),
            )
            cls.days = {
                date: approved_day(cls.campaign, date, communicant, editeur)
                for date in (
                    dt.date(2027, 3, 26),
                    dt.date(2027, 3, 28),
                    dt.date(2027, 3, 29),
                )
            }
            timeline.schedule_week(cls.campaign, editeur)

    def day(self, day_of_march):
        return fresh(self.days[dt.date(2027, 3, day_of_march)])

    def test_go_live_at_is_0800_in_paris_on_both_sides(self):
        self.assertEqual(
            self.day(26).go_live_at, dt.datetime(2027, 3, 26, 7, 0, tzinfo=UTC)
        )
        self.assertEqual(
            self.day(28).go_live_at, dt.datetime(2027, 3, 28, 6, 0, tzinfo=UTC)
        )
        self.assertEqual(
            self.day(29).go_live_at, dt.datetime(2027, 3, 29, 6, 0, tzinfo=UTC)
        )
        for day_of_march in (26, 28, 29):
            with self.subTest(day=day_of_march):
                local = self.day(day_of_march).go_live_at.astimezone(PARIS)
                self.assertEqual((local.hour, local.minute), (8, 0))
        self.assertIn(
            "programmée le lundi 29 mars 2027 à 08:00",
            state_of(self.campaign, dt.date(2027, 3, 29)).description,
        )

    def test_each_day_goes_live_at_its_own_instant(self):
        steps = [
            # (UTC instant of a pass, days live after it)
            (dt.datetime(2027, 3, 26, 6, 59, 30, tzinfo=UTC), set()),  # 07:59:30 CET
            (dt.datetime(2027, 3, 26, 7, 0, 30, tzinfo=UTC), {26}),  # 08:00:30 CET
            (dt.datetime(2027, 3, 28, 5, 59, 30, tzinfo=UTC), {26}),  # 07:59:30 CEST
            (dt.datetime(2027, 3, 28, 6, 0, 30, tzinfo=UTC), {26, 28}),
            (
                dt.datetime(2027, 3, 29, 5, 59, 30, tzinfo=UTC),
                {26, 28},
            ),  # 07:59:30 CEST
            (
                dt.datetime(2027, 3, 29, 6, 0, 30, tzinfo=UTC),
                {26, 28, 29},
            ),  # 08:00:30 CEST
        ]
        for moment, expected in steps:
            with self.subTest(moment=moment.isoformat()):
                with time_machine.travel(moment, tick=False):
                    run_pass()
                live = {n for n in (26, 28, 29) if self.day(n).live}
                self.assertEqual(live, expected)
        self.assertEqual(
            self.day(29).first_published_at,
            dt.datetime(2027, 3, 29, 6, 0, 30, tzinfo=UTC),
        )


class TestNextWakeUp(ScheduledWednesday, TestCase):
    """How long run_scheduler sleeps after a pass: until the next go-live or
    expiry, at most its interval."""

    def test_it_sleeps_until_the_go_live_time(self):
        self.assertEqual(next_due(), paris(WEDNESDAY))
        with time_machine.travel(paris(WEDNESDAY, 7, 59, 57), tick=False):
            self.assertEqual(
                seconds_to_wait(dt.datetime.now(UTC), interval=20), 3 + WAKE_MARGIN
            )
            # Never longer than the interval.
            self.assertEqual(seconds_to_wait(dt.datetime.now(UTC), interval=1), 1)

    def test_an_expiry_wakes_it_too(self):
        monday = fresh(self.monday)
        monday.expire_at = paris(TUESDAY, 12, 0, 10)
        monday.save(update_fields=["expire_at"])
        with time_machine.travel(paris(TUESDAY, 12), tick=False):
            self.assertEqual(next_due(), paris(TUESDAY, 12, 0, 10))
            self.assertEqual(
                seconds_to_wait(dt.datetime.now(UTC), interval=20), 10 + WAKE_MARGIN
            )

    def test_due_during_the_pass_means_at_once(self):
        with time_machine.travel(paris(WEDNESDAY, 8, 0, 1), tick=False):
            started = paris(WEDNESDAY, 7, 59, 59)
            self.assertEqual(seconds_to_wait(started, interval=20), 0)

    def test_due_before_a_pass_that_left_it_means_the_whole_interval(self):
        # Still due after a pass that began after its time: it failed, and is
        # tried again next interval, not in a busy loop.
        with time_machine.travel(paris(WEDNESDAY, 8, 0, 5), tick=False):
            self.assertEqual(seconds_to_wait(paris(WEDNESDAY, 8, 0, 1), 20), 20)

    def test_nothing_scheduled_means_the_interval(self):
        with time_machine.travel(paris(WEDNESDAY, 9), tick=False):
            run_pass()
            self.assertIsNone(next_due())
            self.assertEqual(seconds_to_wait(dt.datetime.now(UTC), 20), 20)


@mock.patch("campaign.management.commands.run_scheduler.close_old_connections")
class TestRunSchedulerCommand(TestCase):
    """The command's loop, in-process (the real process: test_run_scheduler.py).

    close_old_connections is left out: inside a TestCase's transaction it
    would close the test's connection (PostgreSQL).
    """

    def test_once(self, _close_old_connections):
        from io import StringIO

        out = StringIO()
        call_command("run_scheduler", "--once", stdout=out)
        self.assertIn("Programmateur démarré", out.getvalue())
        self.assertIn("Programmateur arrêté.", out.getvalue())
        self.assertIsNotNone(last_run())

    def test_a_failing_pass_does_not_stop_the_loop(self, _close_old_connections):
        from io import StringIO

        calls = []

        def flaky_pass():
            calls.append(1)
            if len(calls) == 1:
                raise RuntimeError("une page cassée")
            os.kill(os.getpid(), signal.SIGTERM)  # the second pass asks to stop
            return ""

        before = signal.getsignal(signal.SIGTERM)
        out = StringIO()
        with (
            mock.patch(
                "campaign.management.commands.run_scheduler.run_pass", flaky_pass
            ),
            self.assertLogs("campaign", "ERROR") as logs,
        ):
            call_command("run_scheduler", "--interval", "0.01", stdout=out)
        self.assertEqual(len(calls), 2)
        self.assertIn("une page cassée", "\n".join(logs.output))
        self.assertIn("Programmateur arrêté.", out.getvalue())
        # The signal handlers are given back.
        self.assertIs(signal.getsignal(signal.SIGTERM), before)


class TestOneFailureDoesNotHoldBackTheOthers(TestCase):
    """A publication that fails is retried next pass; the others go live."""

    def test_a_failing_revision_does_not_block_the_pass(self):
        from wagtail.models import Revision

        with time_machine.travel(dt.datetime(2021, 1, 25, 9, tzinfo=PARIS), tick=False):
            campaign = add_campaign(slug="semaine-robuste", title="Semaine robuste")
            days = [add_day(campaign, dt.date(2021, 2, n), live=False) for n in (1, 2)]
            for day in days:
                day.go_live_at = campaign.day_go_live_at(day.date)
                day.save_revision().publish()
        self.assertFalse(any(day.live for day in days))
        broken_pk = days[0].get_latest_revision().pk
        real_publish = Revision.publish

        def publish(revision, *args, **kwargs):
            if revision.pk == broken_pk:
                raise RuntimeError("boom")
            return real_publish(revision, *args, **kwargs)

        with time_machine.travel(dt.datetime(2021, 2, 3, 9, tzinfo=PARIS), tick=False):
            with (
                mock.patch.object(Revision, "publish", publish),
                self.assertLogs("campaign.publishing.scheduler", "ERROR"),
            ):
                run_pass()
            for day in days:
                day.refresh_from_db()
            self.assertFalse(days[0].live)
            self.assertTrue(days[1].live)
            run_pass()  # next pass: the first one goes live too
            days[0].refresh_from_db()
            self.assertTrue(days[0].live)


class TestEachObjectCommitsOnItsOwn(TransactionTestCase):
    """Two days due in the same pass: the first is committed (its on-commit
    work done: edge purge, e-mail) before the second is published, so it
    does not wait for the rest of the pass to be public."""

    serialized_rollback = True

    def test_the_first_day_is_committed_before_the_second_is_published(self):
        with time_machine.travel(dt.datetime(2021, 1, 25, 9, tzinfo=PARIS), tick=False):
            campaign = add_campaign(slug="semaine-commit", title="Semaine commit")
            days = [add_day(campaign, dt.date(2021, 2, n), live=False) for n in (1, 2)]
            for day in days:
                day.go_live_at = campaign.day_go_live_at(day.date)
                day.save_revision().publish()
        events = []

        def published(sender, instance, revision, **kwargs):
            if instance.live and instance.pk in {day.pk for day in days}:
                events.append(("publiée", instance.pk))
                transaction.on_commit(lambda: events.append(("validée", instance.pk)))

        page_published.connect(published, dispatch_uid="test_commit_order")
        try:
            with time_machine.travel(
                dt.datetime(2021, 2, 3, 9, tzinfo=PARIS), tick=False
            ):
                run_pass()
        finally:
            page_published.disconnect(dispatch_uid="test_commit_order")
        first, second = days
        self.assertEqual(
            events,
            [
                ("publiée", first.pk),
                ("validée", first.pk),
                ("publiée", second.pk),
                ("validée", second.pk),
            ],
        )
