"""Sending each day's e-mail once, through a real SMTP server.

Every test starts an aiosmtpd server on 127.0.0.1 and points Django's SMTP
backend at it, so what is checked is what a mail server received. Time is
moved with time-machine to reach scheduled publications and retry delays.
"""

import datetime as dt
import email
import email.policy
import shutil
import socket
import sqlite3
import tempfile
import threading
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.db import close_old_connections, connection
from django.test import TestCase, TransactionTestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from campaign.models import CampaignDayPage, CampaignPage, DayEmailDelivery
from campaign.publishing import delivery as delivery_service
from campaign.publishing.delivery import (
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    record_go_live,
    retry_failed,
    send,
)
from campaign.publishing.scheduler import run_pass
from tests.builders import (
    COMMUNICANTS,
    action,
    actions_block,
    add_campaign,
    add_day,
    add_establishment,
    default_site_at_admin_base_url,
    editorial_group,
    zoom_block,
)

Status = DayEmailDelivery.Status
PARIS = ZoneInfo("Europe/Paris")
MONDAY = dt.date(2021, 2, 1)
TUESDAY = dt.date(2021, 2, 2)
RECIPIENTS = ["liste-persev@example.org", "communication@example.org"]
# A moment before the campaign, then the campaign's first morning.
SUNDAY_NOON = dt.datetime(2021, 1, 31, 12, 0, tzinfo=PARIS)
MONDAY_MORNING = dt.datetime(2021, 2, 1, 9, 0, tzinfo=PARIS)


# -- a real SMTP server ---------------------------------------------------------------


def free_port():
    """A TCP port of 127.0.0.1 that nothing listens on (right now)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """aiosmtpd handler keeping every envelope it receives."""

    def __init__(self):
        self.envelopes = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self):
        with self.lock:
            return [
                email.message_from_bytes(
                    e.original_content, policy=email.policy.default
                )
                for e in self.envelopes
            ]


class SmtpServer:
    """A real SMTP server on 127.0.0.1, which a test can stop and restart."""

    def __init__(self):
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


class DeliveryMixin:
    """What the e-mail and the webhook delivery tests share: travel in time,
    publish and unpublish a day as an editor does, commit included."""

    def travel(self, moment):
        traveller = time_machine.travel(moment, tick=True)
        traveller.start()
        self.addCleanup(traveller.stop)
        return traveller

    def publish(self, day):
        """Publish the day's latest revision, commit included."""
        with self.captureOnCommitCallbacks(execute=True):
            day.get_latest_revision().publish()
        day.refresh_from_db()
        return day

    def unpublish(self, day):
        with self.captureOnCommitCallbacks(execute=True):
            type(day).objects.get(pk=day.pk).unpublish()
        day.refresh_from_db()


class SmtpMixin(DeliveryMixin):
    """Starts an SMTP server for each test and sends Django's e-mail to it."""

    def setUp(self):
        super().setUp()
        self.smtp = SmtpServer()
        self.smtp.start()
        self.addCleanup(self.smtp.stop)
        self.use_port(self.smtp.port)

    def use_port(self, port):
        """Send through 127.0.0.1:`port` from now on."""
        if getattr(self, "_smtp_settings", None) is not None:
            self._smtp_settings.disable()
        self._smtp_settings = override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_TIMEOUT=5,
        )
        self._smtp_settings.enable()
        self.addCleanup(self._disable_smtp_settings, self._smtp_settings)

    def _disable_smtp_settings(self, overrides):
        if overrides is self._smtp_settings:
            overrides.disable()
            self._smtp_settings = None

    def server_down(self):
        """Send to a port where no server listens: connection refused."""
        self.use_port(free_port())

    def server_up(self):
        self.use_port(self.smtp.port)

    @property
    def received(self):
        return self.smtp.inbox.messages()


def delivery_of(day):
    return DayEmailDelivery.objects.get(day=day)


# -- sending on publication -----------------------------------------------------------


