"""Settings shared by every environment.

Nothing here is secret and DEBUG stays off: `dev.py`, `test.py` and
`production.py` add what each environment needs. Everything that differs
between machines comes from the environment (see README, "Configuration").
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    """Read a boolean environment variable ("1", "true", "yes", "on")."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated environment variable as a list."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "dsfr",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.api.v3",
    # django-ninja's own static files: the API docs (Swagger UI) work offline.
    "ninja",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    # After the Wagtail apps whose API v3 endpoints it narrows to public
    # content (their routers are added by their ready()), before "wagtail"
    # whose templates it overrides.
    "campaign",
    # The anonymous visitors' page cache (PAGE_CACHE_SECONDS below).
    "persev_site.page_cache",
    # The HTTP cache in front (Varnish or a CDN): its headers and purges
    # (EDGE_CACHE_SECONDS, WAGTAILFRONTENDCACHE below). Not
    # wagtail.contrib.frontend_cache itself: its receivers purge before the
    # transaction commits; only its backends are used.
    "persev_site.edge",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
    # Admin login rate limit and lockout (settings under "Security" below).
    "axes",
]

MIDDLEWARE = [
    # No body in answer to HEAD (gunicorn would send it): first, to see them all.
    "persev_site.middleware.HeadWithoutBodyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Referrer-Policy, nosniff and Permissions-Policy on every response.
    "persev_site.middleware.SecurityHeadersMiddleware",
    # Content-Security-Policy (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # 400 to a NUL character in the address, before anything reads it (the
    # page cache, the views, Wagtail's API): PostgreSQL refuses it in text.
    "persev_site.middleware.NulCharacterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache-Control for the HTTP cache in front (persev_site/edge/headers.py):
    # above the page cache, so that its hits get it too.
    "persev_site.edge.headers.EdgeCacheHeadersMiddleware",
    # Pages for anonymous visitors, from the cache (PAGE_CACHE_SECONDS below);
    # a hit skips everything below. The headers above are still added.
    "persev_site.page_cache.middleware.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # The API (CAMPAIGN["API_PATHS"]) answers HEAD as GET, and French problem
    # documents for its error answers that are not (an address no route
    # matches, the 503 of a database out of reach met by the CORS middleware);
    # above that middleware so as to see its errors too, the CORS headers it
    # adds are kept.
    "campaign.partners.api.middleware.APIMiddleware",
    # CORS for partner sites, on the API, the feeds and the widget only.
    "campaign.partners.cors.PartnerCorsMiddleware",
    # Turns a locked-out login into the lockout page; must stay last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "persev_site.urls"
WSGI_APPLICATION = "persev_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]
# Lets forms render with project templates (DSFR-styled widgets).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# An SQLite file next to manage.py unless DATABASE_URL says otherwise
# (postgres://user@host:port/name in production and in CI).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the scheduler write to the same file: take the write
    # lock at the start of each transaction and wait for it rather than fail.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# -- Security --------------------------------------------------------------------
# Axes first: it refuses a locked-out username+IP before any password is checked.
# (AxesBackend rather than AxesStandaloneBackend: it can also load the user of a
# session, which force_login in tests and the session middleware ask the first
# backend to do.)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# 5 failed logins for one username from one IP lock it out for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_COOLOFF_MESSAGE = (
    "Trop de tentatives de connexion échouées : ce compte est bloqué "
    "pendant 15 minutes. Réessayez plus tard."
)
AXES_PERMALOCK_MESSAGE = (
    "Trop de tentatives de connexion échouées : ce compte est bloqué. "
    "Contactez un administrateur."
)

# Content-Security-Policy of the public pages: everything from the site itself,
# no inline script or style. Wagtail's admin (inline scripts) and the API docs
# (Swagger UI) are left out; the partner widget's iframe sets its own policy
# (campaign/partners/widget.py), which the middleware keeps.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/api/v3/docs"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # DSFR icons and pictograms may be inlined as data: URIs.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Read by persev_site.middleware.SecurityHeadersMiddleware.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
SESSION_COOKIE_HTTPONLY = True

# French from the very first migration: Wagtail creates its default Locale
# from LANGUAGE_CODE, and switching later leaves the database on "en".
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# The site's wording for a few of Wagtail's admin strings (persev_site/locale).
LOCALE_PATHS = [BASE_DIR / "persev_site" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "static_collected"))
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# E-mail (the daily letter): SMTP configured from the environment.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Semaine de la Persévérance Scolaire <persev@localhost>"
)

