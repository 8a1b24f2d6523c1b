"""Partner webhooks, end to end, through a real HTTP receiver.

Every test starts an HTTP server (http.server, in a thread) on 127.0.0.1
that plays the partner: it keeps what it receives and answers as told
(200, a failure then a recovery, or never). What is checked is what that
server received, and the signature is verified as the README tells partners
to. Time is moved with time-machine to reach retry delays.
"""

import datetime as dt
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import TestCase, TransactionTestCase, override_settings
from django.urls import reverse

from campaign.authoring.interchange import json_format
from campaign.models import (
    CampaignDayPage,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from campaign.partners.webhooks import recording, sending
from campaign.publishing import day_events
from campaign.publishing.scheduler import run_pass
from tests.builders import (
    COMMUNICANTS,
    EDITEURS,
    action,
    actions_block,
    add_campaign,
    add_day,
    add_establishment,
    default_site_at_admin_base_url,
    editorial_group,
    zoom_block,
)
from tests.campaign.test_email_delivery import DeliveryMixin, RaceMixin

Status = WebhookDelivery.Status
PARIS = ZoneInfo("Europe/Paris")
MONDAY = dt.date(2021, 2, 1)
SUNDAY_NOON = dt.datetime(2021, 1, 31, 12, 0, tzinfo=PARIS)
MONDAY_MORNING = dt.datetime(2021, 2, 1, 9, 0, tzinfo=PARIS)
SECRET = "un-secret-partage-assez-long"
ACTION = "Parce que revenir à la base est essentiel"


# -- a real HTTP receiver -------------------------------------------------------------


class Receiver:
    """A partner's webhook endpoint on 127.0.0.1.

    `failures`: how many requests it answers 500 before answering 200.
    `silent`: it reads the request and never answers (until the test ends).
    """

    def __init__(self, failures=0, silent=False):
        self.requests = []
        self.failures = failures
        self.silent = silent
        self.release = threading.Event()
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                with receiver.lock:
                    receiver.requests.append((dict(self.headers), body, self.path))
                    failing = receiver.failures > 0
                    receiver.failures -= 1
                if receiver.silent:
                    receiver.release.wait(30)
                    return
                self.send_response(500 if failing else 200)
                answer = b"erreur interne du partenaire" if failing else b"ok"
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/persev/webhook"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()

    def received(self):
        with self.lock:
            return list(self.requests)


def verify(secret, headers, body):
    """What the README tells a partner to do (its Python snippet)."""
    timestamp = headers["X-Persev-Timestamp"]
    expected = hmac.new(
        secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest("sha256=" + expected, headers["X-Persev-Signature"])


class ReceiverMixin(DeliveryMixin):
    def start_receiver(self, **behaviour):
        receiver = Receiver(**behaviour)
        self.addCleanup(receiver.stop)
        return receiver

    def add_endpoint(self, receiver, name="Académie de Poitiers", events=None):
        return WebhookEndpoint.objects.create(
            name=name,
            url=receiver.url,
            secret=SECRET,
            events=events or list(WebhookEvent.values),
        )

    def add_day(self, campaign, date=MONDAY, title=ACTION):
        """An unpublished day with one action and a zoom."""
        return add_day(
            campaign,
            date,
            [
                actions_block(action(title, [self.school])),
                zoom_block("Les clauses sociales", "<p>Un parcours de formation.</p>"),
            ],
            live=False,
        )


class TestWebhooksOnGoLive(ReceiverMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        default_site_at_admin_base_url()
        cls.campaign = add_campaign()
        cls.school = add_establishment("Collège Henri Bretin", "Neuvic", "24")

    def setUp(self):
        super().setUp()
        self.receiver = self.start_receiver()
        self.endpoint = self.add_endpoint(self.receiver)

    def events(self):
        return [
            (json.loads(body)["type"], headers["X-Persev-Event"])
            for headers, body, _path in self.receiver.received()
        ]

    def test_going_live_posts_the_signed_live_document(self):
        self.travel(MONDAY_MORNING)
        day = self.publish(self.add_day(self.campaign))
        (request,) = self.receiver.received()
        headers, body, path = request
        self.assertEqual(path, "/persev/webhook")
        self.assertTrue(headers["Content-Type"].startswith("application/json"))
        self.assertTrue(verify(SECRET, headers, body))
        self.assertFalse(verify("un-autre-secret-de-partenaire", headers, body))
        # A timestamp the partner can check against its clock.
        self.assertAlmostEqual(
            int(headers["X-Persev-Timestamp"]), MONDAY_MORNING.timestamp(), delta=60
        )
        payload = json.loads(body)
        self.assertEqual(payload["type"], "day.published")
        self.assertEqual(payload["format"], "persev-webhook/1")
        self.assertEqual(payload["idempotency_key"], headers["Idempotency-Key"])
        self.assertEqual(payload["day"]["date"], "2021-02-01")
        self.assertEqual(payload["day"]["url"], day.get_full_url())
        self.assertEqual(payload["campaign"]["slug"], self.campaign.slug)
        document = payload["document"]
        self.assertEqual(document["format"], "persev-day/1")
        self.assertEqual(json_format.check_document(document), [])
        self.assertIn(ACTION, body.decode())
        delivery = WebhookDelivery.objects.get()
        self.assertEqual(
            (delivery.status, delivery.attempts, delivery.response_status),
            (Status.SENT, 1, 200),
        )
        self.assertEqual(delivery.event, WebhookEvent.DAY_PUBLISHED)
        self.assertIsNotNone(delivery.sent_at)

    def test_nothing_is_sent_before_the_transaction_commits(self):
        day = self.add_day(self.campaign)
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            day.get_latest_revision().publish()
        self.assertEqual(self.receiver.received(), [])
        self.assertEqual(WebhookDelivery.objects.get().status, Status.PENDING)
        self.assertEqual(len(callbacks), 1)  # the webhooks' (no e-mail list)

    def test_an_update_then_a_withdrawal_each_make_their_event(self):
        day = self.publish(self.add_day(self.campaign))
        day = CampaignDayPage.objects.get(pk=day.pk)
        day.body = [actions_block(action("Une action réécrite", [self.school]))]
        day.save_revision()
        self.assertEqual(len(self.receiver.received()), 1)  # a draft: nothing
        self.publish(day)
        self.unpublish(day)
        self.assertEqual(
            self.events(),
            [
                ("day.published", "day.published"),
                ("day.updated", "day.updated"),
                ("day.unpublished", "day.unpublished"),
            ],
        )
        bodies = [json.loads(body) for _h, body, _p in self.receiver.received()]
        self.assertIn("Une action réécrite", json.dumps(bodies[1], ensure_ascii=False))
        self.assertIsNone(bodies[2]["document"])
        keys = {body["idempotency_key"] for body in bodies}
        self.assertEqual(len(keys), 3)
        # Put live again: a new publication, so a new "published" event.
        self.publish(day)
        self.assertEqual(self.events()[-1][0], "day.published")
        self.assertEqual(WebhookDelivery.objects.filter(status=Status.SENT).count(), 4)

    def test_an_endpoint_gets_only_the_events_it_chose(self):
        other = self.start_receiver()
        self.add_endpoint(other, name="Onisep", events=["day.unpublished"])
        day = self.publish(self.add_day(self.campaign))
        self.assertEqual(other.received(), [])
        self.unpublish(day)
        self.assertEqual(len(other.received()), 1)
        self.assertEqual(len(self.receiver.received()), 2)

    def test_an_inactive_endpoint_gets_nothing(self):
        self.endpoint.active = False
        self.endpoint.save()
        self.publish(self.add_day(self.campaign))
        self.assertEqual(self.receiver.received(), [])
        self.assertFalse(WebhookDelivery.objects.exists())

    def test_drafts_schedules_and_previews_are_never_sent(self):
        self.travel(SUNDAY_NOON)
        day = self.add_day(self.campaign)
        day.save_revision()  # a draft
        # A preview of the draft, as the admin and the headless preview do.
        CampaignDayPage.objects.get(pk=day.pk).make_preview_request()
        # Scheduled for Monday: Wagtail sends page_published, nothing is live.
        day = CampaignDayPage.objects.get(pk=day.pk)
        day.go_live_at = self.campaign.day_go_live_at(MONDAY)
        with self.captureOnCommitCallbacks(execute=True):
            day.save_revision().publish()
        self.assertFalse(CampaignDayPage.objects.get(pk=day.pk).live)
        # A day put live under a campaign still in draft is not public.
        hidden = add_campaign(slug="pas-encore", title="Pas encore", live=False)
        hidden_day = self.publish(self.add_day(hidden))
        self.assertTrue(hidden_day.live)
        self.assertEqual(self.receiver.received(), [])
        self.assertFalse(WebhookDelivery.objects.exists())
        # When that campaign goes live, its live day is announced.
        self.publish(hidden)
        self.assertEqual(self.events(), [("day.published", "day.published")])
        # An edit of the live campaign announces nothing more.
        with self.captureOnCommitCallbacks(execute=True):
            hidden.save_revision().publish()
        self.assertEqual(len(self.receiver.received()), 1)
        # The scheduled day goes live on Monday: announced then, by the scheduler.
        self.travel(MONDAY_MORNING)
        with self.captureOnCommitCallbacks(execute=True):
            run_pass()
        self.assertEqual(len(self.receiver.received()), 2)
        self.assertIn(ACTION, self.receiver.received()[1][1].decode())

    def test_the_same_event_twice_is_delivered_once(self):
        day = self.publish(self.add_day(self.campaign))
        # The same go-live reported again (a second scheduler, a signal sent
        # twice): the same key, so nothing new.
        day = CampaignDayPage.objects.get(pk=day.pk)
        campaign = day.get_parent().specific
        with self.captureOnCommitCallbacks(execute=True):
            day_events.emit(WebhookEvent.DAY_PUBLISHED, day, campaign)
            day_events.on_day_published(
                CampaignDayPage, instance=day, revision=day.live_revision
            )
        self.assertEqual(len(self.receiver.received()), 1)
        self.assertEqual(WebhookDelivery.objects.count(), 1)

    def test_a_failing_receiver_is_retried_with_back_off_until_it_recovers(self):
        self.endpoint.delete()
        flaky = self.start_receiver(failures=2)
        self.add_endpoint(flaky, name="Partenaire fragile")
        self.travel(MONDAY_MORNING)
        self.publish(self.add_day(self.campaign))
        delivery = WebhookDelivery.objects.get()
        self.assertEqual((delivery.status, delivery.attempts), (Status.FAILED, 1))
        self.assertEqual(delivery.response_status, 500)
        self.assertIn("Le partenaire a répondu 500", delivery.last_error)
        self.assertIn("erreur interne du partenaire", delivery.last_error)
        first_delay = sending.retry_delay(1)
        self.assertAlmostEqual(
            (delivery.next_attempt_at - delivery.updated_at).total_seconds(),
            first_delay.total_seconds(),
            delta=1,
        )
        # Not due yet: the scheduler's pass leaves it.
        run_pass()
        self.assertEqual(len(flaky.received()), 1)
        self.travel(MONDAY_MORNING + first_delay + dt.timedelta(seconds=5))
        run_pass()
        delivery.refresh_from_db()
        self.assertEqual((delivery.status, delivery.attempts), (Status.FAILED, 2))
        second_delay = sending.retry_delay(2)
        self.assertGreater(second_delay, first_delay)
        self.travel(
            MONDAY_MORNING + first_delay + second_delay + dt.timedelta(seconds=10)
        )
        run_pass()
        delivery.refresh_from_db()
        self.assertEqual((delivery.status, delivery.attempts), (Status.SENT, 3))
        self.assertEqual(delivery.last_error, "")
        requests = flaky.received()
        self.assertEqual(len(requests), 3)
        # The same event each time: same body and key, each attempt signed.
        self.assertEqual({body for _h, body, _p in requests}, {requests[0][1]})
        self.assertEqual(len({h["Idempotency-Key"] for h, _b, _p in requests}), 1)
        self.assertTrue(all(verify(SECRET, h, b) for h, b, _p in requests))

    def test_retries_stop_after_the_last_attempt(self):
        self.endpoint.delete()
        broken = self.start_receiver(failures=100)
        self.add_endpoint(broken, name="Partenaire en panne")
        start = MONDAY_MORNING
        self.travel(start)
        with override_settings(
            CAMPAIGN={**getattr(settings, "CAMPAIGN", {}), "WEBHOOK_MAX_ATTEMPTS": 3}
        ):
            self.publish(self.add_day(self.campaign))
            for hours in (1, 2, 3, 4):
                self.travel(start + dt.timedelta(hours=hours * 5))
                run_pass()
        delivery = WebhookDelivery.objects.get()
        self.assertEqual((delivery.status, delivery.attempts), (Status.ABANDONED, 3))
        self.assertIsNone(delivery.next_attempt_at)
        self.assertEqual(len(broken.received()), 3)

    def test_a_receiver_that_never_answers_times_out(self):
        self.endpoint.delete()
        silent = self.start_receiver(silent=True)
        self.add_endpoint(silent, name="Partenaire muet")
        with override_settings(
            CAMPAIGN={**getattr(settings, "CAMPAIGN", {}), "WEBHOOK_TIMEOUT": 0.5}
        ):
            self.publish(self.add_day(self.campaign))
        self.assertEqual(len(silent.received()), 1)
        delivery = WebhookDelivery.objects.get()
        self.assertEqual((delivery.status, delivery.attempts), (Status.FAILED, 1))
        self.assertIsNone(delivery.response_status)
        self.assertEqual(
            delivery.last_error,
            "Pas de réponse du partenaire en 0.5 s (délai dépassé).",
        )
        self.assertIsNotNone(delivery.next_attempt_at)

    def test_an_unreachable_receiver_is_a_failure_not_an_error(self):
        self.endpoint.url = "http://127.0.0.1:9/"  # discard port: refused
        self.endpoint.save()
        day = self.publish(self.add_day(self.campaign))
        self.assertTrue(day.live)
        delivery = WebhookDelivery.objects.get()
        self.assertEqual(delivery.status, Status.FAILED)
        self.assertTrue(delivery.last_error.startswith("Partenaire injoignable"))


class TestPublishingNeverFailsForWebhooks(ReceiverMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        default_site_at_admin_base_url()
        cls.campaign = add_campaign()
        cls.school = add_establishment("Collège Henri Bretin", "Neuvic", "24")

    def test_a_failure_while_recording_leaves_the_day_published(self):
        receiver = self.start_receiver()
        self.add_endpoint(receiver)
        day = self.add_day(self.campaign)
        with (
            mock.patch.object(
                recording, "build_payload", side_effect=RuntimeError("bogue")
            ),
            self.assertLogs("campaign.partners.webhooks.recording", "ERROR"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            day.get_latest_revision().publish()
        self.assertTrue(CampaignDayPage.objects.get(pk=day.pk).live)
        self.assertFalse(WebhookDelivery.objects.exists())


class TestEndpointValidation(TestCase):
    def endpoint(self, **fields):
        values = {
            "name": "Partenaire",
            "url": "https://partenaire.example.fr/webhook",
            "secret": SECRET,
            "events": ["day.published"],
            **fields,
        }
        return WebhookEndpoint(**values)

    def messages(self, **fields):
        try:
            self.endpoint(**fields).full_clean()
        except ValidationError as error:
            return error.message_dict
        return {}

    def test_a_good_endpoint_is_valid(self):
        self.assertEqual(self.messages(), {})
        self.assertEqual(self.messages(url="http://127.0.0.1:8080/hook"), {})

    def test_only_http_and_https_addresses(self):
        for url in (
            "ftp://partenaire.fr/hook",
            "file:///etc/passwd",
            "javascript:alert(1)",
        ):
            with self.subTest(url=url):
                messages = self.messages(url=url)["url"]
                self.assertTrue(any("https://" in m for m in messages), messages)
        self.assertIn(
            "L’adresse ne doit pas contenir d’identifiant ni de mot de passe : "
            "la signature authentifie l’envoi.",
            self.messages(url="https://moi:secret@partenaire.fr/hook")["url"],
        )

    def test_a_short_secret_and_unknown_events_are_refused(self):
        self.assertEqual(
            self.messages(secret="court")["secret"],
            ["Le secret doit compter au moins 16 caractères."],
        )
        self.assertEqual(
            self.messages(events=["day.deleted"])["events"],
            ["Événement inconnu : day.deleted."],
        )
        self.assertEqual(
            self.messages(events=[])["events"], ["Choisissez au moins un événement."]
        )


class TestWebhookAdmin(ReceiverMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        default_site_at_admin_base_url()
        User = get_user_model()
        cls.editeur = User.objects.create_user("editeur", "e@example.org", "pw")
        cls.editeur.groups.add(editorial_group(EDITEURS))
        cls.communicant = User.objects.create_user("comm", "c@example.org", "pw")
        cls.communicant.groups.add(editorial_group(COMMUNICANTS))

    def form(self, **fields):
        return {
            "name": "Académie de Bordeaux",
            "url": "https://ac-bordeaux.example.fr/persev",
            "secret": SECRET,
            "events": ["day.published", "day.updated"],
            "active": "on",
            **fields,
        }

    def test_an_editeur_registers_an_endpoint(self):
        self.client.force_login(self.editeur)
        response = self.client.post(reverse("webhook_endpoints:add"), self.form())
        self.assertEqual(response.status_code, 302)
        endpoint = WebhookEndpoint.objects.get()
        self.assertEqual(endpoint.events, ["day.published", "day.updated"])
        self.assertEqual(endpoint.secret, SECRET)
        listing = self.client.get(reverse("webhook_endpoints:index"))
        self.assertContains(listing, "Académie de Bordeaux")
        self.assertContains(listing, "journée mise en ligne, journée modifiée")

    def test_an_editeur_changes_an_endpoint(self):
        endpoint = WebhookEndpoint.objects.create(
            name="Onisep",
            url="https://onisep.example.fr/hook",
            secret=SECRET,
            events=["day.published"],
        )
        self.client.force_login(self.editeur)
        url = reverse("webhook_endpoints:edit", args=[endpoint.pk])
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200)
        self.assertRegex(
            page.content.decode(), r'value="day\.published" id="id_events_0" checked'
        )
        response = self.client.post(
            url, self.form(name="Onisep", events=["day.unpublished"], active="")
        )
        self.assertEqual(response.status_code, 302)
        endpoint.refresh_from_db()
        self.assertEqual(endpoint.events, ["day.unpublished"])
        self.assertFalse(endpoint.active)

    def test_bad_addresses_get_french_messages(self):
        self.client.force_login(self.editeur)
        response = self.client.post(
            reverse("webhook_endpoints:add"), self.form(url="ftp://ac-bordeaux.fr/x")
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "n’est pas accepté")
        response = self.client.post(
            reverse("webhook_endpoints:add"), self.form(url="pas une adresse")
        )
        self.assertContains(response, "Saisissez une adresse web complète")
        response = self.client.post(
            reverse("webhook_endpoints:add"), self.form(secret="court", events=[])
        )
        self.assertContains(response, "Le secret doit compter au moins 16 caractères.")
        self.assertContains(response, "Choisissez au moins un événement.")
        self.assertFalse(WebhookEndpoint.objects.exists())

    def test_communicants_neither_see_nor_register_endpoints(self):
        self.client.force_login(self.communicant)
        for name in ("webhook_endpoints:index", "webhook_endpoints:add"):
            response = self.client.get(reverse(name))
            self.assertEqual(response.status_code, 302, name)  # to the dashboard
        response = self.client.get(reverse("webhook_deliveries:index"))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(WebhookEndpoint.objects.exists())

    def test_deliveries_are_listed_read_only(self):
        receiver = self.start_receiver()
        endpoint = self.add_endpoint(receiver)
        WebhookDelivery.objects.create(
            endpoint=endpoint,
            event=WebhookEvent.DAY_PUBLISHED,
            event_key="k1",
            idempotency_key="cle-1",
            day_date=MONDAY,
            body="{}",
            status=Status.FAILED,
            attempts=2,
            last_error="Pas de réponse du partenaire en 10 s (délai dépassé).",
        )
        self.client.force_login(self.editeur)
        response = self.client.get(reverse("webhook_deliveries:index"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Envois des webhooks")
        self.assertContains(response, "Académie de Poitiers")
        self.assertContains(response, "journée mise en ligne")
        self.assertContains(response, "1er février 2021")
        self.assertContains(response, "échec, nouvel essai prévu")
        self.assertContains(response, "délai dépassé")
        self.assertEqual(
            self.client.get(reverse("webhook_deliveries:add")).status_code, 302
        )


class TestOnceUnderRace(RaceMixin, ReceiverMixin, TransactionTestCase):
    """Two threads, each with its own database connection: two schedulers
    passing at once, two processes recording the same event."""

    def setUp(self):
        super().setUp()
        default_site_at_admin_base_url()
        self.campaign = add_campaign()
        self.school = add_establishment("Lycée Jean Favard", "Guéret", "23")
        self.day = self.add_day(self.campaign)
        self.receiver = self.start_receiver()
        self.add_endpoint(self.receiver)

    def test_two_schedulers_deliver_once(self):
        with time_machine.travel(SUNDAY_NOON, tick=True):
            day = CampaignDayPage.objects.get(pk=self.day.pk)
            day.go_live_at = self.campaign.day_go_live_at(MONDAY)
            day.save_revision().publish()
        self.assertFalse(WebhookDelivery.objects.exists())
        with time_machine.travel(MONDAY_MORNING, tick=True):
            self.race(run_pass)
        self.assertTrue(CampaignDayPage.objects.get(pk=self.day.pk).live)
        self.assertEqual(WebhookDelivery.objects.get().status, Status.SENT)
        self.assertEqual(len(self.receiver.received()), 1)

    def test_two_publications_of_the_same_version_deliver_once(self):
        revision = self.day.get_latest_revision()
        self.race(revision.publish)
        self.assertTrue(CampaignDayPage.objects.get(pk=self.day.pk).live)
        self.assertEqual(WebhookDelivery.objects.get().event, "day.published")
        self.assertEqual(len(self.receiver.received()), 1)

    def test_the_same_event_recorded_at_once_makes_one_delivery(self):
        self.day.get_latest_revision().publish()
        WebhookDelivery.objects.all().delete()  # only the race's own records
        day = CampaignDayPage.objects.get(pk=self.day.pk)

        def record_in_a_transaction():
            with transaction.atomic():
                return recording.record(WebhookEvent.DAY_PUBLISHED, day, self.campaign)

        results = self.race(record_in_a_transaction, threads=4)
        self.assertEqual(sorted(len(r) for r in results), [0, 0, 0, 1])
        self.assertEqual(WebhookDelivery.objects.count(), 1)

    def test_two_senders_send_once(self):
        self.day.get_latest_revision().publish()
        delivery = WebhookDelivery.objects.get()
        if delivery.status == Status.SENT:  # the commit's task already sent it
            WebhookDelivery.objects.filter(pk=delivery.pk).update(
                status=Status.FAILED, attempts=1
            )
        before = len(self.receiver.received())
        results = self.race(sending.send, delivery.pk, threads=4)
        self.assertEqual(results.count(True), 1)
        self.assertEqual(len(self.receiver.received()), before + 1)
