"""Keyboard use of every public page: the first Tab reaches the skip link,
Enter moves focus to the main content, every focused element shows where the
focus is, and tabbing goes through the whole page to the footer and out."""

from tests.browser.base import BrowserTestCase

MAX_TABS = 200  # far more than any page has focusable elements

# The focused element, and whether its focus is drawn: an outline on it or,
# for DSFR's enlarged links (.fr-enlarge-link, the whole block clickable), on
# its ::before, which covers the block.
FOCUS_JS = """
() => {
  const active = document.activeElement;
  if (!active || active === document.body) return null;
  const drawn = (style) =>
    style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const visible = drawn(getComputedStyle(active))
    || drawn(getComputedStyle(active, '::before'));
  const box = active.getBoundingClientRect();
  return {
    description: active.outerHTML.substring(0, 120),
    href: active.getAttribute('href'),
    inMain: !!active.closest('main'),
    inFooter: !!active.closest('footer'),
    afterMain: !!(document.querySelector('main').compareDocumentPosition(active)
                  & (Node.DOCUMENT_POSITION_FOLLOWING | Node.DOCUMENT_POSITION_CONTAINED_BY)),
    outlineVisible: visible,
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0
              && box.top < window.innerHeight,
    isSkipLink: !!active.closest('.fr-skiplinks'),
    // Where it is in the document: tells two identical links apart.
    key: [...document.querySelectorAll('*')].indexOf(active),
  };
}
"""


class TestKeyboard(BrowserTestCase):
    def test_skip_link_first_then_main_content(self):
        def check(tab, public_page, width):
            tab.keyboard.press("Tab")
            focus = tab.evaluate(FOCUS_JS)
            self.assertIsNotNone(focus, "le premier Tab ne donne le focus à rien")
            self.assertTrue(
                focus["isSkipLink"], f"premier Tab : {focus['description']}"
            )
            self.assertEqual(
                tab.evaluate(
                    "(href) => document.querySelector(href)?.tagName", focus["href"]
                ),
                "MAIN",
                "le premier lien d’évitement doit mener au contenu principal",
            )
            self.assertTrue(focus["onScreen"], "le lien d’évitement reste invisible")
            self.assertTrue(
                focus["outlineVisible"], "focus du lien d’évitement invisible"
            )

            tab.keyboard.press("Enter")
            tab.wait_for_function("document.activeElement.tagName === 'MAIN'")
            tab.keyboard.press("Tab")
            focus = tab.evaluate(FOCUS_JS)
            self.assertIsNotNone(focus)
            self.assertTrue(
                focus["afterMain"],
                f"après le lien d’évitement, Tab revient avant le contenu : {focus['description']}",
            )

        self.check_each_page(check)

    def test_focus_is_visible_and_tabbing_goes_through_to_the_footer(self):
        def check(tab, public_page, width):
            seen, reached_footer = [], False
            for _ in range(MAX_TABS):
                tab.keyboard.press("Tab")
                focus = tab.evaluate(FOCUS_JS)
                if focus is None or (seen and focus["key"] == seen[0]):
                    break  # out of the page, or back to its start: no trap
                self.assertTrue(
                    focus["outlineVisible"],
                    f"focus invisible sur {focus['description']}",
                )
                self.assertFalse(
                    seen[-2:] == [focus["key"]] * 2,
                    f"focus bloqué sur {focus['description']}",
                )
                seen.append(focus["key"])
                reached_footer = reached_footer or focus["inFooter"]
            else:
                self.fail(f"le focus ne sort pas de la page après {MAX_TABS} Tab")
            self.assertTrue(reached_footer, "Tab n’atteint jamais le pied de page")

        self.check_each_page(check)
