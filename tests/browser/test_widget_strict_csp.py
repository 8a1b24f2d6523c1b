"""The partner widget on a partner page with a strict Content-Security-Policy.

The partner page is served by a second HTTP server, started here, on another
origin (127.0.0.2, another port) than the campaign site (the live server on
localhost), with the policy the README gives partners:

    default-src 'self'; script-src 'self' <our origin>;
    style-src 'self' <our origin>; frame-src <our origin>

It pastes the very code the campaign's editor shows (script or iframe). At a
phone's and a desktop's width, the widget must show styled (its stylesheet
applied), complete (title, day, ZOOM, actions and the link to the day, the
iframe as tall as its content, nothing wider than the screen), and the
console must stay free of errors: a style or script refused by the policy is
logged there, and reported to the page's `securitypolicyviolation` listener.
A screenshot of each case goes to screenshots/ (or $PERSEV_SCREENSHOTS).
"""

import contextlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.test import RequestFactory

from tests.browser.base import MOBILE, SCREENSHOTS, WIDTHS, BrowserTestCase
from tests.builders import DEMO_SLUG

PARTNER_HOST = "127.0.0.2"
FALLBACK_HEIGHT = 640

# Served by the partner itself ('self'): its own look, and a record of every
# violation of its policy, read back by the test.
PARTNER_CSS = b"body{font-family:Georgia,serif;color:#1b1b5e;margin:1rem}"
PARTNER_JS = b"""window.persevViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.persevViolations.push(event.violatedDirective + " " + event.blockedURI);
}, true);
"""
PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Académie partenaire</title>
<link rel="stylesheet" href="/partenaire.css">
<script src="/violations.js"></script>
</head>
<body>
<main>
<h1>Le site d’un partenaire</h1>
<p>La journée de la Semaine, ci-dessous.</p>
{snippet}
<p>Fin de la page du partenaire.</p>
</main>
</body>
</html>
"""


class PartnerServer:
    """A tiny web server for the partner's pages, on its own origin."""

    def __init__(self, policy):
        self.pages = {}
        self.policy = policy
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path in server.pages:
                    body, content_type = server.pages[self.path], "text/html"
                elif self.path == "/partenaire.css":
                    body, content_type = PARTNER_CSS, "text/css"
                elif self.path == "/violations.js":
                    body, content_type = PARTNER_JS, "text/javascript"
                else:  # favicon…: nothing, and no error in the console
                    self.send_response(204)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", f"{content_type}; charset=utf-8")
                self.send_header("Content-Security-Policy", server.policy)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer((PARTNER_HOST, 0), Handler)
        self.url = f"http://{PARTNER_HOST}:{self.httpd.server_address[1]}"

    def add_page(self, path, snippet):
        self.pages[path] = PAGE.format(snippet=snippet).encode()
        return self.url + path

    @contextlib.contextmanager
    def running(self):
        thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.httpd.shutdown()
            self.httpd.server_close()
            thread.join()


WIDGET_STYLE = """(widget) => {
    const style = getComputedStyle(widget);
    return [style.borderTopWidth, style.borderTopStyle, style.paddingTop, style.fontFamily];
}"""


