"""The campaign plugin's own package (campaign/pyproject.toml, `make dist`):
its wheel holds the plugin alone, with everything it needs at run time, and
its sdist builds that same wheel."""

import importlib.util
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path
from unittest import SkipTest

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
CAMPAIGN = ROOT / "campaign"


def build_dist(outdir):
    """Build the sdist, then the wheel from it, as `make dist` does."""
    if importlib.util.find_spec("build") is None:
        raise SkipTest("the `build` package is not installed (make install)")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(outdir), str(CAMPAIGN)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise AssertionError(result.stdout[-3000:] + result.stderr[-3000:])
    (wheel,) = Path(outdir).glob("persev_campaign-*.whl")
    (sdist,) = Path(outdir).glob("persev_campaign-*.tar.gz")
    return wheel, sdist


class TestCampaignDistribution(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._outdir = tempfile.TemporaryDirectory()
        wheel, sdist = build_dist(cls._outdir.name)
        cls.wheel_name = wheel.name
        with zipfile.ZipFile(wheel) as archive:
            cls.names = set(archive.namelist())
            (metadata_name,) = [
                name for name in cls.names if name.endswith(".dist-info/METADATA")
            ]
            cls.metadata = archive.read(metadata_name).decode()
        with tarfile.open(sdist) as archive:
            cls.sdist_names = set(archive.getnames())

    @classmethod
    def tearDownClass(cls):
        cls._outdir.cleanup()
        super().tearDownClass()

    def test_wheel_is_named_and_versioned(self):
        self.assertTrue(self.wheel_name.startswith("persev_campaign-2.0.0-"))
        self.assertIn("Name: persev-campaign", self.metadata)

    def test_wheel_holds_the_plugin_alone(self):
        tops = {name.split("/", 1)[0] for name in self.names}
        self.assertEqual(
            {top for top in tops if not top.endswith(".dist-info")}, {"campaign"}
        )
        for name in self.names:
            self.assertFalse(name.startswith(("home/", "persev_site/")), name)
        self.assertNotIn("campaign/pyproject.toml", self.names)

    def test_wheel_holds_every_module(self):
        sources = {
            "campaign/" + path.relative_to(CAMPAIGN).as_posix()
            for path in CAMPAIGN.rglob("*.py")
            if "build" not in path.relative_to(CAMPAIGN).parts
        }
        self.assertTrue(sources)
        self.assertEqual(sources - self.names, set())

    def test_wheel_holds_migrations_templates_static_schema_and_demo(self):
        for path in (
            "campaign/migrations/0001_initial.py",
            "campaign/authoring/interchange/day.schema.json",
            "campaign/blocks/schemas/zoom.json",
            "campaign/templates/campaign/campaign_day_page.html",
            "campaign/templates/campaign/blocks/text/page.html",
            "campaign/templates/campaign/blocks/zoom/email.txt",
            "campaign/templates/campaign/email/day.txt",
            "campaign/static/campaign/css/campaign.css",
            "campaign/demo/2021-02-01.json",
            "campaign/README.md",
            "campaign/CHANGELOG.md",
        ):
            self.assertIn(path, self.names)
        data_files = {
            "campaign/" + path.relative_to(CAMPAIGN).as_posix()
            for folder in ("templates", "static", "demo")
            for path in (CAMPAIGN / folder).rglob("*")
            if path.is_file()
        }
        self.assertEqual(data_files - self.names, set())

    def test_dependencies_are_the_plugins_own(self):
        requires = {
            line.split(":", 1)[1].strip().split(";")[0]
            for line in self.metadata.splitlines()
            if line.startswith("Requires-Dist:")
        }
        self.assertIn("wagtail==8.0.*", requires)
        self.assertIn("Django<6.1,>=5.2", requires)
        for name in (
            "gunicorn",
            "psycopg",
            "whitenoise",
            "django-axes",
            "dj-database-url",
        ):
            self.assertFalse(
                any(requirement.startswith(name) for requirement in requires), name
            )

    def test_sdist_holds_the_sources(self):
        (root,) = {name.split("/", 1)[0] for name in self.sdist_names}
        for path in ("pyproject.toml", "README.md", "CHANGELOG.md", "apps.py"):
            self.assertIn(f"{root}/{path}", self.sdist_names)


class TestSiteRequiresThePluginItShips(SimpleTestCase):
    """`make install` installs ./campaign, then the site: the site's pin on
    persev-campaign must admit the version campaign/pyproject.toml carries,
    else pip looks for it on the index and the install fails."""

    def test_site_pin_admits_the_plugins_version(self):
        import tomllib

        from packaging.requirements import Requirement

        site = tomllib.loads((ROOT / "pyproject.toml").read_text())
        plugin = tomllib.loads((CAMPAIGN / "pyproject.toml").read_text())
        version = plugin["project"]["version"]
        (pin,) = [
            Requirement(line)
            for line in site["project"]["dependencies"]
            if Requirement(line).name == "persev-campaign"
        ]
        self.assertTrue(
            pin.specifier.contains(version),
            f"the site asks {pin}, the plugin is {version}",
        )
