"""Purges sent to the front-end caches after commit, from a thread of their
own, retried until they succeed.

`submit(targets)` queues the addresses of a change (targets.py) and returns
at once: a publication never waits for a cache, and never fails because of
one. One thread per process sends them to every backend of
WAGTAILFRONTENDCACHE (Wagtail's frontend cache: Varnish, Cloudflare,
CloudFront…): prefix bans first, then the refreshes, hottest first.
An address whose purge failed (Varnish down or answering an error) is logged
and tried again after EDGE_PURGE_RETRY_DELAYS (1, 2, 5… seconds; the last
delay repeats until it goes through); a newer change to the same address
replaces its pending retry. Until then the cache keeps serving the copy it
has: at worst for s-maxage (EDGE_CACHE_SECONDS), after which it asks the
site again.

A process that stops waits for its queue a little (atexit, DRAIN_SECONDS):
`run_scheduler --once` purges what it published before it exits.
"""

import atexit
import logging
import threading
import time
from collections import OrderedDict

from django.conf import settings
from wagtail.contrib.frontend_cache.utils import get_backends

logger = logging.getLogger(__name__)

DRAIN_SECONDS = 30
PREFIX, REFRESH = "prefix", "refresh"
# The first refreshes of a change go before anything else queued.
HOT = 4
# Bans first: one sent after a refresh would drop the fresh copy.
PRIORITY = {PREFIX: 0, "hot": 1, REFRESH: 2}


def _retry_delays():
    return list(getattr(settings, "EDGE_PURGE_RETRY_DELAYS", [1, 2, 5, 15, 30, 60]))


def configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


class Purger:
    """The queue of one process and the thread that empties it."""

    def __init__(self):
        self._lock = threading.Condition()
        # (kind, url) -> (not before, attempts, priority), in arrival order.
        self._queue = OrderedDict()
        self._busy = 0
        self._thread = None

    # -- Producer side ---------------------------------------------------------

    def submit(self, targets):
        """Queue `targets` (targets.Targets) for every configured backend."""
        if not targets:
            return
        with self._lock:
            items = [(PREFIX, url, PRIORITY[PREFIX]) for url in targets.prefixes]
            items += [
                (REFRESH, url, PRIORITY["hot" if n < HOT else REFRESH])
                for n, url in enumerate(targets.refresh)
            ]
            for kind, url, priority in items:
                # A newer change supersedes a pending retry: send it now.
                old = self._queue.pop((kind, url), None)
                if old is not None and old[1] == 0:
                    priority = min(priority, old[2])
                self._queue[(kind, url)] = (0.0, 0, priority)
            self._start()
            self._lock.notify_all()

    def wait_idle(self, timeout, retries=True):
        """Wait until nothing is queued or in flight (with retries=False:
        nothing but retries planned for later); True if so in time."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._busy or any(
                retries or attempts == 0 for _when, attempts, _p in self._queue.values()
            ):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._lock.wait(min(left, 0.2))
            return True

    def pending(self):
        with self._lock:
            return [url for _kind, url in self._queue]

    # -- The thread --------------------------------------------------------------

    def _start(self):
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(
                target=self._run, name="persev-edge-purger", daemon=True
            )
            self._thread.start()

    def _next_batch(self):
        """Wait for the next address due (lowest priority first, then in
        arrival order); a batch of one, so that a change queued meanwhile
        goes before what is less urgent."""
        with self._lock:
            while True:
                now = time.monotonic()
                due = [
                    (priority, n, key)
                    for n, (key, (when, _a, priority)) in enumerate(self._queue.items())
                    if when <= now
                ]
                if due:
                    _priority, _n, key = min(due)
                    batch = [(key, self._queue.pop(key)[1])]
                    self._busy += 1
                    return batch
                waits = [when - now for when, _a, _p in self._queue.values()]
                self._lock.wait(min(waits) if waits else None)

    def _run(self):
        while True:
            batch = self._next_batch()
            try:
                failed = self._send(batch)
            except Exception:  # a backend that is not configured right, a bug
                logger.exception("Frontend cache purge failed")
                failed = batch
            with self._lock:
                self._busy -= 1
                delays = _retry_delays()
                for key, attempts in failed:
                    if key in self._queue:
                        continue  # a newer change queued it again meanwhile
                    delay = delays[min(attempts, len(delays) - 1)] if delays else 60
                    self._queue[key] = (
                        time.monotonic() + delay,
                        attempts + 1,
                        PRIORITY[REFRESH],
                    )
                self._lock.notify_all()

    def _send(self, batch):
        """Send `batch` to every backend; return the (key, attempts) that failed."""
        failed = []
        backends = get_backends()
        for (kind, url), attempts in batch:
            ok = True
            for name, backend in backends.items():
                try:
                    if kind == PREFIX:
                        purge_prefix = getattr(backend, "purge_prefix", None)
                        if purge_prefix is None:
                            continue  # a CDN: those pages age out (s-maxage)
                        purge_prefix(url)
                    else:
                        backend.purge(url)
                except Exception as error:  # noqa: BLE001 - logged, retried
                    ok = False
                    logger.warning(
                        "Cache en frontal « %s » : échec de la purge de %s (%s) ; "
                        "nouvel essai n° %d prévu.",
                        name,
                        url,
                        error,
                        attempts + 1,
                    )
            if not ok:
                failed.append(((kind, url), attempts))
        return failed


purger = Purger()


def submit(targets):
    if configured():
        purger.submit(targets)


@atexit.register
def _drain():
    purger.wait_idle(DRAIN_SECONDS, retries=False)
