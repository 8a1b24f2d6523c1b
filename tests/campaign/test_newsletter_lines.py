"""The newsletter reader keeps each line's number from the lexer to every
problem and to every value it reads; the one folding of case and accents."""

from textwrap import dedent

from django.test import SimpleTestCase

from campaign.authoring.interchange.newsletter import NewsletterError, parse_newsletter
from campaign.authoring.problems import Problem
from campaign.authoring.sources import read_file
from campaign.reference.text import fold, fold_in_place

# Each line is numbered in the comment column: the tests name lines by number.
LETTER = dedent(
    """\
    Bonjour à toutes et à tous,
    voici les actions du jour.

    Quelques actions de la région académique :

    - ★ " **Un forum des métiers** "
    Collège Henri Bretin (*Neuvic - 24*) / Lycée Jean Favard (*Guéret - 23*)
    Collège Bernard Palissy (*St Léonard-de-Noblat - 87*)
    https://example.org/forum
    Une description,
    sur deux lignes.

    - ★ " **Une course** "
    Lycée Bertran de Born (*Périgueux - 24*)

    ZOOM du jour
    Les clauses sociales
    Le texte du zoom.

    Ressources ONISEP ou autres

    - [Le site de l'Onisep](https://www.onisep.fr) (ONISEP)
    - [Un guide](https://example.org/guide)

    {texte}

    Un texte libre.

    Du 1^{er} au 5 février 2021, retrouvez sur le site de votre académie
    """
)


