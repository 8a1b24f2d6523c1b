"""Every public page on a phone (375 px) and a desktop (1280 px): nothing wider
than the screen, drawn text (SVG charts) as legible as the text around it, and
a full-page screenshot of each in screenshots/ (or $PERSEV_SCREENSHOTS) to
look at."""

from tests.browser.base import SCREENSHOTS, BrowserTestCase

# Rendered size, in CSS pixels, of every text drawn in an SVG: a chart scaled
# to the screen's width once drew its labels at 7 px on a phone, 24 px on a
# desktop.
SVG_TEXT_SIZES = """
    [...document.querySelectorAll("svg text")].map(
        (text) => [
            text.textContent,
            parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a,
        ]
    )
"""
LEGIBLE_PX = (12, 20)


class TestLayout(BrowserTestCase):
    def test_no_horizontal_scrolling_legible_charts_and_screenshots(self):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

        def check(tab, public_page, width):
            tab.screenshot(
                path=SCREENSHOTS / f"{public_page.name}-{width}.png", full_page=True
            )
            scroll_width = tab.evaluate("document.scrollingElement.scrollWidth")
            self.assertLessEqual(
                scroll_width, width, f"la page déborde à {width} px : {scroll_width} px"
            )
            low, high = LEGIBLE_PX
            for text, size in tab.evaluate(SVG_TEXT_SIZES):
                self.assertTrue(
                    low <= size <= high,
                    f"texte de graphique « {text} » dessiné à {size:.1f} px "
                    f"à {width} px de large (attendu de {low} à {high} px)",
                )

        self.check_each_page(check)
