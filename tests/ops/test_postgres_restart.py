"""The web server and the scheduler survive a restart of PostgreSQL.

The test starts a PostgreSQL server of its own (initdb + pg_ctl in a temporary
folder, on a free port; run as the `postgres` user when the suite runs as
root), migrates it and loads the demo, then starts what production runs
against it: gunicorn (production settings, two workers, persistent
connections: DATABASE_CONN_MAX_AGE=60) and `run_scheduler --interval 1`.

A day is scheduled to go live a few seconds later, and PostgreSQL is stopped
at once (`pg_ctl stop -m fast`, which cuts every connection) and started
again a few seconds later. Meanwhile the site answers its French error page,
not a traceback. Afterwards, without restarting anything:

- every page answers 200 again (the workers' dead connections are replaced:
  CONN_HEALTH_CHECKS, persev_site/settings/base.py);
- the scheduler is still running, has said that the database was
  unreachable, and publishes the day: once (one "wagtail.publish.scheduled"
  entry, one e-mail) and after the restart.

Runs whenever initdb and pg_ctl are found ($PERSEV_PG_BIN, the PATH or
/usr/lib/postgresql/<version>/bin), on SQLite as on PostgreSQL: it never
touches the suite's database nor the machine's PostgreSQL server. About 45 s
on a quiet machine.
"""

import datetime as dt
import logging
import os
import signal
import time
import unittest
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.db import InterfaceError, OperationalError
from django.test import SimpleTestCase

from tests.ops import processes

OUTAGE_SECONDS = 4
# When the scheduled day goes live, counted from its scheduling. PostgreSQL
# stops right after (well within this lead): the day is due once it is back
# or, on a very slow machine, while it is down; never before.
GO_LIVE_LEAD = 12
WEDNESDAY = "2021-02-03"
NEW_ACTION = "Action du mercredi, publiée après le redémarrage"

# Schedule a day as an éditeur does (an approved revision with a go-live
# time: the revision's approved_go_live_at), and give the campaign an e-mail
# recipient, so that the day's publication sends one e-mail.
SCHEDULE_DAY = """
import copy
from datetime import date, timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from campaign.models import CampaignDayPage, CampaignPage

campaign = CampaignPage.objects.live().get(slug="semaine-perseverance-scolaire-2021")
CampaignPage.objects.filter(pk=campaign.pk).update(recipients="liste-persev@example.org")
monday = CampaignDayPage.objects.child_of(campaign).live().order_by("date").first()
body = copy.deepcopy(list(monday.body.raw_data))
next(b for b in body if b["type"] == "actions")["value"]["actions"][0]["value"]["title"] = PARAMS["action"]
day = CampaignDayPage(title="", date=date.fromisoformat(PARAMS["date"]), body=body, live=False)
campaign.add_child(instance=day)
editor = get_user_model().objects.get(username=PARAMS["username"])
day.go_live_at = timezone.now() + timedelta(seconds=PARAMS["lead"])
day.save_revision(user=editor).publish(user=editor)
day = CampaignDayPage.objects.get(pk=day.pk)
assert not day.live and day.approved_schedule
print(json.dumps({"id": day.pk, "url": day.get_url(), "go_live_at": day.go_live_at.timestamp()}))
"""


def skip_reason():
    if processes.postgres_binaries() is None:
        return (
            "Redémarrage de PostgreSQL non testé : initdb et pg_ctl sont introuvables "
            "(PERSEV_PG_BIN, PATH, /usr/lib/postgresql/*/bin)."
        )
    if processes.cluster_user() is None:
        return (
            "Redémarrage de PostgreSQL non testé : la suite tourne en root et "
            "l’utilisateur « postgres » n’existe pas (PostgreSQL refuse root)."
        )
    return ""


class PostgresRestartTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        reason = skip_reason()
        if reason:
            raise unittest.SkipTest(reason)
        cls.cluster = processes.PostgresCluster(
            processes.postgres_binaries(), processes.cluster_user()
        )
        cls.addClassCleanup(cls.cluster.destroy)
        cls.cluster.init()
        cls.cluster.start()
        database_url = cls.cluster.create_database("persev")
        cls.env = processes.server_env(cls.cluster.folder / "site", database_url)
        cls.days = processes.prepare_site(cls.env)
        cls.web, cls.base_url = processes.start_gunicorn(cls.env, workers=2)
        cls.addClassCleanup(cls.web.close)
        cls.scheduler = processes.start_scheduler(cls.env, interval=1)
        cls.addClassCleanup(cls.scheduler.close)

    def query(self, sql, *params):
        with self.cluster.connect("persev") as conn:
            return conn.execute(sql, params).fetchall()

    def scheduler_last_run(self):
        rows = self.query(
            "SELECT last_run_at FROM campaign_schedulerstate WHERE name = 'publication'"
        )
        return rows[0][0] if rows and rows[0][0] else None

    def statuses(self, paths, rounds=3):
        """The status of each GET of each path, `rounds` times (two workers:
        most likely both get some)."""
        return [
            processes.get(self.base_url + path).status_code
            for _round in range(rounds)
            for path in paths
        ]

    def test_web_server_and_scheduler_survive_a_postgresql_restart(self):
        paths = ["/", *[day["url"] for day in self.days]]
        self.assertEqual(set(self.statuses(paths)), {200})
        processes.wait_for(
            lambda: self.scheduler_last_run() is not None,
            "a first pass of the scheduler",
            processes=[self.scheduler],
        )

        day = processes.run_python(
            self.env,
            SCHEDULE_DAY,
            date=WEDNESDAY,
            action=NEW_ACTION,
            lead=GO_LIVE_LEAD,
            username=processes.EDITOR["username"],
        )
        go_live_at = dt.datetime.fromtimestamp(day["go_live_at"], tz=dt.UTC)

        # -- PostgreSQL goes down -----------------------------------------------
        self.cluster.stop(mode="fast")
        down_at = dt.datetime.now(tz=dt.UTC)
        self.assertLess(
            down_at,
            go_live_at,
            "PostgreSQL stopped after the day's go-live time: the test proves "
            "nothing (raise GO_LIVE_LEAD).",
        )
        during = processes.get(self.base_url + self.days[0]["url"])
        self.assertEqual(during.status_code, 503, during.text[:300])
        self.assertEqual(during.headers.get("Retry-After"), "30")
        self.assertIn('lang="fr"', during.text)
        self.assertNotIn("Traceback", during.text)
        self.assertNotIn("OperationalError", during.text)
        time.sleep(OUTAGE_SECONDS)
        self.assertTrue(self.scheduler.alive(), self.scheduler.log()[-3000:])

        # -- and comes back ------------------------------------------------------
        self.cluster.start()
        up_at = dt.datetime.now(tz=dt.UTC)

        # The web server: every page at once, without a restart.
        after = self.statuses(paths)
        self.assertEqual(
            after,
            [200] * len(after),
            f"Statuses after the restart: {after}\n{self.web.log()[-3000:]}",
        )

        # The scheduler: still there, passes again, publishes the day.
        processes.wait_for(
            lambda: (self.scheduler_last_run() or down_at) > up_at,
            "a pass of the scheduler after the restart",
            processes=[self.scheduler],
        )
        processes.wait_for(
            lambda: self.query(
                "SELECT live FROM wagtailcore_page WHERE id = %s", day["id"]
            )[0][0],
            "the scheduled day to go live",
            processes=[self.scheduler],
        )
        response = processes.get(self.base_url + day["url"])
        self.assertEqual(response.status_code, 200)
        self.assertIn(NEW_ACTION, response.text)

        # Once, and after the restart.
        published = self.query(
            "SELECT timestamp FROM wagtailcore_pagelogentry "
            "WHERE page_id = %s AND action = 'wagtail.publish.scheduled'",
            day["id"],
        )
        self.assertEqual(len(published), 1, published)
        self.assertGreater(published[0][0], up_at)
        processes.wait_for(
            lambda: (
                self.query(
                    "SELECT status FROM campaign_dayemaildelivery WHERE day_id = %s",
                    day["id"],
                )
                == [("sent",)]
            ),
            "the day's e-mail to be sent",
            processes=[self.scheduler],
        )
        mails = list((self.cluster.folder / "site" / "mail").iterdir())
        self.assertEqual(len(mails), 1, [m.name for m in mails])
        self.assertTrue(self.scheduler.alive())
        # One warning for the outage, one when it is over; no traceback.
        log = self.scheduler.log()
        self.assertEqual(log.count("la base de données ne répond pas"), 1, log)
        self.assertEqual(log.count("la base de données répond de nouveau"), 1, log)
        self.assertNotIn("Traceback", log)


