"""Settings of the servers the operations tests start (tests/ops/processes.py):
production's, with two differences that change nothing they test.

- Static files: production's CompressedManifestStaticFilesStorage needs
  `collectstatic` first (8 s and 80 MB per run); these tests read HTML only,
  so the plain storage serves (`{% static %}` gives unhashed names).
- E-mail: with EMAIL_BACKEND=…filebased.EmailBackend, each message is
  written to a file in $PERSEV_OPS_MAIL_DIR, where a test counts them.
"""

import os

from persev_site.settings.production import *  # noqa: F403
from persev_site.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_FILE_PATH = os.environ.get("PERSEV_OPS_MAIL_DIR", "")
