"""Processes and databases for the operations tests.

Everything the site runs in production is started here as a real process,
with the production settings (tests/ops/settings.py: production's, with
plain static files storage) and its own environment: gunicorn, the
scheduler, `manage.py` commands. Databases are created for the test and
dropped afterwards, never the suite's own test database:

- `SharedPostgres`: throwaway databases on the PostgreSQL server the suite
  runs on (DATABASE_URL), with unique names;
- `PostgresCluster`: a whole PostgreSQL server of the test's own
  (initdb + pg_ctl, in a temporary folder, on a free port), which the test
  may stop and restart at will. The machine's server is never touched.
"""

import contextlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
import requests
from django.conf import settings
from django.db import connections

ROOT = Path(settings.BASE_DIR)
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
# Seconds. A loaded CI machine can take 15 s to boot gunicorn: generous,
# still bounded.
START_LIMIT = 90
COMMAND_LIMIT = 300
REQUEST_TIMEOUT = 30
SERVER_SETTINGS = "tests.ops.settings"
# A spare Redis database for the servers' caches; each test uses keys under a
# prefix of its own and removes them afterwards (nothing else is touched).
REDIS_URL = os.environ.get("PERSEV_OPS_REDIS_URL", "redis://127.0.0.1:6379/9")
# Variables of the developer's or CI's environment that would change how the
# servers behave: each test sets those it needs.
INHERITED_OUT = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "DATABASE_CONN_MAX_AGE",
    "REDIS_URL",
    "PAGE_CACHE_SECONDS",
    "CACHE_KEY_PREFIX",
    "AWS_STORAGE_BUCKET_NAME",
    "DJANGO_DEBUG",
    "DJANGO_MEDIA_ROOT",
    "DJANGO_STATIC_ROOT",
    "EMAIL_BACKEND",
)


def unique_name(prefix):
    """A database name no other run uses (PostgreSQL: 63 characters at most)."""
    return f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:10]}"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_url(user, host, port, name, password=""):
    credentials = quote(user, safe="")
    if password:
        credentials += ":" + quote(password, safe="")
    if host.startswith("/"):  # a Unix socket directory
        host = quote(host, safe="")
    return f"postgres://{credentials}@{host}:{port}/{quote(name, safe='')}"


def server_env(work, database_url, **extra):
    """The environment of a production server process working in `work`.

    Media go to work/media (shared by the servers given the same `work`),
    e-mails to files in work/mail.
    """
    work = Path(work)
    for folder in ("media", "static", "mail"):
        (work / folder).mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in INHERITED_OUT}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": SERVER_SETTINGS,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            # Plain HTTP on 127.0.0.1: no redirection to HTTPS, no HSTS.
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_HSTS_SECONDS": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "DATABASE_URL": database_url,
            # Persistent connections, as in production: the harder case
            # when the database restarts.
            "DATABASE_CONN_MAX_AGE": "60",
            "DJANGO_MEDIA_ROOT": str(work / "media"),
            "DJANGO_STATIC_ROOT": str(work / "static"),
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "PERSEV_OPS_MAIL_DIR": str(work / "mail"),
            "PAGE_CACHE_SECONDS": "0",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(env, *args, timeout=COMMAND_LIMIT, check=True):
    """`manage.py <args>` in a subprocess; its CompletedProcess (text)."""
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"manage.py {' '.join(args)} exited {result.returncode}:\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
        )
    return result


def run_python(env, code, **params):
    """Run `code` with Django set up (manage.py shell) and return the JSON it
    prints last. `params` reach it as the dict PARAMS."""
    prelude = "import json, os\nPARAMS = json.loads(os.environ['PERSEV_OPS_PARAMS'])\n"
    result = manage(
        {**env, "PERSEV_OPS_PARAMS": json.dumps(params)},
        "shell",
        "--verbosity=0",
        "--no-imports",
        "-c",
        prelude + code,
    )
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    if not lines:
        raise AssertionError(f"The code printed nothing:\n{result.stderr}")
    return json.loads(lines[-1])


