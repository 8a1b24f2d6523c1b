"""`make bench`: requests/s, latency and memory of the public pages, served as
in production, each compared with a static file served by the same server in
the same run.

    .venv/bin/python -m tests.bench.run

What it does, in a temporary folder and a throwaway PostgreSQL database
(dropped at the end):

1. migrate, load the demo week (`load_site_demo --no-admin`), import a
   generated campaign of 5 days × 40 actions through the campaign's importer
   (tests/bench/content.py: four days published, the fifth a draft), collect
   the static files (whitenoise's hashed, compressed storage);
2. measure where the CPU time of the smallest page and the day page goes,
   in one process, each part of serving them switched off in turn
   (tests/bench/breakdown.py: Wagtail's routing, the view-restriction hook,
   the template, the day's body);
3. for each mode, start gunicorn with the project's gunicorn.conf.py (2 sync
   workers, production settings, Redis as Django's cache) and measure with wrk
   a static file (DSFR's core JavaScript, 55 KB, about the size of the day
   page), the home, campaign and day pages, the API's day detail and, for
   scale, the smallest page served through Wagtail (a plain page of a few
   lines), robots.txt (a Django view that reads no database) and a small
   static file (4.7 KB):
   - "uncached": PAGE_CACHE_SECONDS=0, no full-page cache: every request
     renders its page;
   - "cached": PAGE_CACHE_SECONDS=300, the anonymous page cache in Redis;
   - "edge": the same behind a Varnish of the run's own (Debian's varnishd,
     deploy/varnish/persev.vcl, tests/ops/varnish.py), every URL (the
     static file too) asked of Varnish with `Accept-Encoding: gzip`, as
     browsers do; the seed-size day (6 actions) is measured in every mode;
4. through Varnish, a 60 s load of 32 connections on the day page while
   the long-running scheduler (`run_scheduler`, woken at the go-live time)
   puts live a new revision of that day and the fifth day, with a watcher
   asking Varnish for both every 20 ms: when each is first served, against
   its go-live time (target: within 1 s); no error, p99 < 3 × p50; before
   it, the same load on the static file, nothing published, as a baseline
   of the latency's spread on this machine; the CPU seconds each part used
   during the load (gunicorn's workers, varnishd, the scheduler, wrk, the
   watcher) are reported;
5. a 60 s load of 32 connections on the day page, during which the scheduler
   (`run_scheduler --once`) puts live a new revision of that very day and the
   fifth day: no error, no 5xx, and the new content served afterwards.

wrk stands for readers on other machines: it runs at the lowest priority
(`nice -n 19`), the chain measured (gunicorn, varnishd, the scheduler) at
normal priority, so that on 2 shared cores the load generator does not take
their CPU when they need it (its latencies include the time it waits for a
core itself).

Each measure is `wrk -t1 -c8 -d10s --latency`: one wrk thread leaves the
cores to the two workers, and 8 connections keep both busy (4 waiting per
worker) without measuring only the listen queue. Each URL is measured
--rounds times, in turn (static, home, campaign, day, API, static, home…),
after a 2 s warm-up, so the noise of a shared machine falls on every URL
alike; the median round counts. The ratio is a page's rate over the static
file's rate in the same run, which is what makes figures from different
machines comparable (roughly: the static file's rate is bound by wrk and the
network stack as much as by the workers, so it moves with the machine's
noise). The workers' CPU time per request (utime + stime, /proc/PID/stat,
over each measure) says what each answer costs whatever bounds the rate. The
workers' peak memory (VmHWM, /proc/PID/status) is
read at the end of each run; they are not recycled during the measure
(GUNICORN_MAX_REQUESTS=0), so it covers the whole run.

Prints a table with PASS/FAIL against the targets and exits 1 when one is
missed; the figures are also written as JSON (--json, bench-results.json in
screenshots/bench/ by default).

Environment: BENCH_DURATION (s per measure, 10), BENCH_ROUNDS (3),
BENCH_CONNECTIONS (8), BENCH_LOAD_DURATION (60), BENCH_LOAD_CONNECTIONS (32),
BENCH_DATABASE_URL (an existing, empty database instead of a throwaway one),
BENCH_POSTGRES_URL (the server where the throwaway database is created,
postgres://postgres@127.0.0.1:5432/postgres), BENCH_REDIS_URL
(redis://127.0.0.1:6379/7).
"""

import argparse
import datetime as dt
import json
import os
import re
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.bench.content import PUBLISHED_MARKER
from tests.browser.lighthouse import ROOT, free_port, run, say, wait_for
from tests.ops.varnish import Varnish, varnishd_path

PYTHON = sys.executable
HERE = Path(__file__).resolve().parent
MB = 1024 * 1024
# gunicorn.conf.py's default worker timeout (GUNICORN_TIMEOUT).
WORKER_TIMEOUT = 30
# The reference static file: medium-sized, like the pages measured (the day
# page is about 58 KB), so that a ratio compares the work of the application,
# not the bytes sent. The small one is measured for information.
STATIC_FILE = "dsfr/dist/core/core.module.min.js"
SMALL_STATIC_FILE = "campaign/css/campaign.css"

