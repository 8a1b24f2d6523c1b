"""The site's French wording of a few Wagtail admin strings
(persev_site/locale/fr/LC_MESSAGES/django.po) is in effect: the committed
django.mo holds every entry of the .po, and it wins over Wagtail's own."""

import re
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase
from django.utils import translation

PO = (
    Path(settings.BASE_DIR)
    / "persev_site"
    / "locale"
    / "fr"
    / "LC_MESSAGES"
    / "django.po"
)


def _unquote(lines):
    return "".join(
        bytes(line.strip()[1:-1], "utf-8")
        .decode("unicode_escape")
        .encode("latin-1")
        .decode("utf-8")
        for line in lines
    )


def entries(text):
    """(msgid, msgstr) of the simple entries of a .po file (no contexts);
    entries with plural forms are left to plural_entries()."""
    found = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        if not lines or not lines[0].startswith("msgid"):
            continue
        if any(line.startswith("msgid_plural") for line in lines):
            continue
        at = next(i for i, line in enumerate(lines) if line.startswith("msgstr"))
        msgid = _unquote([lines[0][len("msgid ") :], *lines[1:at]])
        msgstr = _unquote([lines[at][len("msgstr ") :], *lines[at + 1 :]])
        if msgid:
            found.append((msgid, msgstr))
    return found


def plural_entries(text):
    """(msgid, msgid_plural, [msgstr[0], msgstr[1]…]) of the .po file's
    entries with plural forms (one line each)."""
    found = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        if not any(line.startswith("msgid_plural") for line in lines):
            continue
        fields = {}
        for line in lines:
            key, _space, value = line.partition(" ")
            fields[key] = _unquote([value])
        msgstrs = [v for k, v in fields.items() if k.startswith("msgstr[")]
        found.append((fields["msgid"], fields["msgid_plural"], msgstrs))
    return found


class TestAdminWording(SimpleTestCase):
    def test_every_entry_is_compiled_and_wins(self):
        wording = entries(PO.read_text(encoding="utf-8"))
        self.assertGreater(len(wording), 5)
        with translation.override("fr"):
            for msgid, msgstr in wording:
                with self.subTest(msgid=msgid):
                    self.assertEqual(translation.gettext(msgid), msgstr)

    def test_every_plural_entry_is_compiled_and_wins(self):
        wording = plural_entries(PO.read_text(encoding="utf-8"))
        self.assertGreaterEqual(len(wording), 2)
        with translation.override("fr"):
            for msgid, msgid_plural, msgstrs in wording:
                for count in (0, 1, 3):
                    with self.subTest(msgid=msgid, count=count):
                        self.assertIn(
                            translation.ngettext(msgid, msgid_plural, count), msgstrs
                        )

    def test_no_workflow_left_in_the_wording(self):
        text = PO.read_text(encoding="utf-8")
        msgstrs = [msgstr for _msgid, msgstr in entries(text)] + [
            msgstr for *_ids, forms in plural_entries(text) for msgstr in forms
        ]
        for msgstr in msgstrs:
            msgstr = re.sub(r"%\([a-z_]+\)s", "", msgstr)  # placeholders aside
            self.assertNotIn("workflow", msgstr)
            self.assertNotIn("domain.com", msgstr)
            self.assertNotIn("(e)", msgstr)