# Set up a migrated database the way a new site is: the demo (home page, the
# 2021 campaign, its first two days) and one éditeur who can log in.
PREPARE_SITE = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

call_command("load_site_demo", "--no-admin", verbosity=0)
user = get_user_model().objects.create_user(
    PARAMS["username"], f"{PARAMS['username']}@example.org", PARAMS["password"]
)
user.groups.add(Group.objects.get(name="Éditeurs"))

from campaign.models import CampaignDayPage
days = [
    {
        "id": day.pk,
        "url": day.get_url(),
        "date": day.date.isoformat(),
        "actions": [
            action["title"]
            for block in day.body
            if block.block_type == "actions"
            for action in block.value["actions"]
        ],
    }
    for day in CampaignDayPage.objects.live().order_by("date")
]
print(json.dumps({"days": days}))
"""

EDITOR = {"username": "editrice", "password": "Persev-ops-" + "mot-de-passe-42"}


def prepare_site(env):
    """migrate + demo + an éditeur (EDITOR); returns the live days (id, url, date,
    action titles)."""
    manage(env, "migrate", "--noinput")
    return run_python(env, PREPARE_SITE, **EDITOR)["days"]


class Process:
    """A long-running subprocess whose output goes to a file (a pipe could fill up)."""

    def __init__(self, name, args, env):
        self.name = name
        self.output = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.popen = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stdout=self.output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self):
        return self.popen.pid

    def alive(self):
        return self.popen.poll() is None

    def log(self):
        self.output.flush()
        self.output.seek(0)
        return self.output.read()

    def stop(self, timeout=20):
        """SIGTERM, then SIGKILL if it lingers; returns the exit code."""
        if self.alive():
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=10)
        return self.popen.returncode

    def close(self):
        self.stop()
        self.output.close()


def start_gunicorn(env, workers=2, name="gunicorn"):
    """gunicorn with the project's gunicorn.conf.py on a free port; waits until
    it answers. Returns (process, base URL)."""
    port = free_port()
    process = Process(
        name,
        [GUNICORN, "-c", str(ROOT / "gunicorn.conf.py"), "persev_site.wsgi"],
        {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_ACCESS_LOG": "",
            "GUNICORN_LOG_LEVEL": "warning",
        },
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base_url, process)
    except BaseException:
        process.close()
        raise
    return process, base_url


def wait_until_serving(base_url, process, limit=START_LIMIT):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if not process.alive():
            raise AssertionError(
                f"{process.name} stopped (exit {process.popen.returncode}):\n"
                + process.log()[-5000:]
            )
        try:
            requests.get(base_url + "/robots.txt", timeout=5)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise AssertionError(
        f"{process.name} does not answer after {limit} s:\n{process.log()[-5000:]}"
    )


def start_scheduler(env, interval=1):
    return Process(
        "run_scheduler",
        [PYTHON, "manage.py", "run_scheduler", "--interval", str(interval)],
        env,
    )


def get(url, **kwargs):
    kwargs.setdefault("timeout", REQUEST_TIMEOUT)
    kwargs.setdefault("allow_redirects", False)
    return requests.get(url, **kwargs)  # noqa: S113 - timeout set above


def wait_for(condition, what, limit=60, processes=()):
    """Poll `condition` until true; fail if a process in `processes` dies."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return
        for process in processes:
            if not process.alive():
                raise AssertionError(
                    f"{process.name} stopped (exit {process.popen.returncode}) "
                    f"while waiting for {what}:\n{process.log()[-5000:]}"
                )
        time.sleep(0.2)
    logs = "\n".join(f"--- {p.name}\n{p.log()[-3000:]}" for p in processes)
    raise AssertionError(f"Waited {limit} s for {what}, in vain.\n{logs}")


# -- Databases on the suite's PostgreSQL server -----------------------------------


