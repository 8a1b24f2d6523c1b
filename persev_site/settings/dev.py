"""Local development: DEBUG on, a throwaway secret, e-mail printed to the console."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-8b1e6f0c2d"  # noqa: F405
# Without an SMTP server configured, e-mails are printed on the console.
if not os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# A missing page shows the site's French 404 page, as in production, rather
# than Django's English debug page (persev_site/middleware.py); just above
# axes, which must stay last.
MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
MIDDLEWARE.insert(
    MIDDLEWARE.index("axes.middleware.AxesMiddleware"),
    "persev_site.middleware.SiteNotFoundMiddleware",
)

# Static files straight from the apps, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

try:
    from .local import *  # noqa: F403
except ImportError:
    pass
