import contextlib
import logging
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
)

from campaign.publishing.scheduler import run_pass

logger = logging.getLogger("campaign.scheduler")

# What a pass raises when the database cannot be reached (PostgreSQL
# restarting, network cut, connection killed).
DATABASE_DOWN = (OperationalError, InterfaceError)


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
        "à l’heure dite (un passage toutes les --interval secondes), jusqu’à l’arrêt (Ctrl+C ou SIGTERM)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=20.0,
            help="Secondes entre deux passages (20 par défaut).",
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
            f"Programmateur démarré (un passage toutes les {interval:g} s)."
        )
        database_down = False
        try:
            while not stop.is_set():
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
                stop.wait(interval)
        finally:
            # Called in-process (call_command), leave the signals as they were.
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        self.stdout.write("Programmateur arrêté.")