class TestSendingOnGoLive(SmtpMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        default_site_at_admin_base_url()
        cls.campaign = add_campaign(recipients="\n".join(RECIPIENTS) + "\n")
        cls.school = add_establishment("Collège Henri Bretin", "Neuvic", "24")

    def add_day(self, date=MONDAY, campaign=None):
        """An unpublished day with one action and a zoom."""
        return add_day(
            campaign or self.campaign,
            date,
            [
                actions_block(
                    action("Parce que revenir à la base est essentiel", [self.school])
                ),
                zoom_block("Les clauses sociales", "<p>Un parcours de formation.</p>"),
            ],
            live=False,
        )

    def run_scheduler(self):
        with self.captureOnCommitCallbacks(execute=True):
            return run_pass()

    def test_publishing_sends_one_message_to_the_recipients(self):
        self.travel(MONDAY_MORNING)
        day = self.publish(self.add_day())
        self.assertTrue(day.live)
        self.assertEqual(len(self.smtp.inbox.envelopes), 1)
        envelope = self.smtp.inbox.envelopes[0]
        self.assertEqual(sorted(envelope.rcpt_tos), sorted(RECIPIENTS))
        (message,) = self.received
        self.assertEqual(
            message["Subject"].strip(), "Semaine de test — Lundi 1er février"
        )
        self.assertEqual(message.get_content_type(), "multipart/alternative")
        text = message.get_body(preferencelist=("plain",)).get_content()
        html = message.get_body(preferencelist=("html",)).get_content()
        self.assertIn("Parce que revenir à la base est essentiel", text)
        self.assertIn("Parce que revenir à la base est essentiel", html)
        self.assertIn(day.get_full_url(), html)
        delivery = delivery_of(day)
        self.assertEqual(delivery.status, Status.SENT)
        self.assertEqual(delivery.attempts, 1)
        self.assertEqual(delivery.last_error, "")
        self.assertEqual(delivery.recipients.split(), RECIPIENTS)
        self.assertIsNotNone(delivery.sent_at)

    def test_a_day_under_an_unpublished_campaign_waits_for_the_campaign(self):
        # Its URL answers 404 until the campaign is live: announcing it by
        # e-mail would send readers to a missing page.
        campaign = add_campaign(
            slug="pas-encore", title="Pas encore", live=False, recipients=RECIPIENTS[0]
        )
        day = self.publish(self.add_day(campaign=campaign))
        self.assertTrue(day.live)
        self.assertEqual(self.received, [])
        self.assertFalse(DayEmailDelivery.objects.filter(day=day).exists())
        with self.captureOnCommitCallbacks(execute=True):
            campaign.get_latest_revision().publish()
        self.assertEqual(len(self.received), 1)
        self.assertEqual(delivery_of(day).status, Status.SENT)
        # Republishing the campaign announces nothing twice.
        with self.captureOnCommitCallbacks(execute=True):
            campaign.save_revision().publish()
        self.assertEqual(len(self.received), 1)

    def test_nothing_is_sent_before_the_transaction_commits(self):
        day = self.add_day()
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            day.get_latest_revision().publish()
        self.assertEqual(self.received, [])
        self.assertEqual(delivery_of(day).status, Status.PENDING)
        self.assertEqual(len(callbacks), 1)

    def test_campaign_without_recipients_sends_nothing(self):
        campaign = add_campaign(slug="sans-liste", title="Sans liste", recipients="")
        day = self.publish(self.add_day(campaign=campaign))
        self.assertTrue(day.live)
        self.assertEqual(self.received, [])
        delivery = delivery_of(day)
        self.assertEqual(delivery.status, Status.NO_RECIPIENT)
        self.assertEqual(delivery.attempts, 0)
        # Adding recipients later does not send a day that already went live.
        campaign.recipients = "tard@example.org"
        campaign.save_revision().publish()
        self.unpublish(day)
        self.publish(day)
        self.travel(MONDAY_MORNING + dt.timedelta(hours=2))
        self.run_scheduler()
        self.assertEqual(self.received, [])
        self.assertEqual(delivery_of(day).status, Status.NO_RECIPIENT)

    def test_saving_a_draft_sends_nothing(self):
        day = self.add_day()
        with self.captureOnCommitCallbacks(execute=True):
            day.save_revision()
        self.assertEqual(self.received, [])
        self.assertFalse(DayEmailDelivery.objects.exists())

    def test_scheduled_day_is_sent_when_the_scheduler_makes_it_live(self):
        self.travel(SUNDAY_NOON)
        day = self.add_day()
        day.go_live_at = self.campaign.day_go_live_at(MONDAY)
        self.assertGreater(day.go_live_at, timezone.now())
        with self.captureOnCommitCallbacks(execute=True):
            day.save_revision().publish()
        day.refresh_from_db()
        self.assertFalse(day.live)
        self.assertEqual(self.received, [])
        self.assertFalse(DayEmailDelivery.objects.exists())
        # A pass before the time publishes nothing.
        self.run_scheduler()
        self.assertEqual(self.received, [])

        self.travel(day.go_live_at + dt.timedelta(minutes=1))
        self.run_scheduler()
        day.refresh_from_db()
        self.assertTrue(day.live)
        self.assertEqual(len(self.received), 1)
        self.assertEqual(delivery_of(day).status, Status.SENT)
        # Later passes send nothing more.
        self.travel(day.go_live_at + dt.timedelta(hours=3))
        self.run_scheduler()
        self.assertEqual(len(self.received), 1)

    def test_unpublish_then_republish_sends_nothing_more(self):
        day = self.publish(self.add_day())
        self.assertEqual(len(self.received), 1)
        self.unpublish(day)
        self.assertFalse(day.live)
        day = self.publish(day)
        self.assertTrue(day.live)
        self.assertEqual(len(self.received), 1)
        self.assertEqual(DayEmailDelivery.objects.filter(day=day).count(), 1)

    def test_editing_a_live_day_sends_nothing_more(self):
        day = self.publish(self.add_day())
        latest = day.get_latest_revision_as_object()
        latest.title = "Lundi, version corrigée"
        with self.captureOnCommitCallbacks(execute=True):
            latest.save_revision().publish()
        day.refresh_from_db()
        self.assertEqual(day.title, "Lundi, version corrigée")
        self.assertEqual(len(self.received), 1)
        self.assertEqual(DayEmailDelivery.objects.count(), 1)

    def test_a_scheduled_change_to_a_live_day_sends_nothing_more(self):
        self.travel(SUNDAY_NOON)
        day = self.publish(self.add_day())
        self.assertEqual(len(self.received), 1)
        latest = day.get_latest_revision_as_object()
        latest.title = "Lundi, programmé"
        latest.go_live_at = self.campaign.day_go_live_at(MONDAY)
        with self.captureOnCommitCallbacks(execute=True):
            latest.save_revision().publish()
        self.travel(MONDAY_MORNING)
        self.run_scheduler()
        day.refresh_from_db()
        self.assertEqual(day.title, "Lundi, programmé")
        self.assertEqual(len(self.received), 1)

    def test_each_day_gets_its_own_message(self):
        self.publish(self.add_day(MONDAY))
        self.publish(self.add_day(TUESDAY))
        subjects = sorted(m["Subject"].strip() for m in self.received)
        self.assertEqual(
            subjects,
            [
                "Semaine de test — Lundi 1er février",
                "Semaine de test — Mardi 2 février",
            ],
        )

    # -- failures ----------------------------------------------------------------------

    def test_server_down_does_not_block_publication(self):
        self.travel(MONDAY_MORNING)
        self.smtp.stop()  # the real server goes away
        with self.assertLogs("campaign.publishing.delivery", "WARNING") as logs:
            day = self.publish(self.add_day())
        self.assertTrue(day.live)
        self.assertEqual(CampaignDayPage.objects.live().filter(pk=day.pk).count(), 1)
        delivery = delivery_of(day)
        self.assertEqual(delivery.status, Status.FAILED)
        self.assertEqual(delivery.attempts, 1)
        self.assertIn("ConnectionRefusedError", delivery.last_error)
        self.assertIsNone(delivery.sent_at)
        self.assertIn("failed (attempt 1)", logs.output[0])

        # Too early: the retry waits for its delay.
        self.smtp.start()
        self.assertEqual(retry_failed(), 0)
        self.assertEqual(delivery_of(day).attempts, 1)

        self.travel(MONDAY_MORNING + dt.timedelta(minutes=RETRY_DELAYS[0], seconds=5))
        self.assertEqual(retry_failed(), 1)
        self.assertEqual(len(self.received), 1)
        delivery = delivery_of(day)
        self.assertEqual(delivery.status, Status.SENT)
        self.assertEqual(delivery.attempts, 2)
        self.assertEqual(delivery.last_error, "")
        self.assertIsNotNone(delivery.sent_at)
        # Sent is sent.
        self.travel(MONDAY_MORNING + dt.timedelta(hours=5))
        self.assertEqual(retry_failed(), 0)
        self.assertEqual(len(self.received), 1)

    def test_scheduler_pass_retries_failed_deliveries(self):
        self.travel(MONDAY_MORNING)
        self.server_down()
        day = self.publish(self.add_day())
        self.assertEqual(delivery_of(day).status, Status.FAILED)
        self.server_up()
        self.travel(MONDAY_MORNING + dt.timedelta(minutes=2))
        self.run_scheduler()
        self.assertEqual(len(self.received), 1)
        self.assertEqual(delivery_of(day).status, Status.SENT)

    def test_abandoned_after_max_attempts(self):
        self.travel(MONDAY_MORNING)
        self.server_down()
        day = self.publish(self.add_day())
        now = MONDAY_MORNING
        for attempt, delay in enumerate(RETRY_DELAYS, start=2):
            now += dt.timedelta(minutes=delay, seconds=5)
            self.travel(now)
            self.assertEqual(retry_failed(), 0)
            delivery = delivery_of(day)
            self.assertEqual(delivery.attempts, attempt)
            expected = Status.ABANDONED if attempt >= MAX_ATTEMPTS else Status.FAILED
            self.assertEqual(delivery.status, expected)
        self.assertEqual(delivery.attempts, MAX_ATTEMPTS)
        self.assertEqual(delivery.status, Status.ABANDONED)
        self.assertIn("ConnectionRefusedError", delivery.last_error)
        # Even with the server back, an abandoned e-mail is not sent by itself.
        self.server_up()
        self.travel(now + dt.timedelta(days=1))
        self.assertEqual(retry_failed(), 0)
        self.run_scheduler()
        self.assertFalse(send(delivery.pk))
        self.assertEqual(self.received, [])
        self.assertEqual(delivery_of(day).status, Status.ABANDONED)

    def test_message_that_cannot_be_built_is_recorded_as_failed(self):
        self.travel(MONDAY_MORNING)
        with mock.patch(
            "campaign.publishing.day_email.render_to_string",
            side_effect=RuntimeError("gabarit cassé"),
        ):
            day = self.publish(self.add_day())
        self.assertTrue(day.live)
        delivery = delivery_of(day)
        self.assertEqual(delivery.status, Status.FAILED)
        self.assertIn("gabarit cassé", delivery.last_error)
        self.travel(MONDAY_MORNING + dt.timedelta(minutes=2))
        self.assertEqual(retry_failed(), 1)
        self.assertEqual(len(self.received), 1)

    def test_queueing_failure_is_retried_by_the_scheduler(self):
        self.travel(MONDAY_MORNING)
        with (
            mock.patch("campaign.publishing.go_live.send_day_email") as task,
            self.assertLogs("campaign.publishing.go_live", "ERROR"),
        ):
            task.enqueue.side_effect = ConnectionError("file d’attente injoignable")
            day = self.publish(self.add_day())
        self.assertTrue(day.live)
        self.assertEqual(delivery_of(day).status, Status.PENDING)
        self.assertEqual(self.received, [])
        self.travel(MONDAY_MORNING + dt.timedelta(minutes=10))
        self.run_scheduler()
        self.assertEqual(len(self.received), 1)
        self.assertEqual(delivery_of(day).status, Status.SENT)

    def test_sender_that_died_mid_send_is_taken_over(self):
        self.travel(MONDAY_MORNING)
        with mock.patch("campaign.publishing.go_live.send_day_email"):
            day = self.publish(self.add_day())
        # A sender claimed it, then its process died before sending.
        self.assertTrue(delivery_service.claim(delivery_of(day).pk))
        self.assertEqual(delivery_of(day).status, Status.SENDING)
        self.travel(MONDAY_MORNING + dt.timedelta(minutes=2))
        self.run_scheduler()
        self.assertEqual(self.received, [], "a recent claim may still be sending")
        self.travel(
            MONDAY_MORNING + delivery_service.STALE_CLAIM + dt.timedelta(minutes=1)
        )
        self.run_scheduler()
        self.assertEqual(len(self.received), 1)
        delivery = delivery_of(day)
        self.assertEqual(delivery.status, Status.SENT)
        self.assertEqual(delivery.attempts, 2)

    def test_sender_that_died_on_the_last_attempt_is_abandoned(self):
        self.travel(MONDAY_MORNING)
        with mock.patch("campaign.publishing.go_live.send_day_email"):
            day = self.publish(self.add_day())
        DayEmailDelivery.objects.filter(day=day).update(
            status=Status.SENDING, attempts=MAX_ATTEMPTS, updated_at=timezone.now()
        )
        self.travel(
            MONDAY_MORNING + delivery_service.STALE_CLAIM + dt.timedelta(minutes=1)
        )
        self.run_scheduler()
        delivery = delivery_of(day)
        self.assertEqual(delivery.status, Status.ABANDONED)
        self.assertTrue(delivery.last_error)
        self.assertEqual(self.received, [])


# -- exactly once under a race --------------------------------------------------------


class SqliteFileForThreads:
    """Move SQLite's in-memory test database to a file, for threads that race.

    Django's test runner makes the SQLite test database a shared-cache
    in-memory one: every connection of the process sees it, but shared-cache
    locking answers "database table is locked" at once instead of waiting
    like a database file does (busy timeout), which is not what production
    runs. So for these tests the database is copied to a temporary file
    (SQLite's backup API, as Django does for parallel test workers) and every
    connection, in any thread, opens that file; afterwards the in-memory
    database, kept open meanwhile, is used again. PostgreSQL needs nothing.
    """

    def __init__(self):
        self.memory_name = None

    def __enter__(self):
        if connection.vendor != "sqlite" or not connection.is_in_memory_db():
            return self
        connection.ensure_connection()
        self.memory_name = connection.settings_dict["NAME"]
        # Keeps the in-memory database alive while no Django connection uses it.
        self.keeper = sqlite3.connect(self.memory_name, uri=True)
        self.folder = tempfile.mkdtemp(prefix="persev-race-")
        path = str(Path(self.folder) / "test.sqlite3")
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        # The settings dict is shared by the connections of every thread.
        connection.settings_dict["NAME"] = path
        connection.close()  # a file now: really closes the in-memory connection
        return self

    def __exit__(self, *exc_info):
        if self.memory_name is None:
            return
        connection.close()
        connection.settings_dict["NAME"] = self.memory_name
        connection.ensure_connection()
        self.keeper.close()
        shutil.rmtree(self.folder, ignore_errors=True)


class RaceMixin:
    """For a TransactionTestCase whose threads, each with its own database
    connection, race: `race` runs them."""

    # The flush after each test also empties what the migrations created (the
    # site and its home page): restore it before each test.
    serialized_rollback = True

    @classmethod
    def setUpClass(cls):
        cls.database_file = SqliteFileForThreads().__enter__()
        cls.addClassCleanup(cls.database_file.__exit__, None, None, None)
        super().setUpClass()

    def race(self, function, *args, threads=2):
        """Run function(*args) in `threads` threads at once; their results."""
        barrier = threading.Barrier(threads)
        results, errors = [], []
        lock = threading.Lock()

        def run():
            try:
                barrier.wait(timeout=10)
                result = function(*args)
                with lock:
                    results.append(result)
            except Exception as error:  # noqa: BLE001 - reported by the test
                with lock:
                    errors.append(error)
            finally:
                close_old_connections()

        workers = [threading.Thread(target=run) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
        self.assertFalse(any(w.is_alive() for w in workers), "a thread is stuck")
        self.assertEqual(errors, [])
        return results


class TestExactlyOnceUnderRace(RaceMixin, SmtpMixin, TransactionTestCase):
    """Two threads, each with its own database connection, race for one day."""

    def setUp(self):
        super().setUp()
        default_site_at_admin_base_url()
        self.campaign = add_campaign(recipients="\n".join(RECIPIENTS))
        school = add_establishment("Lycée Jean Favard", "Guéret", "23")
        self.day = add_day(
            self.campaign,
            MONDAY,
            [actions_block(action("Construire son avenir", [school]))],
            live=False,
        )

    def test_two_senders_send_once(self):
        delivery = DayEmailDelivery.objects.create(
            day=self.day, recipients="\n".join(RECIPIENTS), status=Status.PENDING
        )
        results = self.race(send, delivery.pk)
        self.assertEqual(sorted(results), [False, True])
        self.assertEqual(len(self.received), 1)
        delivery.refresh_from_db()
        self.assertEqual(delivery.status, Status.SENT)
        self.assertEqual(delivery.attempts, 1)

    def test_many_senders_send_once(self):
        delivery = DayEmailDelivery.objects.create(
            day=self.day,
            recipients="\n".join(RECIPIENTS),
            status=Status.FAILED,
            attempts=1,
        )
        results = self.race(send, delivery.pk, threads=6)
        self.assertEqual(results.count(True), 1)
        self.assertEqual(len(self.received), 1)
        delivery.refresh_from_db()
        self.assertEqual(delivery.attempts, 2)

    def test_two_go_live_records_make_one_delivery(self):
        day = CampaignDayPage.objects.get(pk=self.day.pk)
        results = self.race(record_go_live, day)
        created = [r for r in results if r is not None]
        self.assertEqual(len(created), 1)
        self.assertEqual(DayEmailDelivery.objects.filter(day=day).count(), 1)

    def test_two_publications_send_once(self):
        revision = self.day.get_latest_revision()
        self.race(revision.publish)
        self.assertTrue(CampaignDayPage.objects.get(pk=self.day.pk).live)
        self.assertEqual(DayEmailDelivery.objects.count(), 1)
        self.assertEqual(len(self.received), 1)

    def test_two_schedulers_send_once(self):
        with time_machine.travel(SUNDAY_NOON, tick=True):
            day = CampaignDayPage.objects.get(pk=self.day.pk)
            day.go_live_at = self.campaign.day_go_live_at(MONDAY)
            day.save_revision().publish()
        self.assertFalse(CampaignDayPage.objects.get(pk=self.day.pk).live)
        with time_machine.travel(MONDAY_MORNING, tick=True):
            self.race(run_pass)
        self.assertTrue(CampaignDayPage.objects.get(pk=self.day.pk).live)
        self.assertEqual(len(self.received), 1)
        self.assertEqual(DayEmailDelivery.objects.get().status, Status.SENT)


# -- the admin listing ----------------------------------------------------------------


class TestDeliveryAdmin(TestCase):
    @classmethod
    def setUpTestData(cls):
        default_site_at_admin_base_url()
        campaign = add_campaign(recipients="liste@example.org")
        cls.monday = add_day(campaign, MONDAY, live=False)
        cls.tuesday = add_day(campaign, TUESDAY, live=False)
        cls.sent = DayEmailDelivery.objects.create(
            day=cls.monday,
            recipients="liste@example.org",
            status=Status.SENT,
            attempts=1,
            sent_at=timezone.now(),
        )
        cls.failed = DayEmailDelivery.objects.create(
            day=cls.tuesday,
            recipients="liste@example.org",
            status=Status.FAILED,
            attempts=2,
            last_error="ConnectionRefusedError: [Errno 111] Connection refused",
        )
        User = get_user_model()
        cls.superuser = User.objects.create_superuser(
            "admin", "admin@example.org", "motdepasse"
        )
        cls.editor = User.objects.create_user(
            "redacteur", "r@example.org", "motdepasse"
        )
        cls.editor.groups.add(editorial_group(COMMUNICANTS))

    def test_listing_shows_each_day_and_its_status(self):
        self.client.force_login(self.superuser)
        response = self.client.get(reverse("day_email_deliveries:index"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Envois de la lettre")
        self.assertContains(response, "Lundi 1er février")
        self.assertContains(response, "Mardi 2 février")
        self.assertContains(response, "envoyé")
        self.assertContains(response, "échec, nouvel essai prévu")
        self.assertContains(response, "Connection refused")
        # Dates as the days write them.
        self.assertContains(response, "1er février 2021")
        self.assertNotContains(response, ">1 février 2021")

    def test_listing_queries_do_not_grow_with_the_rows(self):
        from django.test.utils import CaptureQueriesContext

        self.client.force_login(self.superuser)
        url = reverse("day_email_deliveries:index")
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        campaign = CampaignPage.objects.get(pk=self.monday.get_parent().pk)
        for date in (dt.date(2021, 2, 3), dt.date(2021, 2, 4), dt.date(2021, 2, 5)):
            DayEmailDelivery.objects.create(
                day=add_day(campaign, date, live=False), recipients="a@example.org"
            )
        with CaptureQueriesContext(connection) as more:
            self.client.get(url)
        self.assertEqual(len(more), len(few))

    def test_listing_offers_no_add_or_edit(self):
        self.client.force_login(self.superuser)
        response = self.client.get(reverse("day_email_deliveries:index"))
        # Even a superuser is turned away (to the dashboard) from the forms.
        add_url = reverse("day_email_deliveries:add")
        self.assertNotContains(response, f'href="{add_url}"')
        self.assertRedirects(
            self.client.get(add_url),
            reverse("wagtailadmin_home"),
            fetch_redirect_response=False,
        )
        edit_url = reverse("day_email_deliveries:edit", args=[self.failed.pk])
        self.assertNotContains(response, f'href="{edit_url}"')
        self.assertRedirects(
            self.client.get(edit_url),
            reverse("wagtailadmin_home"),
            fetch_redirect_response=False,
        )
        self.client.post(edit_url, {"status": Status.SENT})
        self.failed.refresh_from_db()
        self.assertEqual(self.failed.status, Status.FAILED)
        delete_url = reverse("day_email_deliveries:delete", args=[self.failed.pk])
        self.client.post(delete_url)
        self.assertTrue(DayEmailDelivery.objects.filter(pk=self.failed.pk).exists())

    def test_inspect_shows_the_error(self):
        self.client.force_login(self.superuser)
        response = self.client.get(
            reverse("day_email_deliveries:inspect", args=[self.failed.pk])
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Connection refused")

    def test_communicants_see_the_listing(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("day_email_deliveries:index"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Mardi 2 février")

    def test_menu_entry(self):
        self.client.force_login(self.superuser)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, reverse("day_email_deliveries:index"))
