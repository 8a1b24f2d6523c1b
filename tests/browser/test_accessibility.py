"""Accessibility of every public page, and of the error pages that stand
alone (base.ERROR_PAGES), read by Chromium: axe-core finds no violation
(contrast included), one h1 and no skipped heading level, a text alternative
on every image, the page in French."""

from tests.browser.base import BrowserTestCase

try:
    # axe-core itself ships inside the package (axe.min.js): nothing is
    # downloaded at run time.
    from axe_playwright_python.sync_playwright import Axe
except ImportError:  # pragma: no cover - the base class skips without playwright
    Axe = None

# Headings as assistive technologies list them: the h1–h6 and role="heading"
# that are rendered (a visually hidden .fr-sr-only heading still counts).
HEADINGS_JS = """
() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')]
  .filter((h) => h.checkVisibility({visibilityProperty: true}))
  .map((h) => ({
    level: h.getAttribute('role') === 'heading'
      ? Number(h.getAttribute('aria-level') || 2)
      : Number(h.tagName.substring(1)),
    text: h.textContent.trim().replace(/\\s+/g, ' '),
  }))
"""


class TestAxe(BrowserTestCase):
    with_error_pages = True

    def test_no_axe_violation_on_any_public_page(self):
        axe = Axe()

        def check(tab, public_page, width):
            results = axe.run(tab)
            self.assertEqual(
                results.violations_count,
                0,
                f"{public_page.name} à {width} px :\n{results.generate_report()}",
            )

        self.check_each_page(check)


class TestStructure(BrowserTestCase):
    with_error_pages = True

    def test_one_h1_and_no_skipped_heading_level(self):
        def check(tab, public_page, width):
            headings = tab.evaluate(HEADINGS_JS)
            outline = [f"h{h['level']} {h['text']}" for h in headings]
            levels = [h["level"] for h in headings]
            self.assertEqual(levels.count(1), 1, f"un seul h1 attendu : {outline}")
            self.assertEqual(
                levels[0], 1, f"le premier titre doit être le h1 : {outline}"
            )
            for previous, level in zip(levels, levels[1:], strict=False):
                self.assertLessEqual(
                    level, previous + 1, f"niveau de titre sauté : {outline}"
                )

        self.check_each_page(check)

    def test_every_image_has_a_text_alternative(self):
        def check(tab, public_page, width):
            missing = tab.eval_on_selector_all(
                "img:not([alt]), input[type=image]:not([alt])",
                "(images) => images.map((image) => image.outerHTML)",
            )
            self.assertEqual(missing, [], "images sans attribut alt")

        self.check_each_page(check)

    def test_the_page_is_in_french(self):
        def check(tab, public_page, width):
            self.assertEqual(tab.evaluate("document.documentElement.lang"), "fr")
            self.assertTrue(tab.title().strip(), "la page n’a pas de titre")

        self.check_each_page(check)
