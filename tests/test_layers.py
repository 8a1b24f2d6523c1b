"""The campaign plugin's layers and boundary ([tool.importlinter] in
pyproject.toml): no import goes up a layer, between two flows of one layer,
or from the plugin into the site (home, persev_site)."""

import ast
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


# The plugin's and the site's code, as a newcomer reads it.
PACKAGES = ("campaign", "home", "persev_site")
MAX_LINES = 400
# Modules that are data, not code: long by nature.
DATA_MODULES = {
    "campaign/reference/regions.py",  # the regions, departments and academies
}
# Imports made inside a function on purpose, never to dodge a circle: each
# says why where it is made. (AppConfig.ready() is Django's place for them.)
LAZY_IMPORTS = {
    # jsonschema (about 30 MB with its format checkers) only when a day is validated.
    ("campaign/authoring/interchange/json_format.py", "jsonschema"),
    # Optional Wagtail apps: their models exist only when they are installed.
    ("persev_site/page_cache/invalidation.py", "wagtail.images"),
    ("persev_site/page_cache/invalidation.py", "wagtail.documents"),
    ("persev_site/page_cache/invalidation.py", "wagtail.contrib.redirects.models"),
    ("persev_site/page_cache/invalidation.py", "wagtail.contrib.settings.models"),
}


def python_modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), path


class TestModuleLayout(SimpleTestCase):
    def test_no_module_is_over_400_lines_except_data(self):
        long = {
            name: len(path.read_text(encoding="utf-8").splitlines())
            for name, path in python_modules()
        }
        long = {
            name: lines
            for name, lines in long.items()
            if lines > MAX_LINES and name not in DATA_MODULES
        }
        self.assertEqual(long, {}, "split these modules by concern")

    def test_the_data_modules_listed_exist(self):
        names = {name for name, _path in python_modules()}
        self.assertLessEqual(DATA_MODULES, names)

    def test_no_import_inside_a_function_but_the_listed_lazy_ones(self):
        found = set()
        for name, path in python_modules():
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for function in ast.walk(tree):
                if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                if function.name == "ready" and name.endswith("apps.py"):
                    continue
                for node in ast.walk(function):
                    if isinstance(node, ast.ImportFrom):
                        found.add((name, node.module))
                    elif isinstance(node, ast.Import):
                        found.update((name, alias.name) for alias in node.names)
        self.assertEqual(
            found - LAZY_IMPORTS,
            set(),
            "import at module level; a lazy import needs a reason (LAZY_IMPORTS)",
        )
