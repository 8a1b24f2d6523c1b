"""The campaign plugin's layers and boundary ([tool.importlinter] in
pyproject.toml): no import goes up a layer, between two flows of one layer,
or from the plugin into the site (home, persev_site)."""

import shutil
import subprocess
import sys
from pathlib import Path
from unittest import SkipTest

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent


class TestImportContracts(SimpleTestCase):
    def test_contracts_are_kept(self):
        lint_imports = Path(sys.executable).with_name("lint-imports")
        if not lint_imports.exists():
            found = shutil.which("lint-imports")
            if found is None:
                raise SkipTest("lint-imports (import-linter) is not installed")
            lint_imports = Path(found)
        result = subprocess.run(
            [str(lint_imports), "--no-cache"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("0 broken", result.stdout)
