"""The import, export and publication flows speak the site's language:
English message ids, the French of the plugin's catalogue (exactly the
wording the persev site has always shown), plurals by ngettext."""

import datetime as dt
from types import SimpleNamespace

from django.test import SimpleTestCase
from django.utils import translation

from campaign.authoring import pending_imports, sources
from campaign.authoring.import_run import (
    DRAFTED,
    PUBLISHED,
    UNCHANGED,
    ImportedDay,
)
from campaign.authoring.interchange import encoding
from campaign.publishing import scheduler, timeline


def in_both(function):
    """(English, French) of what `function()` says."""
    with translation.override("en"):
        english = str(function())
    with translation.override("fr"):
        french = str(function())
    return english, french


def day(title="Lundi 1er février", date=dt.date(2021, 2, 1)):
    return SimpleNamespace(title=title, date=date)


class TestImportedDayWording(SimpleTestCase):
    def test_each_outcome_is_one_sentence(self):
        cases = [
            (
                ImportedDay("a.json", day(), True, DRAFTED),
                "a.json: Lundi 1er février (2021-02-01) created, as a draft",
                "a.json : Lundi 1er février (2021-02-01) créée, brouillon",
            ),
            (
                ImportedDay("a.json", day(), False, PUBLISHED),
                "a.json: Lundi 1er février (2021-02-01) updated, published",
                "a.json : Lundi 1er février (2021-02-01) mise à jour, publiée",
            ),
            (
                ImportedDay("a.json", day(), False, UNCHANGED),
                "a.json: Lundi 1er février (2021-02-01) unchanged",
                "a.json : Lundi 1er février (2021-02-01) inchangée",
            ),
        ]
        for result, english, french in cases:
            with self.subTest(result.state):
                self.assertEqual(in_both(result.describe), (english, french))

    def test_the_state_is_a_code_not_words(self):
        self.assertFalse(ImportedDay("a.json", day(), False, UNCHANGED).changed)
        self.assertTrue(ImportedDay("a.json", day(), True, DRAFTED).changed)


class TestFileProblemsWording(SimpleTestCase):
    def message(self, data, filename="lettre.txt"):
        return lambda: sources.read_file(filename, data)[1][0].message

    def test_a_pdf(self):
        english, french = in_both(self.message(b"%PDF-1.7\n"))
        self.assertTrue(
            english.startswith("this is a PDF document, not a text file: save ")
        )
        self.assertTrue(
            french.startswith(
                "c’est un document PDF, pas un fichier texte : enregistrez la lettre "
            )
        )

    def test_an_encoding_name(self):
        data = "Lundi\n".encode("utf-16")
        english, french = in_both(self.message(data))
        self.assertIn("file encoded in UTF-16 (little-endian), not in UTF-8", english)
        self.assertIn("fichier encodé en UTF-16 (petit-boutiste), pas en UTF-8", french)

    def test_an_unsupported_type(self):
        self.assertEqual(
            in_both(self.message(b"x", filename="lettre.doc")),
            (
                "file type not supported: expected .json, .txt or .md.",
                "type de fichier non pris en charge : .json, .txt ou .md attendu.",
            ),
        )

    def test_the_lines_left_untold_are_counted_with_plurals(self):
        for more, english, french in (
            (1, "and 1 other line with", "et 1 autre ligne avec"),
            (2, "and 2 other lines with", "et 2 autres lignes avec"),
        ):
            lines = 20 + more
            text = "texte\x0b\n" * lines + "texte\n" * (lines * 40)
            told = in_both(lambda text=text: encoding.to_text(text.encode())[1][-1])
            with self.subTest(more=more):
                self.assertIn(english, told[0])
                self.assertIn(french, told[1])

    def test_an_expired_preview(self):
        english, french = in_both(pending_imports._expired)
        self.assertIn("it is more than 2 hours old", english)
        self.assertIn("il a plus de 2 heures", french)


class TestPublicationWording(SimpleTestCase):
    def test_the_scheduler_report(self):
        line = scheduler.DONE["wagtail.publish.scheduled"]
        self.assertEqual(
            in_both(lambda: line % {"title": "Mercredi 3 février", "id": 7}),
            (
                "Put live: “Mercredi 3 février” (page 7)",
                "Mise en ligne : « Mercredi 3 février » (page 7)",
            ),
        )

    def test_the_day_states(self):
        self.assertEqual(
            in_both(lambda: timeline.LABELS[timeline.MISSING]),
            ("not written yet", "pas encore écrite"),
        )
        self.assertEqual(
            in_both(lambda: timeline.LABELS[timeline.APPROVED]),
            ("approved", "approuvée"),
        )
