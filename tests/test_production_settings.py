"""Production settings: `check --deploy` is silent, and the cache, media and
gunicorn configuration follow the environment."""

import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = "persev_site.settings.production"


def production_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "AWS_", "REDIS_", "DATABASE_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "example.org",
        }
    )
    env.update(extra)
    return env


def run_python(code, env):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "cache": s.CACHES["default"]["BACKEND"],
    "cache_location": s.CACHES["default"].get("LOCATION"),
    "media": s.STORAGES["default"]["BACKEND"],
    "static": s.STORAGES["staticfiles"]["BACKEND"],
    "img_src": s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
    "secure": [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,
               s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY,
               s.SECURE_SSL_REDIRECT],
    "hsts": s.SECURE_HSTS_SECONDS,
    "conn_max_age": s.DATABASES["default"]["CONN_MAX_AGE"],
    "conn_health_checks": s.DATABASES["default"]["CONN_HEALTH_CHECKS"],
}))
"""


class CheckDeployTests(SimpleTestCase):
    def test_check_deploy_reports_no_issues(self):
        result = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy"],
            cwd=ROOT,
            env=production_env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        output = result.stdout + result.stderr
        self.assertEqual(result.returncode, 0, output)
        self.assertIn("System check identified no issues (0 silenced).", output)
        self.assertNotIn("WARNING", output)

    def test_refuses_to_start_without_a_secret_key(self):
        env = production_env()
        del env["DJANGO_SECRET_KEY"]
        result = run_python("import django; django.setup()", env)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DJANGO_SECRET_KEY est obligatoire", result.stderr)


class EnvironmentTests(SimpleTestCase):
    def settings_with(self, **extra):
        import json

        result = run_python(PRINT_SETTINGS, production_env(**extra))
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout.strip().splitlines()[-1])

    def test_defaults_local_memory_cache_and_local_media(self):
        values = self.settings_with()
        self.assertEqual(
            values["cache"], "django.core.cache.backends.locmem.LocMemCache"
        )
        self.assertEqual(values["media"], "django.core.files.storage.FileSystemStorage")
        self.assertEqual(
            values["static"],
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
        self.assertEqual(values["secure"], [True, True, True, True, True])
        self.assertGreaterEqual(values["hsts"], 31536000)
        # Persistent connections, checked before reuse.
        self.assertEqual(values["conn_max_age"], 60)
        self.assertTrue(values["conn_health_checks"])

    def test_database_connections_can_be_closed_after_each_request(self):
        self.assertEqual(
            self.settings_with(DATABASE_CONN_MAX_AGE="0")["conn_max_age"], 0
        )

    def test_redis_cache_and_s3_media_from_the_environment(self):
        values = self.settings_with(
            REDIS_URL="redis://cache.internal:6379/1",
            AWS_STORAGE_BUCKET_NAME="persev-media",
            AWS_S3_ENDPOINT_URL="https://s3.example.net",
            AWS_ACCESS_KEY_ID="cle",
            AWS_SECRET_ACCESS_KEY="secret",
        )
        self.assertEqual(values["cache"], "django_redis.cache.RedisCache")
        self.assertEqual(values["cache_location"], "redis://cache.internal:6379/1")
        self.assertEqual(values["media"], "storages.backends.s3.S3Storage")
        self.assertIn("https://s3.example.net", values["img_src"])


class WorkerFootprintTests(SimpleTestCase):
    def test_serving_pages_does_not_load_jsonschema(self):
        # jsonschema and its format checkers weigh ~30 MB per worker: only a
        # JSON import loads them (campaign.authoring.interchange.json_format.validator).
        code = (
            "import sys, django; django.setup()\n"
            "from persev_site.wsgi import application\n"
            "from django.urls import get_resolver\n"
            "get_resolver().url_patterns\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'jsonschema'))\n"
            "from campaign.authoring.interchange import json_format\n"
            "json_format.validator()\n"
            "print('jsonschema' in sys.modules)\n"
        )
        result = run_python(code, production_env())
        self.assertEqual(result.returncode, 0, result.stderr)
        served, imported = result.stdout.strip().splitlines()[-2:]
        self.assertEqual(served, "[]")
        self.assertEqual(imported, "True")


class GunicornConfigTests(SimpleTestCase):
    def load(self, **env):
        saved = {key: os.environ.get(key) for key in env}
        os.environ.update(env)
        try:
            return runpy.run_path(str(ROOT / "gunicorn.conf.py"))
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value

    def test_defaults(self):
        config = self.load()
        self.assertEqual(config["workers"], int(os.environ.get("GUNICORN_WORKERS", 2)))
        self.assertTrue(config["preload_app"])
        self.assertEqual(config["accesslog"], "-")
        self.assertGreater(config["graceful_timeout"], 0)
        self.assertEqual(config["wsgi_app"], "persev_site.wsgi:application")

    def test_bind_and_workers_from_the_environment(self):
        config = self.load(GUNICORN_BIND="0.0.0.0:9000", GUNICORN_WORKERS="5")
        self.assertEqual(config["bind"], ["0.0.0.0:9000"])
        self.assertEqual(config["workers"], 5)

    def test_gunicorn_accepts_the_file(self):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--check-config",
                "-c",
                "gunicorn.conf.py",
            ],
            cwd=ROOT,
            env=production_env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