class TestValueLines(SimpleTestCase):
    """Every value read from a letter knows the line it was written on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.parsed = parse_newsletter(LETTER)

    def test_each_value_is_on_its_line(self):
        actions = ("body", 0, "value", "actions")
        expected = {
            ("body", 0): 4,
            (*actions, 0): 6,
            (*actions, 0, "title"): 6,
            (*actions, 0, "establishments", 0, "name"): 7,
            (*actions, 0, "establishments", 1, "town"): 7,
            (*actions, 0, "establishments", 2, "department"): 8,
            (*actions, 0, "url"): 9,
            (*actions, 0, "description"): 10,
            (*actions, 1): 13,
            (*actions, 1, "establishments", 0): 14,
            ("body", 1): 16,
            ("body", 1, "value", "title"): 17,
            ("body", 1, "value", "body"): 18,
            ("body", 2): 20,
            ("body", 2, "value", "heading"): 20,
            ("body", 2, "value", "links", 0, "url"): 22,
            ("body", 2, "value", "links", 1, "title"): 23,
            ("body", 3): 25,
            ("body", 3, "value"): 27,
            ("campaign", "intro"): 1,
            ("campaign", "closing"): 29,
        }
        for path, line in expected.items():
            with self.subTest(path=path):
                self.assertEqual(self.parsed.line(path), line)
        self.assertEqual(self.parsed.lines, [4, 16, 20, 25])

    def test_what_the_letter_does_not_place_is_on_line_1(self):
        self.assertEqual(self.parsed.line(["date"]), 1)
        self.assertEqual(self.parsed.line([]), 1)

    def test_a_zoom_title_on_the_heading_line(self):
        parsed = parse_newsletter("\n\nZOOM du jour : Les clauses\n\nLe texte.\n")
        self.assertEqual(parsed.line(["body", 0, "value", "title"]), 3)
        self.assertEqual(parsed.line(["body", 0, "value", "body"]), 5)


# Every problem the reader finds, each on a known line (in the comments).
BAD_LETTER = dedent(
    """\
    Introduction.

    Quelques actions de la région académique :
    Une ligne perdue avant la première action.
    - ★ " **Sans établissement** "
    Une description trop tôt.
    - ★ " **Département inconnu** "
    Collège A (Pau - 99) / Pas un établissement (xx)
    https://example.org/un
    https://example.org/deux
    - ★ " ** ** "
    Collège B (Tulle - 19)

    ZOOM du jour

    - une liste au lieu du titre

    {inconnue}

    Ressources ONISEP ou autres
    - [Le site](javascript:alert(1))
    - [](https://example.org)
    Une phrase.

    {texte}
    Un [lien](ftp://example.org) refusé.

    Du 1^{er} au 5 février, retrouvez la semaine
    Du 1^{er} au 5 février, retrouvez encore
    ZOOM du jour : Trop tard
    """
)


class TestEveryProblemOnItsLine(SimpleTestCase):
    def test_every_problem_at_once_each_with_its_line(self):
        with self.assertRaises(NewsletterError) as raised:
            parse_newsletter(BAD_LETTER)
        found = [
            (problem.line, problem.message) for problem in raised.exception.problems
        ]
        lines = [line for line, _message in found]
        self.assertEqual(lines, sorted(lines))
        expected = [
            (4, "ligne inattendue avant la première action « Une ligne perdue"),
            (5, "action « Sans établissement » sans établissement"),
            (8, "département « 99 » inconnu"),
            (8, "établissement illisible « Pas un établissement (xx) »"),
            (10, "deuxième lien pour l'action « Département inconnu »"),
            (11, "titre d'action vide"),
            (14, "« ZOOM du jour » sans titre"),
            (18, "balise « {inconnue} » inconnue"),
            (21, "adresse de lien refusée « javascript:alert(1) »"),
            (22, "lien sans titre"),
            (23, "ligne inattendue dans les ressources « Une phrase. »"),
            (26, "adresse de lien refusée « ftp://example.org »"),
            (29, "deuxième phrase de clôture"),
            (30, "rubrique « ZOOM du jour : Trop tard » placée après la phrase"),
        ]
        self.assertEqual(len(found), len(expected), found)
        for (line, message), (expected_line, start) in zip(
            found, expected, strict=True
        ):
            with self.subTest(start=start):
                self.assertEqual(line, expected_line)
                self.assertTrue(message.startswith(start), message)

    def test_what_was_read_all_the_same_keeps_its_lines(self):
        with self.assertRaises(NewsletterError) as raised:
            parse_newsletter(BAD_LETTER)
        parsed = raised.exception.parsed
        self.assertEqual(parsed.line(["body", 0, "value", "actions", 2]), 11)
        self.assertEqual(
            parsed.line(["body", 0, "value", "actions", 2, "establishments", 0]), 12
        )
        self.assertEqual(parsed.line(["body", 0, "value", "actions", 1, "url"]), 9)

    def test_crlf_and_cr_line_ends_number_alike(self):
        for end in ("\r\n", "\r"):
            with self.subTest(end=repr(end)):
                with self.assertRaises(NewsletterError) as raised:
                    parse_newsletter(BAD_LETTER.replace("\n", end))
                self.assertEqual(
                    [p.line for p in raised.exception.problems][:3], [4, 5, 8]
                )


class TestProblemsNameTheirFile(SimpleTestCase):
    """The reader's problems are the import's problems, in their file."""

    def test_sources_give_the_reader_s_problems_their_file(self):
        _sources, problems = read_file(
            "mardi.txt", BAD_LETTER.encode(), date="2021-02-02"
        )
        self.assertEqual(problems[0], Problem(4, problems[0].message, "mardi.txt"))
        self.assertTrue(all(problem.file == "mardi.txt" for problem in problems))
        self.assertEqual(
            str(problems[2]),
            "mardi.txt:8: département « 99 » inconnu : attendu le code d’un "
            "département français, par exemple 86, 2A ou 974",
        )

    def test_a_problem_alone_says_its_line(self):
        self.assertEqual(str(Problem(3, "titre vide")), "ligne 3 : titre vide")

    def test_sources_place_values_on_their_lines(self):
        (source,), problems = read_file("lundi.txt", LETTER.encode(), date=None)
        self.assertEqual(len(problems), 1)  # the missing date
        path = ["body", 0, "value", "actions", 0, "establishments", 2, "name"]
        self.assertEqual(source.line(path), 8)


class TestFold(SimpleTestCase):
    """One folding of case and accents, in campaign.reference.text."""

    def test_names_and_headings_fold_alike(self):
        self.assertEqual(fold("St Léonard-de-Noblat"), "saint leonard de noblat")
        self.assertEqual(fold("  QUELQUES   Actions :"), "quelques actions :")
        self.assertEqual(fold("Aujourd’hui"), "aujourd'hui")
        self.assertEqual(fold("{Clôture}"), "{cloture}")

    def test_in_place_keeps_every_position(self):
        for text in ("Élections à l’École", "ﬁn", "Straße", "İstanbul", "e\u0301"):
            with self.subTest(text=text):
                folded = fold_in_place(text)
                self.assertEqual(len(folded), len(text))
        self.assertEqual(fold_in_place("Élections à l’École"), "elections a l’ecole")

    def test_headings_are_matched_folded(self):
        parsed = parse_newsletter(
            "QUELQUES ACTIONS DE LA RÉGION :\n"
            '- ★ " **T** "\nCollège A (Pau - 64)\n\n{CLÔTURE} La fin.\n'
        )
        self.assertEqual(parsed.body[0]["type"], "actions")
        self.assertEqual(parsed.closing, "<p>La fin.</p>")