@mock.patch("campaign.management.commands.run_scheduler.close_old_connections")
class SchedulerLoopOutageTests(SimpleTestCase):
    """The loop of `run_scheduler` when the database is out of reach, in-process
    (the real restart: PostgresRestartTests above)."""

    def run_loop(self, outcomes, seconds_to_wait=None):
        """Run the command; each pass takes the next outcome (an exception to
        raise, or a report); the pass after the last one stops the loop."""
        outcomes = list(outcomes)
        calls = []

        def run_pass():
            calls.append(1)
            if not outcomes:
                os.kill(os.getpid(), signal.SIGTERM)
                return ""
            outcome = outcomes.pop(0)
            if isinstance(outcome, Exception):
                raise outcome
            return outcome

        out = StringIO()
        records = []
        handler = logging.Handler(logging.DEBUG)
        handler.emit = records.append
        logger = logging.getLogger("campaign.scheduler")
        level, propagate = logger.level, logger.propagate
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        logger.propagate = False  # kept off the console
        try:
            # Nothing is due between passes: each sleep lasts the interval
            # (the loop's wake-up query is tested in test_run_scheduler).
            with (
                mock.patch(
                    "campaign.management.commands.run_scheduler.run_pass", run_pass
                ),
                mock.patch(
                    "campaign.management.commands.run_scheduler.seconds_to_wait",
                    seconds_to_wait or (lambda pass_started, interval: interval),
                ),
            ):
                call_command("run_scheduler", "--interval", "0.01", stdout=out)
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.propagate = propagate
        return len(calls), records, out.getvalue()

    def test_an_outage_is_one_warning_then_passes_resume(self, close_old_connections):
        down = OperationalError("connection refused\nIs the server running?")
        passes, records, out = self.run_loop(
            [
                down,
                InterfaceError("connection already closed"),
                down,
                "Mise en ligne : x",
            ]
        )
        self.assertEqual(passes, 5)
        messages = [(r.levelname, r.getMessage()) for r in records]
        self.assertEqual(
            messages,
            [
                (
                    "WARNING",
                    "Programmateur : la base de données ne répond pas "
                    "(connection refused) ; nouvel essai toutes les 0.01 s.",
                ),
                ("WARNING", "Programmateur : la base de données répond de nouveau."),
            ],
        )
        self.assertIn("Mise en ligne : x", out)
        self.assertIn("Programmateur arrêté.", out)
        # Broken connections are dropped before each pass and after each failure.
        self.assertEqual(close_old_connections.call_count, 5 + 3)

    def test_an_outage_while_asleep_is_left_to_the_next_pass(
        self, close_old_connections
    ):
        def seconds_to_wait(pass_started, interval):
            raise OperationalError("connection refused")

        passes, records, out = self.run_loop(["Mise en ligne : z"], seconds_to_wait)
        # No traceback for the wake-up query: the next pass says whether the
        # database is down (here it answers again).
        self.assertEqual(passes, 2)
        self.assertEqual(records, [])
        self.assertIn("Mise en ligne : z", out)

    def test_other_failures_keep_their_traceback(self, close_old_connections):
        passes, records, _out = self.run_loop([RuntimeError("une page cassée")])
        self.assertEqual(passes, 2)
        self.assertEqual([r.levelname for r in records], ["ERROR"])
        self.assertIsNotNone(records[0].exc_info)

    def test_a_failure_to_close_a_dead_connection_does_not_stop_the_loop(
        self, close_old_connections
    ):
        close_old_connections.side_effect = OperationalError("gone")
        passes, records, out = self.run_loop(["Mise en ligne : y"])
        self.assertEqual(passes, 2)
        self.assertEqual(records, [])
        self.assertIn("Mise en ligne : y", out)
        self.assertIn("Programmateur arrêté.", out)