class SharedPostgres:
    """The PostgreSQL server the suite runs on (DATABASE_URL), for throwaway
    databases of our own. None of its existing databases is touched."""

    def __init__(self):
        self.settings = connections["default"].settings_dict

    @staticmethod
    def in_use():
        return connections["default"].vendor == "postgresql"

    def _connect(self):
        return psycopg.connect(
            dbname="postgres",
            user=self.settings.get("USER") or None,
            password=self.settings.get("PASSWORD") or None,
            host=self.settings.get("HOST") or None,
            port=self.settings.get("PORT") or None,
            autocommit=True,
            connect_timeout=10,
        )

    def create(self, name):
        with self._connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop(self, name):
        with self._connect() as conn:
            # FORCE: a server process still connected must not keep it alive.
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def url(self, name):
        return postgres_url(
            self.settings.get("USER") or "",
            self.settings.get("HOST") or "127.0.0.1",
            self.settings.get("PORT") or "5432",
            name,
            self.settings.get("PASSWORD") or "",
        )

    def connect(self, name):
        return psycopg.connect(
            dbname=name,
            user=self.settings.get("USER") or None,
            password=self.settings.get("PASSWORD") or None,
            host=self.settings.get("HOST") or None,
            port=self.settings.get("PORT") or None,
            autocommit=True,
        )


def redis_reachable(url):
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        return True
    except redis.RedisError:
        return False


def delete_redis_keys(url, prefix):
    """Remove the keys under `prefix` (this test's), nothing else of the db."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    with contextlib.suppress(redis.RedisError):
        keys = list(client.scan_iter(match=f"{prefix}*", count=500))
        if keys:
            client.delete(*keys)


# -- A PostgreSQL server of our own ------------------------------------------------


def postgres_binaries():
    """The folder holding initdb and pg_ctl, or None.

    $PERSEV_PG_BIN, else the PATH, else Debian's /usr/lib/postgresql/<version>/bin
    (the newest).
    """
    candidates = []
    if os.environ.get("PERSEV_PG_BIN"):
        candidates.append(Path(os.environ["PERSEV_PG_BIN"]))
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    candidates += sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
        reverse=True,
    )
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


def cluster_user():
    """Who runs the cluster: ourselves, or `postgres` when we are root
    (PostgreSQL refuses to run as root). None if no such user."""
    if os.geteuid() != 0:
        return pwd.getpwuid(os.geteuid())
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        return None


class PostgresCluster:
    """A PostgreSQL server in a temporary folder, on a free port of 127.0.0.1."""

    def __init__(self, binaries, user):
        self.bin = Path(binaries)
        self.user = user
        self.folder = Path(tempfile.mkdtemp(prefix="persev-pg-"))
        self.data = self.folder / "data"
        self.log_file = self.folder / "server.log"
        self.port = free_port()
        self.started = False
        if os.geteuid() == 0:
            os.chown(self.folder, user.pw_uid, user.pw_gid)

    def _run(self, *args, timeout=120):
        result = subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            cwd=self.folder,
            **self._as_owner(),
        )
        if result.returncode != 0:
            raise AssertionError(
                f"{' '.join(args)} exited {result.returncode}:\n"
                f"{result.stdout}\n{result.stderr}\n{self.server_log()}"
            )
        return result

    def _as_owner(self):
        if os.geteuid() != 0:
            return {}
        return {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}

    def server_log(self):
        try:
            return self.log_file.read_text(encoding="utf-8", errors="replace")[-5000:]
        except OSError:
            return ""

    def init(self):
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
        )

    def start(self):
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            # A test server: durability does not matter, speed does.
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log_file),
            "-o", options, "-w", "-t", "60", "start",
        )  # fmt: skip
        self.started = True

    def stop(self, mode="fast"):
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")
        self.started = False

    def url(self, name):
        return postgres_url("postgres", "127.0.0.1", self.port, name)

    def connect(self, name="postgres"):
        return psycopg.connect(
            dbname=name,
            user="postgres",
            host="127.0.0.1",
            port=self.port,
            autocommit=True,
            connect_timeout=5,
        )

    def create_database(self, name):
        with self.connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def destroy(self):
        if self.started:
            with contextlib.suppress(AssertionError, subprocess.SubprocessError):
                self.stop(mode="immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