# Targets of issue #7, on a 2-core machine.
TARGET_UNCACHED_DAY = 0.10  # of the static file's rate
TARGET_CACHED_DAY = 0.50
TARGET_P99_OVER_P50 = 3.0
TARGET_WORKER_MB = 150
# Targets of issue #20: through Varnish, each page ≥ 90 % of the static
# file served by the same Varnish; the new day within 1 s of its go-live.
TARGET_EDGE_PAGE = 0.90
TARGET_EDGE_GO_LIVE_S = 1.0
# wrk stands for readers on other machines: on the 2 cores it shares with
# the chain measured (varnishd, gunicorn, the scheduler), it runs at the
# lowest priority, so that it does not take their CPU when they need it.
WRK_NICENESS = 19
# How often the go-live watcher asks Varnish for the new day (seconds).
WATCH_EVERY = 0.02

WORKERS = 2  # gunicorn workers, one per core of the target machine
MODES = {
    "uncached": {"PAGE_CACHE_SECONDS": "0"},
    "cached": {"PAGE_CACHE_SECONDS": "300"},
    # Varnish in front (deploy/varnish/persev.vcl), the page cache behind it.
    "edge": {"PAGE_CACHE_SECONDS": "300"},
}
PAGES = ["home", "campaign", "day", "api_day"]
# Measured for scale, with no target: the smallest page served through
# Wagtail (routing, page queries, the site's base template) and a Django view
# that reads no database (robots.txt), through the same middlewares.
REFERENCES = ["smallest_page", "robots"]
LABELS = {
    "static": "static file",
    "static_small": "static, small",
    "home": "home",
    "campaign": "campaign",
    "day": "day (40 actions)",
    "seed_day": "seed day (6 actions)",
    "api_day": "API day detail",
    "smallest_page": "smallest page",
    "robots": "robots.txt",
}


def env_number(name, default, kind=int):
    return kind(os.environ.get(name, default))


# -- wrk ---------------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def duration_ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * UNITS[unit]


def parse_wrk(output):
    """requests/s, p50 and p99 (ms), requests, non-2xx/3xx and socket errors."""

    def find(pattern, default=None, cast=float):
        match = re.search(pattern, output, re.MULTILINE)
        return cast(match.group(1)) if match else default

    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    result = {
        "rps": find(r"^Requests/sec:\s+([\d.]+)"),
        "max_ms": find(r"^\s+Latency\s+\S+\s+\S+\s+(\S+)", cast=duration_ms),
        "p50_ms": find(r"^\s+50%\s+(\S+)", cast=duration_ms),
        "p99_ms": find(r"^\s+99%\s+(\S+)", cast=duration_ms),
        "requests": find(r"^\s+(\d+) requests in", cast=int),
        "non_2xx_3xx": find(r"Non-2xx or 3xx responses: (\d+)", 0, int),
        "socket_errors": dict(
            zip(
                ["connect", "read", "write", "timeout"],
                map(int, errors.groups()) if errors else [0, 0, 0, 0],
                strict=True,
            )
        ),
    }
    statuses = re.search(r"STATUS 2xx=(\d+) 3xx=(\d+) 4xx=(\d+) 5xx=(\d+)", output)
    if statuses:
        result["statuses"] = dict(
            zip(["2xx", "3xx", "4xx", "5xx"], map(int, statuses.groups()), strict=True)
        )
    if result["rps"] is None or result["p99_ms"] is None:
        raise RuntimeError(f"wrk output not understood:\n{output}")
    return result


# Through Varnish, readers' browsers accept gzip: pages and the static file
# are then sent as Varnish stores them (compressed once).
BROWSER_HEADERS = ("Accept-Encoding: gzip",)


def wrk(url, duration, connections, script=None, headers=()):
    """One wrk run. One thread: wrk shares the two cores with the two workers,
    and one thread sends far more requests than they can answer. A request
    counts as timed out after gunicorn's own worker timeout (30 s), when
    gunicorn would kill the worker, not after wrk's default 2 s, which no
    browser or proxy applies; p99 and the maximum show the slow ones."""
    args = ["nice", "-n", str(WRK_NICENESS), "wrk", "--latency", "-t1"]
    args += [f"-c{connections}", f"-d{duration}s"]
    args += [f"--timeout={WORKER_TIMEOUT}s"]
    if script:
        args += ["-s", str(script)]
    for header in headers:
        args += ["-H", header]
    done = subprocess.run(
        [*args, url], capture_output=True, text=True, check=True, timeout=duration + 60
    )
    return parse_wrk(done.stdout)


def tree_cpu_seconds(root):
    """CPU time (user + system) used so far by process `root` and every
    living process under it (varnishd's manager and its cache process)."""
    parents, used = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        used[pid] = int(fields[11]) + int(fields[12])  # utime, stime
    total = 0
    for pid, ticks in used.items():
        ancestor = pid
        while ancestor and ancestor != root:
            ancestor = parents.get(ancestor)
        if ancestor == root:
            total += ticks
    return total / os.sysconf("SC_CLK_TCK")


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own server
        return response.status, dict(response.headers), response.read()


