"""`manage.py run_scheduler` as a real process, against the test database.

The scheduler runs in another process, so it must reach the database this
test uses:

- on PostgreSQL, the test database (`test_<name>`, or its per-worker clone
  with --parallel) is given to the process as DATABASE_URL;
- on SQLite, the test database lives in this process's memory, which no
  other process can open: the test copies it into a temporary file, moves its
  own connection onto that file for the duration of the test (the in-memory
  database is kept open, untouched, and given back afterwards) and gives the
  file to the process.

Hence TransactionTestCase: the data must be committed for the process to see
it (serialized_rollback restores the home page and the groups the migrations
created, which the flush after each test removes).
"""

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from django.test import TransactionTestCase
from django.utils import timezone
from wagtail.models import PageLogEntry

from campaign.models import CampaignDayPage, SchedulerState
from tests.builders import EDITEURS, ApprovedDaysWait, add_campaign, add_day, make_user

PROJECT_ROOT = Path(__file__).resolve().parents[2]
STARTED = "Programmateur démarré"
STOPPED = "Programmateur arrêté."
# Days are scheduled this far ahead: saving and approving three revisions
# through Wagtail takes seconds on a loaded CI machine, and a day that fell
# due while the next one was being scheduled would be published before the
# race begins (a 3 s margin did, once, under a load average of 16).
SCHEDULE_MARGIN = dt.timedelta(seconds=10)
WAIT_LIMIT = 60  # seconds: generous for a loaded machine, still bounded

# `python -c SLOW_PUBLISH <delay> run_scheduler …`: manage.py, with every
# revision publication made slower, so that two schedulers' passes surely
# overlap (a pass is otherwise over in a few milliseconds).
SLOW_PUBLISH = """
import sys, time
import django
from django.core.management import execute_from_command_line

django.setup()
from wagtail.models import Revision

delay = float(sys.argv[1])
publish = Revision.publish

def slow_publish(self, *args, **kwargs):
    time.sleep(delay)
    return publish(self, *args, **kwargs)

Revision.publish = slow_publish
execute_from_command_line(["manage.py", *sys.argv[2:]])
"""


def postgres_url(settings_dict):
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(str(settings_dict.get("PASSWORD") or ""), safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or ""
    if host.startswith("/"):  # a Unix socket directory
        host = quote(host, safe="")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    name = quote(settings_dict["NAME"], safe="")
    return f"postgres://{credentials}{host}{port}/{name}"


class SchedulerProcessTestCase(ApprovedDaysWait, TransactionTestCase):
    serialized_rollback = True

    def setUp(self):
        self.database_url = self.share_database()
        self.processes = []
        self.editeur = make_user("eddie", EDITEURS)
        self.campaign = add_campaign()

    def share_database(self):
        """A DATABASE_URL for the process: the very database this test uses."""
        if connection.vendor == "postgresql":
            return postgres_url(connection.settings_dict)
        if connection.vendor != "sqlite":
            self.skipTest(f"No way to share a {connection.vendor} test database.")
        if not connection.is_in_memory_db():
            return f"sqlite:///{connection.settings_dict['NAME']}"

        handle, path = tempfile.mkstemp(prefix="persev-scheduler-", suffix=".sqlite3")
        os.close(handle)
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        memory_connection, memory_name = (
            connection.connection,
            connection.settings_dict["NAME"],
        )
        # Detach, don't close: closing the last connection to an in-memory
        # database would destroy it.
        connection.connection = None
        connection.settings_dict["NAME"] = path

        def give_back():
            connection.close()
            connection.settings_dict["NAME"] = memory_name
            connection.connection = memory_connection
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(path + suffix).unlink(missing_ok=True)

        self.addCleanup(give_back)
        return f"sqlite:///{path}"

    def start_scheduler(self, interval, publish_delay=None):
        """`manage.py run_scheduler --interval <interval>` in its own process.

        With `publish_delay`, each revision publication of the process waits
        that long first: the process is started through a small bootstrap
        that slows Revision.publish down, then runs the same command.
        """
        output = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        errors = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
            "DATABASE_URL": self.database_url,
            "PYTHONUNBUFFERED": "1",
        }
        command = ["run_scheduler", "--interval", str(interval)]
        if publish_delay is None:
            argv = [sys.executable, "manage.py", *command]
        else:
            argv = [sys.executable, "-c", SLOW_PUBLISH, str(publish_delay), *command]
        process = subprocess.Popen(
            argv, cwd=PROJECT_ROOT, env=env, stdout=output, stderr=errors
        )
        process.output, process.errors = output, errors
        self.processes.append(process)
        self.addCleanup(self.stop_for_good, process)
        return process

    def stop_for_good(self, process):
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        process.output.close()
        process.errors.close()

    @staticmethod
    def read(stream):
        stream.seek(0)
        return stream.read()

    def wait_for(self, condition, what, limit=WAIT_LIMIT):
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if condition():
                return
            for process in self.processes:
                if process.poll() is not None:
                    self.fail(
                        f"The scheduler stopped (exit {process.returncode}) while "
                        f"waiting for {what}:\n{self.read(process.errors)}"
                    )
            time.sleep(0.1)
        details = "\n".join(self.read(p.errors) for p in self.processes)
        self.fail(f"Waited {limit} s for {what}, in vain.\n{details}")

    def started(self, process):
        return STARTED in self.read(process.output)

    def terminate(self, process):
        """SIGTERM; returns (exit code, stdout, stderr)."""
        process.send_signal(signal.SIGTERM)
        # SIGTERM ends the loop after the pass in progress; on a loaded CI
        # machine a pass can take seconds, so allow for it (bounded).
        code = process.wait(timeout=30)
        return code, self.read(process.output), self.read(process.errors)

    def schedule(self, date, go_live_at):
        """An approved revision of a day, scheduled at `go_live_at`."""
        day = add_day(self.campaign, date, live=False)
        day.go_live_at = go_live_at
        day.save_revision(user=self.editeur).publish(user=self.editeur)
        day = CampaignDayPage.objects.get(pk=day.pk)
        self.assertFalse(day.live)
        self.assertTrue(day.approved_schedule)
        return day

    def is_live(self, *days):
        return all(CampaignDayPage.objects.get(pk=day.pk).live for day in days)


