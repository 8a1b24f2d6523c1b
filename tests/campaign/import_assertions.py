"""What `campaign_import` refusing a file looks like, for the JSON and the
newsletter text imports alike."""

from io import StringIO

from django.core.management import CommandError, call_command

from tests.builders import db_counts


class ImportAssertions:
    """Test case mixin."""

    def assert_refused(self, *paths, problems, **options):
        """The import fails as a whole: a CommandError, one `FILE:LINE: message`
        line per problem on stderr, and the database as it was."""
        before = db_counts()
        err = StringIO()
        with self.assertRaises(CommandError) as caught:
            call_command(
                "campaign_import", *paths, stdout=StringIO(), stderr=err, **options
            )
        self.assertEqual(db_counts(), before)
        self.assertEqual(err.getvalue().splitlines(), problems)
        count = len(problems)
        self.assertEqual(
            str(caught.exception),
            f"Import refusé : {count} problème{'s' if count > 1 else ''}, "
            "rien n’a été enregistré.",
        )

    def assert_option_refused(self, *paths, message, **options):
        """Refused before reading any file: the message is the CommandError."""
        before = db_counts()
        with self.assertRaisesMessage(CommandError, message):
            call_command("campaign_import", *paths, stdout=StringIO(), **options)
        self.assertEqual(db_counts(), before)
