import logging
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from campaign.services.scheduler import run_pass

logger = logging.getLogger("campaign.scheduler")


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
        try:
            while not stop.is_set():
                close_old_connections()
                try:
                    report = run_pass()
                    if report:
                        self.stdout.write(report)
                except Exception:
                    # The database may be restarting, a page may fail to publish:
                    # log it (with its traceback) and try again next pass, rather
                    # than stop publishing for good.
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