class TestRunScheduler(SchedulerProcessTestCase):
    def test_a_scheduled_day_goes_live_then_sigterm_stops_it_cleanly(self):
        process = self.start_scheduler(interval=1)
        self.wait_for(lambda: self.started(process), "the scheduler to start")
        go_live_at = timezone.now() + SCHEDULE_MARGIN
        day = self.schedule(dt.date(2021, 2, 3), go_live_at)
        self.assertEqual(self.client.get(day.url).status_code, 404)

        self.wait_for(lambda: self.is_live(day), "the day to go live")
        day = CampaignDayPage.objects.get(pk=day.pk)
        # Live at its time, and well within the minute the product promises.
        self.assertGreaterEqual(day.first_published_at, go_live_at)
        self.assertLess(day.first_published_at, go_live_at + dt.timedelta(seconds=60))
        self.assertFalse(day.approved_schedule)
        self.assertEqual(self.client.get(day.url).status_code, 200)
        self.assertEqual(
            PageLogEntry.objects.filter(
                page=day, action="wagtail.publish.scheduled"
            ).count(),
            1,
        )

        code, output, errors = self.terminate(process)
        self.assertEqual(code, 0, errors)
        self.assertIn(f"Mise en ligne : « {day.title} » (page {day.pk})", output)
        self.assertTrue(output.rstrip().endswith(STOPPED), output)
        self.assertNotIn("Traceback", errors)


class TestWakeUp(SchedulerProcessTestCase):
    def test_it_wakes_at_the_go_live_time_not_at_the_end_of_its_interval(self):
        # Nothing is scheduled when it goes to sleep for (at most) an hour;
        # a day scheduled meanwhile still goes live at its time.
        process = self.start_scheduler(interval=3600)
        self.wait_for(lambda: self.started(process), "the scheduler to start")
        go_live_at = timezone.now() + SCHEDULE_MARGIN
        day = self.schedule(dt.date(2021, 2, 3), go_live_at)
        self.wait_for(lambda: self.is_live(day), "the day to go live")
        day = CampaignDayPage.objects.get(pk=day.pk)
        self.assertGreaterEqual(day.first_published_at, go_live_at)
        code, output, errors = self.terminate(process)
        self.assertEqual(code, 0, errors)
        self.assertIn(f"Mise en ligne : « {day.title} » (page {day.pk})", output)


class TestTwoSchedulersRacing(SchedulerProcessTestCase):
    def race(self, publish_delay=None, due_after_start=False):
        """Two schedulers, three days due; returns after stopping both."""
        dates = (dt.date(2021, 2, 3), dt.date(2021, 2, 4), dt.date(2021, 2, 5))
        if not due_after_start:
            # Due by the time the schedulers make their first pass.
            due = timezone.now() + SCHEDULE_MARGIN
            days = [self.schedule(date, due) for date in dates]
        first = self.start_scheduler(interval=0.2, publish_delay=publish_delay)
        second = self.start_scheduler(interval=0.2, publish_delay=publish_delay)
        self.wait_for(
            lambda: self.started(first) and self.started(second),
            "both schedulers to start",
        )
        if due_after_start:
            # Both are running their loops when the days fall due.
            self.wait_for(
                lambda: SchedulerState.objects.exclude(last_run_at=None).exists(),
                "a first pass",
            )
            due = timezone.now() + SCHEDULE_MARGIN
            days = [self.schedule(date, due) for date in dates]
        revisions = {day.pk: day.revisions.count() for day in days}
        self.wait_for(lambda: self.is_live(*days), "the days to go live")
        time.sleep(1.5)  # more passes of both, with nothing left to do

        outputs = []
        for process in (first, second):
            code, output, errors = self.terminate(process)
            with self.subTest(process=process.pid):
                self.assertEqual(code, 0, errors)
                self.assertNotIn("Traceback", errors)
                self.assertNotIn(" ERROR ", errors)  # a logged failed pass
                self.assertTrue(output.rstrip().endswith(STOPPED), output)
            outputs.append(output)

        for day in days:
            with self.subTest(day=day.title):
                day = CampaignDayPage.objects.get(pk=day.pk)
                self.assertTrue(day.live)
                self.assertEqual(
                    PageLogEntry.objects.filter(
                        page=day, action="wagtail.publish.scheduled"
                    ).count(),
                    1,
                )
                # One revision, published once: no new revision, no second
                # publication moving last_published_at.
                self.assertEqual(day.revisions.count(), revisions[day.pk])
                self.assertEqual(day.live_revision_id, day.latest_revision_id)
                self.assertEqual(day.first_published_at, day.last_published_at)
                # Reported by exactly one of the two schedulers.
                line = f"Mise en ligne : « {day.title} » (page {day.pk})"
                self.assertEqual("\n".join(outputs).count(line), 1, outputs)

    def test_each_day_is_published_once(self):
        self.race()

    def test_each_day_is_published_once_when_passes_overlap(self):
        # Each publication takes 0.4 s: the first pass to find the days due
        # holds them for 1.2 s, during which the other scheduler passes too.
        self.race(publish_delay=0.4, due_after_start=True)
