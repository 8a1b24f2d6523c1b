import contextlib
import logging
import signal
import threading
import time

from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
)
from django.urls import get_resolver
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaign.management import options
from campaign.publishing.scheduler import run_pass, seconds_to_wait

logger = logging.getLogger("campaign.scheduler")

# What a pass raises when the database cannot be reached (PostgreSQL
# restarting, network cut, connection killed).
DATABASE_DOWN = (OperationalError, InterfaceError)
# While it sleeps, the scheduler looks this often (seconds, one small query)
# for a go-live time set meanwhile that falls before its next pass.
CHECK_EVERY = 5.0


def drop_broken_connections():
    """Close the connections that failed and can no longer be used.

    Django does this at the end of each web request; a long-running command
    must do it itself, or it would keep using a dead connection. A healthy
    connection is kept (CONN_MAX_AGE).
    """
    with contextlib.suppress(DatabaseError):
        close_old_connections()


class Command(options.Command):
    help = _(
        "Scheduler: publishes the scheduled days and withdraws expired content at the set time (woken at the next go-live time, at least every --interval seconds), until stopped (Ctrl+C or SIGTERM)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=20.0,
            help=_(
                "Seconds at most between two runs (20 by default); the scheduler wakes up earlier at a go-live time."
            ),
        )
        parser.add_argument(
            "--once", action="store_true", help=_("One run, then stop.")
        )

    def handle(self, *args, interval=20.0, once=False, **options):
        stop = threading.Event()

        def request_stop(signum, frame):
            stop.set()

        previous = {
            signum: signal.signal(signum, request_stop)
            for signum in (signal.SIGTERM, signal.SIGINT)
        }
        self.stdout.write(
            gettext(
                "Scheduler started (woken at each go-live time, at least one run every %(interval)s s)."
            )
            % {"interval": f"{interval:g}"}
        )
        # The URL configuration is imported on first use: by the first
        # publication's edge purge (its addresses are reversed), a few
        # hundred ms at the go-live time. Loaded now, at start.
        get_resolver().url_patterns  # noqa: B018 - imports the URL modules
        database_down = False
        try:
            while not stop.is_set():
                pass_started = timezone.now()
                try:
                    drop_broken_connections()
                    report = run_pass()
                    if database_down:
                        database_down = False
                        logger.warning(
                            gettext("Scheduler: the database answers again.")
                        )
                    if report:
                        self.stdout.write(report)
                except DATABASE_DOWN as error:
                    # The database is restarting or out of reach: drop the
                    # dead connection, try again next pass (nothing due is
                    # lost: a pass publishes whatever is due by then). One
                    # warning per outage, not one traceback per pass.
                    drop_broken_connections()
                    if not database_down:
                        database_down = True
                        reason = str(error).strip().splitlines()
                        logger.warning(
                            gettext(
                                "Scheduler: the database does not answer (%(reason)s); trying again every %(interval)s s."
                            ),
                            {
                                "reason": reason[0] if reason else type(error).__name__,
                                "interval": f"{interval:g}",
                            },
                        )
                except Exception:
                    # A page may fail to publish: log it (with its traceback)
                    # and try again next pass, rather than stop publishing for
                    # good.
                    logger.exception(
                        "Scheduler pass failed; retrying in %s s", interval
                    )
                if once:
                    break
                self.sleep(stop, pass_started, interval)
        finally:
            # Called in-process (call_command), leave the signals as they were.
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        self.stdout.write(gettext("Scheduler stopped."))

    def sleep(self, stop, pass_started, interval):
        """Until the next go-live or expiry time, at most `interval` seconds;
        looking again every CHECK_EVERY seconds for one set meanwhile."""
        deadline = time.monotonic() + interval
        while not stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:
                wait = seconds_to_wait(pass_started, left)
            except DATABASE_DOWN:
                drop_broken_connections()
                wait = left  # the pass will say the database is down
            except Exception:
                logger.exception("Scheduler: could not read the next due time")
                wait = left
            if wait <= CHECK_EVERY:
                stop.wait(wait)
                return
            stop.wait(CHECK_EVERY)
