"""What the browser tests share: Debian's Chromium driven by Playwright, a live
server with the demo site loaded, and the list of public pages to visit.

The browser is the system one (`apt-get install chromium`), launched from
/usr/bin/chromium: never a build downloaded by `playwright install`. Without
it, or without the `playwright` package, every browser test is skipped with a
message saying so; `.ci/run` installs it, so CI always runs them (once: in its
PostgreSQL pass; PERSEV_BROWSER_TESTS=0 turns them off in the SQLite pass,
since they read pages, whatever database is behind them).

Each class gets its own live server and browser, so that Django's parallel
runner (which hands whole classes to its workers) can spread them. The live
server needs committed data, hence StaticLiveServerTestCase, a
TransactionTestCase: `serialized_rollback` brings back, after each flush, the
home page and the groups that the migrations create.

To cover a new page type, add one line to PUBLIC_PAGES.
"""

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from unittest import mock, skipUnless

from django.conf import settings
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.core.management import call_command

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # the dev extras are not installed
    sync_playwright = None

CHROMIUM = Path(os.environ.get("PERSEV_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(
    os.environ.get("PERSEV_SCREENSHOTS", Path(settings.BASE_DIR) / "screenshots")
)
MOBILE, DESKTOP = 375, 1280
WIDTHS = (MOBILE, DESKTOP)
TIMEOUT_MS = 20_000

# Turned off on purpose (.ci/run's SQLite pass), rather than unable to run.
DISABLED_REASON = (
    "Tests dans le navigateur désactivés (PERSEV_BROWSER_TESTS=0) : "
    ".ci/run les passe une fois, avec la suite sur PostgreSQL."
    if os.environ.get("PERSEV_BROWSER_TESTS", "1") == "0"
    else ""
)
if DISABLED_REASON:
    SKIP_REASON = DISABLED_REASON
elif sync_playwright is None:
    SKIP_REASON = (
        "Tests dans le navigateur ignorés : le paquet Python « playwright » manque "
        '(pip install -e ".[dev]").'
    )
elif not CHROMIUM.exists():
    SKIP_REASON = (
        f"Tests dans le navigateur ignorés : Chromium est absent ({CHROMIUM}). "
        "Installez-le avec « apt-get install chromium »."
    )
else:
    SKIP_REASON = ""


@dataclass(frozen=True)
class PublicPage:
    """A public page type: its name (used for screenshots and in failures),
    where to find it once the demo is loaded, and the status it answers."""

    name: str
    path: Callable[[], str]
    status: int = 200


def _page_path(model, **lookup):
    return model.objects.live().get(**lookup).get_url()


def _demo_campaign_path():
    from campaign.models import CampaignPage
    from tests.builders import DEMO_SLUG

    return _page_path(CampaignPage, slug=DEMO_SLUG)


def _demo_day_path():
    from campaign.models import CampaignDayPage

    return CampaignDayPage.objects.live().order_by("date").first().get_url()


def _demo_actions_path(query=""):
    def path():
        from django.urls import reverse

        from tests.builders import DEMO_SLUG

        return reverse("campaign:actions", kwargs={"slug": DEMO_SLUG}) + query

    return path


def _demo_establishment_path():
    from campaign.models import CampaignPage, Establishment
    from campaign.public import discovery

    public = CampaignPage.objects.public_for(None).establishment_ids()
    establishment = Establishment.objects.filter(pk__in=public).order_by("name")[0]
    return discovery.establishment_url(establishment)


def _standard_page_path(slug):
    from home.models import StandardPage

    return lambda: _page_path(StandardPage, slug=slug)


# Every public page type of the demo site. A new one is one line here.
PUBLIC_PAGES = [
    PublicPage("accueil", lambda: "/"),
    PublicPage("campagne", _demo_campaign_path),
    PublicPage("journee", _demo_day_path),
    PublicPage("actions", _demo_actions_path()),
    PublicPage("actions-vienne", _demo_actions_path("?department=86")),
    PublicPage("etablissement", _demo_establishment_path),
    PublicPage("recherche", lambda: "/recherche/?q=FOQUALE"),
    PublicPage("recherche-vide", lambda: "/recherche/"),
    # A refused value: the page with the message on its field (400).
    PublicPage(
        "actions-filtre-refuse",
        _demo_actions_path("?academie=poitiers&department=99"),
        status=400,
    ),
    PublicPage(
        "recherche-trop-longue", lambda: "/recherche/?q=" + "x" * 201, status=400
    ),
    PublicPage("accessibilite", _standard_page_path("accessibilite")),
    PublicPage("mentions-legales", _standard_page_path("mentions-legales")),
    PublicPage("404", lambda: "/cette-page-n-existe-pas/", status=404),
]


# The error pages that stand alone (templates/error_base.html: no skip link,
# no search, no footer, since the request or the site is what failed): read
# by the classes that set `with_error_pages` (the accessibility checks), not
# by the keyboard and layout ones.
ERROR_PAGES = [
    # A NUL character in the address: the site's own 400 page.
    PublicPage("400", lambda: "/recherche/?q=%00", status=400),
]


@skipUnless(not SKIP_REASON, SKIP_REASON)
class BrowserTestCase(StaticLiveServerTestCase):
    """A live server with the demo site, and Chromium to read it."""

    serialized_rollback = True
    with_error_pages = False

    @classmethod
    def setUpClass(cls):
        # Playwright's sync API runs an event loop in this thread, and Django
        # refuses ORM calls next to a running loop (SynchronousOnlyOperation).
        # The browser only runs inside check_each_page(), never during the
        # test's own ORM calls; this is for safety, for these classes only.
        cls.enterClassContext(
            mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"})
        )
        super().setUpClass()

    def setUp(self):
        super().setUp()
        call_command("load_site_demo", "--no-admin", stdout=StringIO())
        pages = [*PUBLIC_PAGES, *(ERROR_PAGES if self.with_error_pages else ())]
        self.pages = [(page, page.path()) for page in pages]

    @contextlib.contextmanager
    def chromium(self):
        """Chromium, for the length of one check. Not kept over the whole class:
        while Playwright's event loop exists, Django's database connections
        live in another storage (asgiref's Local follows the running loop), and
        the flush after each test would miss the test database's serialized
        contents."""
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
            try:
                yield browser
            finally:
                browser.close()

    @contextlib.contextmanager
    def browser_page(self, browser, width):
        """A fresh tab, `width` CSS pixels wide (a phone's at MOBILE)."""
        mobile = width <= MOBILE
        context = browser.new_context(
            viewport={"width": width, "height": 812 if mobile else 900},
            is_mobile=mobile,
            has_touch=mobile,
            locale="fr-FR",
        )
        context.set_default_timeout(TIMEOUT_MS)
        try:
            yield context.new_page()
        finally:
            context.close()

    def visit(self, tab, public_page, path):
        """Open `path` in `tab` and check the status the page type answers."""
        response = tab.goto(self.live_server_url + path, wait_until="load")
        self.assertIsNotNone(response, f"{public_page.name} : pas de réponse")
        self.assertEqual(
            response.status,
            public_page.status,
            f"{public_page.name} ({path}) : statut HTTP inattendu",
        )
        return response

    def check_each_page(self, check, widths=WIDTHS):
        """Run `check(tab, public_page, width)` on every public page at every
        width, each in its own subtest and fresh tab, the page already loaded."""
        with self.chromium() as browser:
            for width in widths:
                for public_page, path in self.pages:
                    with (
                        self.subTest(page=public_page.name, width=width),
                        self.browser_page(browser, width) as tab,
                    ):
                        self.visit(tab, public_page, path)
                        check(tab, public_page, width)
