import contextlib
import logging
import signal
import threading
import time

from django.core.management.base import BaseCommand
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
)
from django.urls import get_resolver
from django.utils import timezone

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


class Command(BaseCommand):
    help = (
        "Programmateur : publie les journées programmées et retire les contenus expirés "
        "à l’heure dite (réveillé à l’heure de la prochaine mise en ligne, au plus tard "
        "toutes les --interval secondes), jusqu’à l’arrêt (Ctrl+C ou SIGTERM)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=20.0,
            help="Secondes au plus entre deux passages (20 par défaut) ; le "
            "programmateur se réveille plus tôt à l’heure d’une mise en ligne.",
        )
        parser.add_argument(
            "--once", action="store_true", help="Un seul passage, puis s’arrêter."
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
            f"Programmateur démarré (réveillé à l’heure de chaque mise en ligne, "
            f"un passage au moins toutes les {interval:g} s)."
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
                            "Programmateur : la base de données répond de nouveau."
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
                            "Programmateur : la base de données ne répond pas (%s) ; "
                            "nouvel essai toutes les %g s.",
                            reason[0] if reason else type(error).__name__,
                            interval,
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
        self.stdout.write("Programmateur arrêté.")

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