# Wagtail
WAGTAIL_SITE_NAME = "Semaine de la Persévérance Scolaire"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_USER_LOGIN_FORM = "home.forms.LoginForm"
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
# No Gravatar: the admin would send a hash of each user's e-mail address (and
# their IP address) to a third-party service for every avatar it shows. Users
# see Wagtail's default avatar, or the picture they upload in their profile.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No update check: the dashboard would fetch releases.wagtail.org/latest.txt
# from every editor's browser. Upgrades are the developers' business.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Dates in the admin as French writers type them (03/02/2021): with Wagtail's
# ISO default, a date typed the French way was replaced by today's by the
# date picker. Django also accepts ISO dates (2021-02-03) in these fields.
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# Uploads: images of these types up to 10 MB, documents of the types below up to
# 20 MB; home/forms.py gives the admin's forms their French messages.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.forms.ImageForm"
PERSEV_DOCUMENT_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "home.forms.DocumentForm"
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "odt",
    "ods",
    "odp",
    "docx",
    "xlsx",
    "pptx",
    "csv",
    "txt",
    "zip",
]
# An approved day waits for its date: éditeurs schedule the week (campaign/publishing/workflows.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "campaign.publishing.workflows.finish_workflow"
# Wagtail's database backend, with SQLite's full-text query built safely.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "persev_site.search.backend"}}
if DATABASES["default"]["ENGINE"] in (
    "django.db.backends.postgresql",
    "django.contrib.gis.db.backends.postgis",
):
    # French stemming, ignoring accents ("perseverance" finds "persévérance"):
    # the configuration is created by campaign/migrations/0006_search_fr_unaccent.py.
    # After changing it, run `manage.py update_index`. SQLite has no such option.
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "fr_unaccent"

# Wagtail's API v3 (read-only for the public; see campaign/partners/api/).
# Absolute URLs in API answers (pages' url, Wagtail's html_url and
# detail_url) use the Site's hostname and port (Settings → Sites: the public
# address in production); the campaign router's links to its own endpoints
# use the request's host.
WAGTAILAPI_LIMIT_MAX = 20
# Rich text as display HTML, never Wagtail's internal `linktype` markup.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"

# The campaign app's options (campaign/conf.py lists them all).
CAMPAIGN = {
    # A campaign lives right under the home page of the site.
    "CAMPAIGN_PARENT_PAGE_TYPES": ["home.HomePage"],
    # Where the partner endpoints live (persev_site/urls.py mounts them):
    # CORS headers are sent on these paths only.
    "CORS_PATHS": [r"^/api/", r"^/campagnes/[^/]+/(flux|semaine|widget)"],
    # Everything under /api/ answers like the API: HEAD as GET, French problem
    # documents for errors, even at an address that does not exist (/api/v2/).
    "API_PATHS": [r"^/api/"],
    # Wagtail's own API endpoints (pages, images, documents…) answer their
    # errors in French too, as the campaign router does.
    "WAGTAIL_API_IN_FRENCH": True,
}

# The site's page cache (persev_site/page_cache/). Anonymous visitors' pages
# are cached this long (seconds; 0: off) in the default cache. Off by
# default without Redis: each process would keep its own copies, and a
# publication in another process (the scheduler, another worker) would not
# reach them (persev_site.W001 says so).
PAGE_CACHE_SECONDS = int(
    os.environ.get("PAGE_CACHE_SECONDS", "300" if os.environ.get("REDIS_URL") else "0")
)
# Never cached: the admin, documents, previews, and the site search (any
# text makes a new URL).
PAGE_CACHE_EXCLUDED_PATHS = [
    r"^/admin/",
    r"^/documents/",
    r"^/_util/",
    r"^/api/v3/campaigns/preview/",
    r"^/recherche/",
]

# The HTTP cache in front of the site (persev_site/edge/, README "Cache en
# frontal"): Varnish (deploy/varnish/persev.vcl) at FRONTEND_CACHE_URL, or a
# CDN, purged through Wagtail's frontend cache backends.
FRONTEND_CACHE_URL = os.environ.get("FRONTEND_CACHE_URL", "")
WAGTAILFRONTENDCACHE = {}
if FRONTEND_CACHE_URL:
    WAGTAILFRONTENDCACHE["varnish"] = {
        "BACKEND": "persev_site.edge.backends.VarnishBackend",
        "LOCATION": FRONTEND_CACHE_URL,
    }
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
    }
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
    # Needs boto3 (pip install boto3) and the usual AWS credentials.
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
    }
# How long (seconds) the cache in front keeps an anonymous page (s-maxage);
# 0: nothing is marked public. Purges make a change show at once; this bounds
# what a lost purge or the date changing at midnight leaves stale.
EDGE_CACHE_SECONDS = int(
    os.environ.get("EDGE_CACHE_SECONDS", "300" if WAGTAILFRONTENDCACHE else "0")
)
# Past s-maxage, a copy may still be served while it is fetched again
# (stale-while-revalidate), or for as long as the site answers errors
# (stale-if-error).
EDGE_STALE_WHILE_REVALIDATE = int(os.environ.get("EDGE_STALE_WHILE_REVALIDATE", "30"))
EDGE_STALE_IF_ERROR = int(os.environ.get("EDGE_STALE_IF_ERROR", "86400"))
# A failed purge is tried again after these delays (seconds; the last repeats).
EDGE_PURGE_RETRY_DELAYS = [1, 2, 5, 15, 30, 60]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "campaign": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
