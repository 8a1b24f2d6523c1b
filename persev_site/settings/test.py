"""Settings for the test suite: the dev settings, made faster and quieter."""

import tempfile
from pathlib import Path

from .dev import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
# We don't need such a strong algorithm in tests, so use MD5.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests must not write media into the project folder.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="persev-test-media-"))
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests provoke failures on purpose (SMTP down…): only errors are shown.
LOGGING["loggers"]["campaign"]["level"] = "ERROR"  # noqa: F405
# Expected 404s and warnings would bury the test report.
LOGGING["loggers"]["django.request"] = {"level": "ERROR"}  # noqa: F405
# Django's test client logs in without a request, which django-axes refuses:
# axes is off in the suite and switched on by the tests of the lockout
# (tests/test_security.py, override_settings(AXES_ENABLED=True)).
AXES_ENABLED = False
# The lockout tests fail logins on purpose: django-axes would log each one.
LOGGING["loggers"]["axes"] = {"level": "ERROR"}  # noqa: F405
# A TestCase never commits, so the invalidations made on commit never run:
# the page cache is off, and on in tests/site/test_page_cache.py only.
PAGE_CACHE_SECONDS = 0
