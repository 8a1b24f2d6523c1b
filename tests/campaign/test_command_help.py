"""`manage.py <campaign command> --help`: the commands' help is translated
(a lazy string); argparse must get it as a string, else --help fails with a
TypeError instead of printing the usage."""

from django.core.management import load_command_class
from django.test import SimpleTestCase
from django.utils import translation

COMMANDS = ("campaign_import", "campaign_export", "load_campaign_demo", "run_scheduler")


class TestCommandHelp(SimpleTestCase):
    def test_every_command_prints_its_help(self):
        for name in COMMANDS:
            for language in ("en", "fr"):
                with (
                    self.subTest(name, language=language),
                    translation.override(language),
                ):
                    command = load_command_class("campaign", name)
                    text = command.create_parser("manage.py", name).format_help()
                    self.assertIn(f"manage.py {name}", text)
                    self.assertIn(str(command.help).split()[0], text)
