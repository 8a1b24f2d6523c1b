"""System checks of the host contract (campaign/checks.py): each missing
part is an error naming its fix; a site that keeps the contract gets none."""

import os
import subprocess
import sys
from pathlib import Path

from django.core import checks
from django.test import SimpleTestCase, override_settings

from campaign import checks as campaign_checks

ROOT = Path(__file__).resolve().parents[2]
DJANGO_TEMPLATES = "django.template.backends.django.DjangoTemplates"


def ids(messages):
    return [message.id for message in messages]


class TestHostContractChecks(SimpleTestCase):
    def test_a_site_keeping_the_contract_gets_no_message(self):
        messages = [
            message
            for message in checks.run_checks(include_deployment_checks=False)
            if message.id.startswith("campaign.")
        ]
        self.assertEqual(messages, [])

    @override_settings(CAMPAIGN={"BASE_TEMPLTE": "site.html"})
    def test_an_unknown_setting_is_an_error_with_the_close_name(self):
        (error,) = campaign_checks.check_settings()
        self.assertEqual(error.id, "campaign.E004")
        self.assertEqual(error.level, checks.ERROR)
        self.assertIn("BASE_TEMPLTE", error.msg)
        self.assertIn("BASE_TEMPLATE", error.hint)

    @override_settings(
        CAMPAIGN={
            "DEFAULT_GO_LIVE_TIME": "8h",
            "TIME_ZONE": "Europe/Nowhere",
            "CORS_PATHS": ["^/api/("],
            "PREVIEW_TOKEN_MAX_AGE": 0,
            "HEADLESS_PREVIEW_URL": "https://front.example/preview",
            "CAMPAIGN_PARENT_PAGE_TYPES": ["HomePage"],
            "WAGTAIL_API_IN_FRENCH": "yes",
        }
    )
    def test_each_invalid_value_is_an_error_naming_the_setting(self):
        errors = campaign_checks.check_settings()
        self.assertEqual(ids(errors), ["campaign.E004"] * 7)
        for error, key in zip(
            errors,
            [
                "DEFAULT_GO_LIVE_TIME",
                "TIME_ZONE",
                "CORS_PATHS",
                "PREVIEW_TOKEN_MAX_AGE",
                "HEADLESS_PREVIEW_URL",
                "CAMPAIGN_PARENT_PAGE_TYPES",
                "WAGTAIL_API_IN_FRENCH",
            ],
            strict=True,
        ):
            self.assertIn(repr(key), error.msg)

    @override_settings(
        CAMPAIGN={
            "DEFAULT_GO_LIVE_TIME": "07:30",
            "TIME_ZONE": "America/Cayenne",
            "CORS_PATHS": [r"^/api/"],
            "PREVIEW_TOKEN_MAX_AGE": 600,
            "HEADLESS_PREVIEW_URL": "https://front.example/preview/{token}",
            "CAMPAIGN_PARENT_PAGE_TYPES": None,
            "BASE_TEMPLATE": "base.html",
        }
    )
    def test_valid_values_pass(self):
        self.assertEqual(campaign_checks.check_settings(), [])

    @override_settings(
        CAMPAIGN={
            "WEBHOOK_TIMEOUT": 0,
            "WEBHOOK_MAX_ATTEMPTS": "6",
            "WEBHOOK_RETRY_DELAYS": [],
        }
    )
    def test_invalid_webhook_settings_are_errors_naming_them(self):
        errors = campaign_checks.check_settings()
        self.assertEqual(ids(errors), ["campaign.E004"] * 3)
        for error, key in zip(
            errors,
            ["WEBHOOK_TIMEOUT", "WEBHOOK_MAX_ATTEMPTS", "WEBHOOK_RETRY_DELAYS"],
            strict=True,
        ):
            self.assertIn(repr(key), error.msg)

    @override_settings(CAMPAIGN={"DEFAULT_REGION": "Aquitaine"})
    def test_an_unknown_default_region_is_an_error_listing_the_regions(self):
        (error,) = campaign_checks.check_settings()
        self.assertEqual(error.id, "campaign.E004")
        self.assertIn("'Aquitaine'", error.msg)
        self.assertIn("Nouvelle-Aquitaine", error.hint)
        self.assertIn("Occitanie", error.hint)

    @override_settings(CAMPAIGN={"DEFAULT_REGION": "occitanie"})
    def test_a_default_region_is_recognised_whatever_its_case(self):
        self.assertEqual(campaign_checks.check_settings(), [])

    @override_settings(CAMPAIGN=["BASE_TEMPLATE"])
    def test_campaign_must_be_a_dict(self):
        self.assertEqual(ids(campaign_checks.check_settings()), ["campaign.E004"])

    @override_settings(CAMPAIGN={"BASE_TEMPLATE": "nowhere/base.html"})
    def test_a_missing_base_template_is_an_error(self):
        (error,) = campaign_checks.check_base_template()
        self.assertEqual(error.id, "campaign.E005")
        self.assertIn("nowhere/base.html", error.msg)

    def test_a_base_template_without_the_pages_blocks_is_an_error(self):
        # Like bakerydemo's base.html: no extra_css, no extra_js. Django would
        # drop the campaign's styles and head links without a word.
        templates = [
            {
                "BACKEND": DJANGO_TEMPLATES,
                "DIRS": [ROOT / "tests" / "campaign" / "host" / "bare_templates"],
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": ["django.template.context_processors.request"]
                },
            }
        ]
        with override_settings(
            TEMPLATES=templates, CAMPAIGN={"BASE_TEMPLATE": "bare_base.html"}
        ):
            (error,) = campaign_checks.check_base_template_blocks()
        self.assertEqual(error.id, "campaign.E007")
        self.assertIn("bare_base.html", error.msg)
        self.assertIn("extra_css, extra_js", error.msg)
        self.assertIn("campaign/page_base.html", error.hint)

    def test_templates_without_the_request_are_an_error(self):
        templates = [
            {
                "BACKEND": DJANGO_TEMPLATES,
                "APP_DIRS": True,
                "OPTIONS": {"context_processors": []},
            }
        ]
        with override_settings(TEMPLATES=templates):
            (error,) = campaign_checks.check_request_context_processor()
        self.assertEqual(error.id, "campaign.E006")
        self.assertIn("django.template.context_processors.request", error.hint)

    @override_settings(ROOT_URLCONF="tests.campaign.host.urls_without_campaign")
    def test_urls_without_the_api_or_campaign_urls_are_errors(self):
        errors = campaign_checks.check_urls()
        self.assertEqual(ids(errors), ["campaign.E003", "campaign.E003"])
        self.assertIn("api_v3.urls", errors[0].hint)
        self.assertIn("campaign.urls", errors[1].hint)


class TestContractOnAMinimalHost(SimpleTestCase):
    """`manage.py check` on the minimal host (tests/campaign/host/), whole
    or with one part of the contract taken away (host/broken.py)."""

    def check(self, broken=""):
        env = {**os.environ, "CAMPAIGN_HOST_BREAK": broken}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "django",
                "check",
                "--settings=tests.campaign.host.settings",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    def test_the_whole_contract_gives_no_message(self):
        result = self.check()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("no issues", result.stdout)

    def test_each_missing_app_is_an_error_naming_it(self):
        for app in ("dsfr", "wagtail.contrib.settings", "wagtail.api.v3"):
            with self.subTest(app=app):
                result = self.check(f"without:{app}")
                self.assertNotEqual(result.returncode, 0)
                self.assertIn("campaign.E001", result.stderr)
                self.assertIn(f"Add “{app}” to INSTALLED_APPS", result.stderr)
                self.assertNotIn("Traceback", result.stderr)

    def test_campaign_before_wagtail_images_is_an_error(self):
        result = self.check("campaign-first")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("campaign.E002", result.stderr)
        self.assertNotIn("Traceback", result.stderr)
