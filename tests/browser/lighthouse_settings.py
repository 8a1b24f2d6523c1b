"""Settings for `make lighthouse`: production's, plus the gzip of the HTML that
the reverse proxy in front of gunicorn does in a real deployment (nginx's
`gzip on`). Static files are already compressed by whitenoise
(CompressedManifestStaticFilesStorage, in production.py)."""

from persev_site.settings.production import *  # noqa: F403
from persev_site.settings.production import MIDDLEWARE

# Below HeadWithoutBodyMiddleware, which must stay first: a HEAD then gets
# the headers of the compressed GET (Content-Encoding, Content-Length, Vary).
MIDDLEWARE = [MIDDLEWARE[0], "django.middleware.gzip.GZipMiddleware", *MIDDLEWARE[1:]]