# -- gunicorn ----------------------------------------------------------------------


class Server:
    """gunicorn with the project's gunicorn.conf.py and 2 workers."""

    def __init__(self, env, port):
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        gunicorn = str(Path(PYTHON).with_name("gunicorn"))
        self.process = subprocess.Popen(
            [gunicorn, "-c", str(ROOT / "gunicorn.conf.py")],
            env={
                **env,
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_WORKERS": str(WORKERS),
                "GUNICORN_ACCESS_LOG": "",
                "GUNICORN_LOG_LEVEL": "warning",
            },
            cwd=ROOT,
        )
        wait_for(self.base_url + "/", self.process, timeout=60)

    def workers(self):
        """PIDs of the master's children."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                found.append(int(stat.parent.name))
        return sorted(found)

    def cpu_seconds(self):
        """CPU time (user + system) the workers have used so far, in seconds."""
        ticks = 0
        for pid in self.workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def peak_memory_mb(self):
        """Peak resident memory of each worker (VmHWM), in MB."""
        peaks = {}
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
            if match:
                peaks[pid] = round(int(match.group(1)) / 1024, 1)
        return peaks

    def shared_memory_mb(self):
        """For information: what each worker holds now (RSS), its share of
        pages shared with the master and the other worker (PSS) and what is
        its own (USS), in MB. Loaded once in the master (preload_app), most of
        the code is shared."""
        found = {}
        for pid in self.workers():
            try:
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue
            kb = {
                key: int(value)
                for key, value in re.findall(r"^(\w+):\s+(\d+) kB", rollup, re.M)
            }
            found[pid] = {
                "rss": round(kb.get("Rss", 0) / 1024, 1),
                "pss": round(kb.get("Pss", 0) / 1024, 1),
                "uss": round(
                    (kb.get("Private_Clean", 0) + kb.get("Private_Dirty", 0)) / 1024, 1
                ),
            }
        return found

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# -- database and cache ------------------------------------------------------------


def check_redis(url):
    """Fail early when Redis is down: the page cache would silently be off
    (the production settings ignore Redis errors)."""
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or 6379), timeout=3
        ) as sock:
            sock.sendall(b"PING\r\n")
            if not sock.recv(64).startswith(b"+PONG"):
                raise OSError("no PONG")
    except OSError as error:
        raise SystemExit(f"Redis ne répond pas à {url} ({error}).") from error


def create_database(admin_url, name):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(admin_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def drop_database(admin_url, name):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# -- the measures ------------------------------------------------------------------


def name_site_after(env, manage, varnish_port):
    """The default site is named after Varnish's address, as the public name
    is in production: Wagtail purges with the site's host name. Saved (not
    updated in SQL): Wagtail then forgets the site root paths it caches."""
    run(
        [
            *manage,
            "shell",
            "--verbosity=0",
            "-c",
            "from wagtail.models import Site; "
            "site = Site.objects.get(is_default_site=True); "
            f"site.hostname, site.port = '127.0.0.1', {varnish_port}; "
            "site.save()",
        ],
        env,
    )


def start_front(name, env, manage):
    """gunicorn for mode `name`, behind a Varnish of its own in "edge" mode
    (started once gunicorn answers: its health probe must find it up).
    Returns (server, varnish or None, base URL readers use)."""
    port = free_port()
    mode_env = {**env, **MODES[name], "GUNICORN_MAX_REQUESTS": "0"}
    varnish_port = None
    if name == "edge":
        varnish_port = free_port()
        mode_env["FRONTEND_CACHE_URL"] = f"http://127.0.0.1:{varnish_port}"
        name_site_after(env, manage, varnish_port)
    server = Server(mode_env, port)
    if varnish_port is None:
        return server, None, server.base_url
    try:
        varnish = Varnish(port, port=varnish_port)
        varnish.wait_healthy()
    except BaseException:
        server.stop()
        raise
    return server, varnish, varnish.url


def measure_mode(name, env, urls, args, manage):
    """Start gunicorn in mode `name` (behind Varnish in "edge" mode), measure
    every URL, stop it."""
    server, varnish, base = start_front(name, env, manage)
    cache_header = "X-Edge-Cache" if varnish else "X-Cache"
    try:
        checks = {}
        for key, path in urls.items():
            fetch(base + path)
            status, headers, body = fetch(base + path)
            checks[key] = {
                "status": status,
                "bytes": len(body),
                "x_cache": headers.get(cache_header, "-"),
                "cache_control": headers.get("Cache-Control", ""),
            }
            if status != 200:
                raise SystemExit(f"{path} answers {status}, not 200.")
        # Warm-up: every worker has served every URL (imports, templates,
        # connections) before anything is measured.
        headers = BROWSER_HEADERS if varnish else ()
        for path in urls.values():
            wrk(base + path, 2, args.connections, headers=headers)
        rounds = {key: [] for key in urls}
        for _round in range(args.rounds):
            for key, path in urls.items():
                before = server.cpu_seconds()
                run = wrk(base + path, args.duration, args.connections, headers=headers)
                run["cpu_ms"] = (server.cpu_seconds() - before) * 1000 / run["requests"]
                rounds[key].append(run)
        memory = server.peak_memory_mb()
        memory_now = server.shared_memory_mb()
    finally:
        server.stop()
        if varnish:
            varnish.stop()
    results = {}
    for key, runs in rounds.items():
        results[key] = {
            "path": urls[key],
            **checks[key],
            "rps": statistics.median(r["rps"] for r in runs),
            "p50_ms": statistics.median(r["p50_ms"] for r in runs),
            "p99_ms": statistics.median(r["p99_ms"] for r in runs),
            "max_ms": max(r["max_ms"] for r in runs),
            "requests": sum(r["requests"] for r in runs),
            "non_2xx_3xx": sum(r["non_2xx_3xx"] for r in runs),
            "socket_errors": sum(sum(r["socket_errors"].values()) for r in runs),
            "rounds_rps": [round(r["rps"], 1) for r in runs],
            # The workers' CPU time per request (/proc), whatever the
            # bottleneck: for the static files, wrk and the network stack
            # bound the rate, not the workers.
            "cpu_ms": statistics.median(r["cpu_ms"] for r in runs),
        }
    static_rps = results["static"]["rps"]
    for result in results.values():
        result["ratio"] = result["rps"] / static_rps
    return {"pages": results, "worker_peak_mb": memory, "worker_memory_mb": memory_now}


def load_during_publication(env, urls, args, manage):
    """wrk on the day page while the scheduler publishes (production defaults:
    page cache on, workers recycled as configured)."""
    server = Server(env, free_port())
    try:
        base = server.base_url
        for _ in range(4):
            fetch(base + urls["day"])
        publish_at = min(15, args.load_duration / 4)
        run(
            [
                *manage,
                "shell",
                "--verbosity=0",
                "-c",
                f"from tests.bench import content; content.schedule_publication({publish_at})",
            ],
            env,
            capture_output=True,
        )
        scheduler = {}

        def publish():
            time.sleep(publish_at + 1)
            started = time.monotonic()
            done = subprocess.run(
                [*manage, "run_scheduler", "--once"],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            scheduler.update(
                returncode=done.returncode,
                output=done.stdout.strip(),
                seconds=round(time.monotonic() - started, 1),
            )

        publisher = threading.Thread(target=publish)
        publisher.start()
        result = wrk(
            base + urls["day"],
            args.load_duration,
            args.load_connections,
            script=HERE / "statuses.lua",
        )
        publisher.join()
        status, _headers, body = fetch(base + urls["day"])
        held_back, _headers, _body = fetch(base + urls["held_back_day"])
        result.update(
            publish_at=publish_at + 1,
            scheduler=scheduler,
            day_after={
                "status": status,
                "new_action_served": PUBLISHED_MARKER.encode() in body,
            },
            held_back_day_after={"status": held_back},
            worker_peak_mb=server.peak_memory_mb(),
        )
    finally:
        server.stop()
    return result


class GoLiveWatcher:
    """Asks Varnish for the new day and the changed day every WATCH_EVERY
    seconds, from before their go-live time until both show; notes when each
    first did (wall clock, like the go-live time)."""

    def __init__(self, base, urls):
        self.base, self.urls = base, urls
        self.seen = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.watch, daemon=True)

    def watch(self):
        while not self.stop.is_set() and len(self.seen) < 2:
            now = time.time()
            if "new_day" not in self.seen:
                try:
                    status, _headers, _body = fetch(
                        self.base + self.urls["held_back_day"]
                    )
                except urllib.error.HTTPError as error:
                    status = error.code
                if status == 200:
                    self.seen["new_day"] = now
            if "new_action" not in self.seen:
                _status, _headers, body = fetch(self.base + self.urls["day"])
                if PUBLISHED_MARKER.encode() in body:
                    self.seen["new_action"] = now
            self.stop.wait(WATCH_EVERY)


def edge_load_during_publication(env, urls, args, manage, static_path):
    """wrk through Varnish on the day page while the scheduler (the
    long-running one, as in production) puts the new day and a new version
    of the day live at their time; a watcher notes when each shows."""
    server, varnish, base = start_front("edge", {**env, **MODES["edge"]}, manage)
    scheduler = None
    try:
        scheduler = subprocess.Popen(
            [*manage, "run_scheduler"],
            env={**env, "FRONTEND_CACHE_URL": varnish.url},
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(4):
            fetch(base + urls["day"])
        # The same load on the static file, nothing being published: the
        # spread of a cache hit's latency on this machine, for comparison.
        baseline = wrk(
            base + static_path,
            args.load_duration,
            args.load_connections,
            headers=BROWSER_HEADERS,
        )
        publish_at = min(15, args.load_duration / 4)
        scheduled = run(
            [
                *manage,
                "shell",
                "--verbosity=0",
                "-c",
                f"from tests.bench import content; content.schedule_publication({publish_at})",
            ],
            env,
            capture_output=True,
            text=True,
        )
        go_live_at = dt.datetime.fromisoformat(
            json.loads(scheduled.stdout.strip().splitlines()[-1])["go_live_at"]
        ).timestamp()
        watcher = GoLiveWatcher(base, urls)
        cpu_before = {
            "gunicorn": server.cpu_seconds(),
            "varnishd": tree_cpu_seconds(varnish.popen.pid),
            "scheduler": tree_cpu_seconds(scheduler.pid),
            "wrk": resource.getrusage(resource.RUSAGE_CHILDREN),
            "watcher": resource.getrusage(resource.RUSAGE_SELF),
        }
        watcher.thread.start()
        result = wrk(
            base + urls["day"],
            args.load_duration,
            args.load_connections,
            script=HERE / "statuses.lua",
            headers=BROWSER_HEADERS,
        )
        cpu_after = {
            "gunicorn": server.cpu_seconds(),
            "varnishd": tree_cpu_seconds(varnish.popen.pid),
            "scheduler": tree_cpu_seconds(scheduler.pid),
            "wrk": resource.getrusage(resource.RUSAGE_CHILDREN),
            "watcher": resource.getrusage(resource.RUSAGE_SELF),
        }
        watcher.stop.set()
        watcher.thread.join(timeout=10)
        # CPU seconds each part used during the load (2 cores: at most
        # 2 × the load's duration in all).
        cpu = {}
        for name, before in cpu_before.items():
            after = cpu_after[name]
            if isinstance(before, float):
                cpu[name] = round(after - before, 1)
            else:
                cpu[name] = round(
                    after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
                    1,
                )
        status, headers, body = fetch(base + urls["day"])
        held_back, _headers, _body = fetch(base + urls["held_back_day"])
        result.update(
            publish_at=publish_at,
            cpu_seconds=cpu,
            static_baseline={
                key: baseline[key] for key in ("requests", "rps", "p50_ms", "p99_ms")
            },
            new_day_after_s=(
                round(watcher.seen["new_day"] - go_live_at, 3)
                if "new_day" in watcher.seen
                else None
            ),
            new_action_after_s=(
                round(watcher.seen["new_action"] - go_live_at, 3)
                if "new_action" in watcher.seen
                else None
            ),
            day_after={
                "status": status,
                "new_action_served": PUBLISHED_MARKER.encode() in body,
                "x_edge_cache": headers.get("X-Edge-Cache", "-"),
            },
            held_back_day_after={"status": held_back},
            worker_peak_mb=server.peak_memory_mb(),
        )
    finally:
        if scheduler is not None:
            scheduler.terminate()
            try:
                output, _ = scheduler.communicate(timeout=40)
            except subprocess.TimeoutExpired:
                scheduler.kill()
                output, _ = scheduler.communicate()
        server.stop()
        varnish.stop()
    result["scheduler"] = {
        "returncode": scheduler.returncode,
        "output": "\n".join(
            line for line in output.splitlines() if "Mise en ligne" in line
        ),
        # Whatever else it said (a purge that failed, a traceback).
        "log": output[-5000:],
    }
    return result


# -- report ------------------------------------------------------------------------


def verdicts(results):
    """(description, passed) for every target."""
    found = []
    for mode, target in (
        ("uncached", TARGET_UNCACHED_DAY),
        ("cached", TARGET_CACHED_DAY),
    ):
        if mode not in results["modes"]:
            continue
        ratio = results["modes"][mode]["pages"]["day"]["ratio"]
        found.append(
            (f"{mode} day page ≥ {target:.0%} of static: {ratio:.1%}", ratio >= target)
        )
    if "edge" in results["modes"]:
        pages = results["modes"]["edge"]["pages"]
        for key in PAGES:
            ratio = pages[key]["ratio"]
            found.append(
                (
                    f"edge {LABELS[key]} ≥ {TARGET_EDGE_PAGE:.0%} of static "
                    f"(same Varnish): {ratio:.1%}",
                    ratio >= TARGET_EDGE_PAGE,
                )
            )
            found.append(
                (
                    f"edge {LABELS[key]} served by Varnish (X-Edge-Cache: "
                    f"{pages[key]['x_cache']})",
                    pages[key]["x_cache"] == "HIT",
                )
            )
    for mode, data in results["modes"].items():
        # Through Varnish a hit takes a fraction of a millisecond: its p99 is
        # the machine's scheduling noise. The edge's latency target is the
        # one under load during a publication (below); these are figures.
        for key in PAGES if mode != "edge" else ():
            page = data["pages"][key]
            spread = page["p99_ms"] / page["p50_ms"]
            found.append(
                (
                    f"{mode} {LABELS[key]} p99 < {TARGET_P99_OVER_P50:g}× p50: {spread:.2f}×",
                    spread < TARGET_P99_OVER_P50,
                )
            )
        for key, page in data["pages"].items():
            errors = page["non_2xx_3xx"] + page["socket_errors"]
            if errors:
                found.append((f"{mode} {LABELS[key]}: {errors} errors", False))
        peak = max(data["worker_peak_mb"].values())
        found.append(
            (
                f"{mode} workers < {TARGET_WORKER_MB} MB each: peak {peak:.0f} MB",
                peak < TARGET_WORKER_MB,
            )
        )
    if "uncached" in results["modes"]:
        hits = [
            LABELS[key]
            for key, page in results["modes"]["uncached"]["pages"].items()
            if page["x_cache"] == "HIT"
        ]
        found.append(
            (
                "uncached mode renders every request (no X-Cache: HIT)"
                + (f": {', '.join(hits)} served from cache" if hits else ""),
                not hits,
            )
        )
    if "cached" in results["modes"]:
        x_cache = results["modes"]["cached"]["pages"]["day"]["x_cache"]
        found.append(
            (
                f"cached day page served from cache (X-Cache: {x_cache})",
                x_cache == "HIT",
            )
        )
    edge = results.get("edge_publication")
    if edge:
        errors = sum(edge["socket_errors"].values())
        spread = edge["p99_ms"] / edge["p50_ms"]
        found.append(
            (
                f"edge load during publication: {edge['requests']} requests, "
                f"{errors} socket errors, {edge['statuses']['5xx']} 5xx, "
                f"{edge['non_2xx_3xx']} non-2xx/3xx",
                errors == 0 and edge["non_2xx_3xx"] == 0,
            )
        )
        found.append(
            (
                f"edge load during publication p99 < {TARGET_P99_OVER_P50:g}× p50: "
                f"{spread:.2f}× (p50 {edge['p50_ms']:.2f} ms, p99 {edge['p99_ms']:.2f} ms)",
                spread < TARGET_P99_OVER_P50,
            )
        )
        for key, label in (
            ("new_day_after_s", "new day"),
            ("new_action_after_s", "new version of the day"),
        ):
            after = edge[key]
            found.append(
                (
                    f"edge: {label} served {after if after is not None else '—'} s "
                    f"after its go-live time (< {TARGET_EDGE_GO_LIVE_S:g} s)",
                    after is not None and after < TARGET_EDGE_GO_LIVE_S,
                )
            )
        found.append(
            (
                "edge: published by the scheduler: "
                + (edge["scheduler"].get("output") or "nothing").replace("\n", "; "),
                "Mise en ligne" in edge["scheduler"].get("output", ""),
            )
        )
    load = results.get("publication")
    if load:
        errors = sum(load["socket_errors"].values())
        fivexx = load["statuses"]["5xx"]
        found.append(
            (
                f"load during publication: {load['requests']} requests, "
                f"{errors} socket errors, {fivexx} 5xx, {load['non_2xx_3xx']} non-2xx/3xx",
                errors == 0 and fivexx == 0 and load["non_2xx_3xx"] == 0,
            )
        )
        found.append(
            (
                "publication done by the scheduler during the load: "
                + (load["scheduler"].get("output") or "nothing published").replace(
                    "\n", "; "
                ),
                load["scheduler"].get("returncode") == 0
                and "Mise en ligne" in load["scheduler"].get("output", ""),
            )
        )
        found.append(
            (
                "after it: the day shows the new action "
                f"({load['day_after']['status']}, {load['day_after']['new_action_served']}), "
                f"the new day answers {load['held_back_day_after']['status']}",
                load["day_after"]["status"] == 200
                and load["day_after"]["new_action_served"]
                and load["held_back_day_after"]["status"] == 200,
            )
        )
    return found


def worker_time(results):
    """The workers' CPU time per request in the uncached mode (measured), for
    the static file, the references and the day page, and what the uncached
    day target leaves the day page: at 10 % of the static rate, each of the
    WORKERS workers has WORKERS s / (10 % × that rate) per request. None when
    the uncached mode was not measured."""
    mode = results["modes"].get("uncached")
    if mode is None:
        return None
    pages = mode["pages"]
    target_rps = TARGET_UNCACHED_DAY * pages["static"]["rps"]
    return {
        "cpu_ms": {
            key: pages[key]["cpu_ms"]
            for key in ("static", *REFERENCES, "day")
            if key in pages
        },
        "day_target_rps": target_rps,
        "day_budget_ms": WORKERS * 1000 / target_rps,
    }


def print_report(results):
    settings = results["settings"]
    say(
        f"\n== wrk -t1 -c{settings['connections']} -d{settings['duration']}s, "
        f"median of {settings['rounds']} rounds; ratio = rate / static file's rate "
        f"in the same run (static file: {results['static_file']})"
    )
    header = f"{'mode':<9} {'page':<17} {'req/s':>8} {'ratio':>7} {'p50 ms':>8} {'p99 ms':>8} {'p99/p50':>7} {'max ms':>8} {'KB':>6} {'CPU ms':>7} {'X-Cache':>7} {'errors':>6}"
    say(header)
    say("-" * len(header))
    for mode, data in results["modes"].items():
        for key, page in data["pages"].items():
            say(
                f"{mode:<9} {LABELS[key]:<17} {page['rps']:>8.1f} {page['ratio']:>7.1%} "
                f"{page['p50_ms']:>8.2f} {page['p99_ms']:>8.2f} "
                f"{page['p99_ms'] / page['p50_ms']:>6.2f}× {page['max_ms']:>8.1f} {page['bytes'] / 1024:>6.1f} "
                f"{page['cpu_ms']:>7.2f} {page['x_cache']:>7} "
                f"{page['non_2xx_3xx'] + page['socket_errors']:>6}"
            )
        memory = ", ".join(f"{mb:.0f} MB" for mb in data["worker_peak_mb"].values())
        now = "; ".join(
            f"RSS {m['rss']:.0f}, PSS {m['pss']:.0f}, USS {m['uss']:.0f}"
            for m in data.get("worker_memory_mb", {}).values()
        )
        say(f"{mode:<9} worker peak memory (VmHWM): {memory}  (at the end, MB: {now})")
    scale = results.get("worker_time_uncached")
    if scale:
        say("\n== For scale, uncached: the workers' CPU time per request (/proc)")
        for key, ms in scale["cpu_ms"].items():
            say(f"   {LABELS[key]:<17} {ms:>6.2f} ms")
        say(
            f"   The uncached day page's target ({TARGET_UNCACHED_DAY:.0%} of the static "
            f"rate: {scale['day_target_rps']:.0f} req/s) leaves each of the {WORKERS} "
            f"workers {scale['day_budget_ms']:.1f} ms per request, waits on the "
            f"database included; the smallest page, "
            f"served through Wagtail with nothing of a campaign on it, takes "
            f"{scale['cpu_ms']['smallest_page']:.1f} ms."
        )
    if results.get("breakdown"):
        from tests.bench import breakdown

        breakdown.print_report(results["breakdown"], say=say)
    load = results.get("publication")
    if load:
        say(
            f"\n== Load during a publication: wrk -t1 -c{settings['load_connections']} "
            f"-d{settings['load_duration']}s on the day page (production settings, "
            f"page cache on; scheduler pass at {load['publish_at']:.0f} s, "
            f"{load['scheduler'].get('seconds', '?')} s long)"
        )
        say(
            f"{load['requests']} requests, {load['rps']:.1f} req/s, p50 {load['p50_ms']:.1f} ms, "
            f"p99 {load['p99_ms']:.1f} ms, max {load['max_ms']:.0f} ms; statuses {load['statuses']}; "
            f"socket errors {load['socket_errors']}"
        )
    edge = results.get("edge_publication")
    if edge:
        say(
            f"\n== Through Varnish, during a publication: wrk -t1 "
            f"-c{settings['load_connections']} -d{settings['load_duration']}s on the "
            f"day page; run_scheduler running, go-live at {edge['publish_at']:.0f} s"
        )
        say(
            f"{edge['requests']} requests, {edge['rps']:.1f} req/s, p50 {edge['p50_ms']:.2f} ms, "
            f"p99 {edge['p99_ms']:.2f} ms, max {edge['max_ms']:.0f} ms; statuses {edge['statuses']}; "
            f"new day served {edge['new_day_after_s']} s after its go-live time, "
            f"new version of the day {edge['new_action_after_s']} s"
        )
        static = edge.get("static_baseline")
        if static:
            say(
                f"For comparison, the static file through the same Varnish, same "
                f"load, nothing published: {static['rps']:.1f} req/s, p50 "
                f"{static['p50_ms']:.2f} ms, p99 {static['p99_ms']:.2f} ms "
                f"({static['p99_ms'] / static['p50_ms']:.1f}× p50)"
            )
        cpu = edge.get("cpu_seconds", {})
        say(
            "CPU seconds used during the load (2 cores: "
            f"{2 * settings['load_duration']} s at most): "
            + ", ".join(f"{name} {seconds:.1f}" for name, seconds in cpu.items())
            + f" (wrk at nice {WRK_NICENESS})"
        )
    say("\n== Targets")
    failed = False
    for description, passed in verdicts(results):
        failed = failed or not passed
        say(f"{'PASS' if passed else 'FAIL'}  {description}")
    return failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--duration", type=int, default=env_number("BENCH_DURATION", 10)
    )
    parser.add_argument("--rounds", type=int, default=env_number("BENCH_ROUNDS", 3))
    parser.add_argument(
        "--connections", type=int, default=env_number("BENCH_CONNECTIONS", 8)
    )
    parser.add_argument(
        "--load-duration", type=int, default=env_number("BENCH_LOAD_DURATION", 60)
    )
    parser.add_argument(
        "--load-connections", type=int, default=env_number("BENCH_LOAD_CONNECTIONS", 32)
    )
    parser.add_argument(
        "--modes",
        default="uncached,cached,edge",
        help="comma-separated: uncached,cached,edge (edge: through Varnish)",
    )
    parser.add_argument(
        "--no-load", action="store_true", help="skip the publication load"
    )
    parser.add_argument(
        "--no-breakdown",
        action="store_true",
        help="skip the in-process breakdown of where the time goes",
    )
    parser.add_argument(
        "--json", default=str(ROOT / "screenshots" / "bench" / "bench-results.json")
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk est absent : apt-get install wrk.")
    if "edge" in args.modes and not varnishd_path():
        raise SystemExit("varnishd est absent : apt-get install varnish.")

    work = Path(tempfile.mkdtemp(prefix="persev-bench-"))
    admin_url = os.environ.get(
        "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
    )
    database_url = os.environ.get("BENCH_DATABASE_URL")
    throwaway = None
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
    check_redis(redis_url)
    try:
        if not database_url:
            throwaway = f"persev_bench_{os.getpid()}"
            try:
                database_url = create_database(admin_url, throwaway)
            except Exception as error:
                throwaway = None
                raise SystemExit(
                    f"Impossible de créer la base de mesure sur {admin_url} : {error}"
                ) from error
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "persev_site.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_DEBUG": "false",
            # Plain HTTP on this machine: no redirection to HTTPS, no HSTS.
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_HSTS_SECONDS": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "DJANGO_STATIC_ROOT": str(work / "static"),
            "DJANGO_MEDIA_ROOT": str(work / "media"),
            "REDIS_URL": redis_url,
            # This run's own keys: nothing cached by an earlier run is served.
            "CACHE_KEY_PREFIX": f"persev-bench-{os.getpid()}-{secrets.token_hex(4)}",
        }
        manage = [PYTHON, "manage.py"]
        quiet = {"stdout": subprocess.DEVNULL}
        say(f"== Database {database_url}, files in {work}")
        run([*manage, "migrate", "--noinput"], env, **quiet)
        run([*manage, "load_site_demo", "--no-admin"], env, **quiet)
        started = time.monotonic()
        shell = run(
            [
                *manage,
                "shell",
                "--verbosity=0",
                "-c",
                "from tests.bench import content; content.build()",
            ],
            env,
            capture_output=True,
            text=True,
        )
        urls = json.loads(shell.stdout.strip().splitlines()[-1])
        say(f"   generated campaign imported in {time.monotonic() - started:.0f} s")
        run([*manage, "collectstatic", "--noinput"], env, **quiet)
        breakdown = None
        if not args.no_breakdown:
            say("== Where the time goes: each part switched off in turn, in-process")
            breakdown = run(
                [
                    *manage,
                    "shell",
                    "--verbosity=0",
                    "-c",
                    "from tests.bench import breakdown; breakdown.main(report=False)",
                ],
                {**env, **MODES["uncached"]},
                stdout=subprocess.PIPE,
                text=True,
            )
        manifest = json.loads((work / "static" / "staticfiles.json").read_text())
        static = {}
        for key, name in (("static", STATIC_FILE), ("static_small", SMALL_STATIC_FILE)):
            hashed = manifest["paths"][name]
            size = (work / "static" / hashed).stat().st_size
            static[key] = ("/static/" + hashed, f"{size / 1024:.1f} KB")
        measured = {
            "static": static["static"][0],
            **{key: urls[key] for key in PAGES},
            "seed_day": urls["seed_day"],
            "smallest_page": urls["smallest_page"],
            "robots": "/robots.txt",
            "static_small": static["static_small"][0],
        }

        results = {
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "static_file": f"{static['static'][0]} ({static['static'][1]}, uncompressed)",
            "settings": {
                "duration": args.duration,
                "rounds": args.rounds,
                "connections": args.connections,
                "load_duration": args.load_duration,
                "load_connections": args.load_connections,
                "cpus": os.cpu_count(),
            },
            "modes": {},
            "breakdown": (
                json.loads(breakdown.stdout.strip().splitlines()[-1])
                if breakdown
                else None
            ),
        }
        for mode in args.modes.split(","):
            say(f"== Measuring, {mode}")
            results["modes"][mode] = measure_mode(mode, env, measured, args, manage)
        if not args.no_load and "edge" in args.modes:
            say(
                f"== Through Varnish during a publication ({args.load_duration} s, "
                f"{args.load_connections} connections)"
            )
            results["edge_publication"] = edge_load_during_publication(
                env, urls, args, manage, measured["static"]
            )
        if not args.no_load:
            say(
                f"== Load during a publication ({args.load_duration} s, "
                f"{args.load_connections} connections)"
            )
            results["publication"] = load_during_publication(env, urls, args, manage)
        results["worker_time_uncached"] = worker_time(results)
        failed = print_report(results)
        results["targets"] = [
            {"target": description, "passed": passed}
            for description, passed in verdicts(results)
        ]
        out = Path(args.json)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(
            json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8"
        )
        say(f"\nFigures written to {out}")
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if throwaway:
            drop_database(admin_url, throwaway)


if __name__ == "__main__":
    sys.exit(main())