class TestWidgetOnStrictPartnerPage(BrowserTestCase):
    def setUp(self):
        super().setUp()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        from campaign.admin.panels import widget_snippets
        from campaign.models import CampaignPage

        campaign = CampaignPage.objects.get(slug=DEMO_SLUG)
        host = self.live_server_url.removeprefix("http://")
        request = RequestFactory().get("/", HTTP_HOST=host)
        self.script_snippet, self.frame_snippet = widget_snippets(campaign, request)
        # The frame alone, as a partner who left out the resizing script.
        self.bare_frame = self.frame_snippet.split("\n")[0]
        ours = self.live_server_url
        self.partner = PartnerServer(
            f"default-src 'self'; script-src 'self' {ours}; "
            f"style-src 'self' {ours}; frame-src {ours}"
        )
        self.assertNotEqual(self.partner.url, ours)

    @contextlib.contextmanager
    def partner_tab(self, browser, width, url):
        """The partner page open at `width`, with every console message kept."""
        with self.browser_page(browser, width) as tab:
            messages = []
            tab.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
            tab.on("pageerror", lambda error: messages.append(f"erreur : {error}"))
            tab.goto(url, wait_until="load")
            yield tab, messages

    def assert_clean(self, tab, messages, case):
        tab.wait_for_timeout(300)  # late messages (a refused style) arrive too
        self.assertEqual(
            tab.evaluate("window.persevViolations"), [], f"{case} : CSP enfreinte"
        )
        self.assertEqual(messages, [], f"{case} : la console n’est pas vide")

    def assert_no_horizontal_scrolling(self, tab, width, case):
        scroll_width = tab.evaluate("document.scrollingElement.scrollWidth")
        self.assertLessEqual(scroll_width, width, f"{case} : la page déborde")

    def assert_complete(self, widget, case):
        """Title, the day, its ZOOM, its actions and the link to the day."""
        self.assertIn("Semaine", widget.locator("h2").inner_text(), case)
        self.assertRegex(
            widget.locator(".persev-widget-meta").first.inner_text(),
            r"^(Aujourd’hui|Dernière journée en ligne)",
        )
        headings = widget.locator("h3").all_inner_texts()
        self.assertTrue(any(h.startswith("ZOOM du jour") for h in headings), case)
        self.assertGreater(widget.locator("li").count(), 0, case)
        link = widget.get_by_role("link", name="Toute la journée sur le site")
        # An absolute address (on the site's configured domain), for a page
        # on another origin.
        self.assertRegex(link.get_attribute("href"), r"^https?://[^/]+/", case)

    def assert_styled(self, widget, case):
        border, border_style, padding, _font = widget.evaluate(WIDGET_STYLE)
        self.assertEqual((border, border_style), ("1px", "solid"), case)
        self.assertNotEqual(padding, "0px", case)

    def test_script_widget_is_styled_and_complete(self):
        url = self.partner.add_page("/script.html", self.script_snippet)
        with self.partner.running(), self.chromium() as browser:
            for width in WIDTHS:
                case = f"script à {width} px"
                with (
                    self.subTest(width=width),
                    self.partner_tab(browser, width, url) as (tab, messages),
                ):
                    # Playwright's CSS locators go through the open shadow root.
                    widget = tab.locator("[data-persev-widget] .persev-widget")
                    widget.wait_for()
                    # The stylesheet loads after the content shows.
                    tab.wait_for_function(
                        """() => {
                          const host = document.querySelector("[data-persev-widget]");
                          const widget = host.shadowRoot.querySelector(".persev-widget");
                          return getComputedStyle(widget).borderTopStyle === "solid";
                        }"""
                    )
                    self.assert_styled(widget, case)
                    # The host's font is inherited, not replaced.
                    self.assertIn("Georgia", widget.evaluate(WIDGET_STYLE)[3])
                    self.assert_complete(widget, case)
                    self.assert_no_horizontal_scrolling(tab, width, case)
                    tab.screenshot(
                        path=SCREENSHOTS / f"widget-csp-script-{width}.png",
                        full_page=True,
                    )
                    self.assert_clean(tab, messages, case)

    def test_iframe_widget_is_styled_complete_and_as_tall_as_its_content(self):
        url = self.partner.add_page("/iframe.html", self.frame_snippet)
        with self.partner.running(), self.chromium() as browser:
            for width in WIDTHS:
                case = f"iframe à {width} px"
                with (
                    self.subTest(width=width),
                    self.partner_tab(browser, width, url) as (tab, messages),
                ):
                    frame_element = tab.locator("iframe[data-persev-widget-frame]")
                    frame = tab.frame_locator("iframe[data-persev-widget-frame]")
                    widget = frame.locator(".persev-widget")
                    widget.wait_for()
                    # widget-resize.js sets the height the frame reports.
                    tab.wait_for_function(
                        f"""() => {{
                          const frame = document.querySelector("iframe");
                          return frame.getBoundingClientRect().height !== {FALLBACK_HEIGHT}
                            && frame.style.height !== "";
                        }}"""
                    )
                    self.assert_styled(widget, case)
                    self.assert_complete(widget, case)
                    box = frame_element.bounding_box()
                    widget_box = widget.bounding_box()
                    # Nothing cut off, no scrollbar in the frame, no blank below.
                    self.assertAlmostEqual(box["height"], widget_box["height"], delta=2)
                    inner = frame_element.element_handle().content_frame()
                    self.assertLessEqual(
                        inner.evaluate("document.scrollingElement.scrollHeight"),
                        inner.evaluate("window.innerHeight"),
                        case,
                    )
                    # As wide as the column allows, 40em at most, no border.
                    self.assertLessEqual(box["width"], min(width, 640), case)
                    self.assertGreater(box["width"], min(width, 640) - 60, case)
                    self.assertEqual(
                        frame_element.evaluate(
                            "f => getComputedStyle(f).borderTopWidth"
                        ),
                        "0px",
                    )
                    self.assert_no_horizontal_scrolling(tab, width, case)
                    # A full-page capture leaves a cross-origin frame blank
                    # below the viewport: make the viewport the page's height.
                    tab.set_viewport_size(
                        {
                            "width": width,
                            "height": tab.evaluate(
                                "document.scrollingElement.scrollHeight"
                            ),
                        }
                    )
                    tab.screenshot(path=SCREENSHOTS / f"widget-csp-iframe-{width}.png")
                    self.assert_clean(tab, messages, case)

    def test_iframe_without_the_resizing_script_keeps_its_fallback_height(self):
        url = self.partner.add_page("/iframe-seule.html", self.bare_frame)
        with (
            self.partner.running(),
            self.chromium() as browser,
            self.partner_tab(browser, MOBILE, url) as (tab, messages),
        ):
            frame = tab.frame_locator("iframe[data-persev-widget-frame]")
            widget = frame.locator(".persev-widget")
            widget.wait_for()
            self.assert_styled(widget, "iframe seule")
            box = tab.locator("iframe").bounding_box()
            # The height attribute (plus the default 2px border on each side).
            self.assertAlmostEqual(box["height"], FALLBACK_HEIGHT + 4, delta=1)
            # The rest of the day is reachable by scrolling inside the frame.
            self.assert_complete(widget, "iframe seule")
            self.assert_no_horizontal_scrolling(tab, MOBILE, "iframe seule")
            tab.screenshot(path=SCREENSHOTS / "widget-csp-iframe-seule-375.png")
            self.assert_clean(tab, messages, "iframe seule")
