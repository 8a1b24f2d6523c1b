"""Every public page on a phone (375 px) and a desktop (1280 px): nothing wider
than the screen, and a full-page screenshot of each in screenshots/
(or $PERSEV_SCREENSHOTS) to look at."""

from tests.browser.base import SCREENSHOTS, BrowserTestCase


class TestLayout(BrowserTestCase):
    def test_no_horizontal_scrolling_and_screenshots(self):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

        def check(tab, public_page, width):
            tab.screenshot(
                path=SCREENSHOTS / f"{public_page.name}-{width}.png", full_page=True
            )
            scroll_width = tab.evaluate("document.scrollingElement.scrollWidth")
            self.assertLessEqual(
                scroll_width, width, f"la page déborde à {width} px : {scroll_width} px"
            )

        self.check_each_page(check)
