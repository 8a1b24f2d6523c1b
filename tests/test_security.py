"""Security hardening: response headers and CSP of the public pages, the admin
login lockout (django-axes), and the upload limits of images and documents."""

import datetime as dt
import io
import re
from pathlib import Path

import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from tests.builders import add_campaign, add_day, zoom_block

MONDAY = dt.date(2021, 2, 1)
ROOT = Path(__file__).resolve().parent.parent
PUBLIC_TEMPLATES = [
    # The site's templates, less the e-mails and admin pages it overrides.
    *sorted(
        path
        for path in (ROOT / "templates").rglob("*.html")
        if "wagtailadmin" not in path.parts
    ),
    *sorted((ROOT / "campaign" / "templates" / "campaign").glob("*.html")),
    *sorted((ROOT / "campaign" / "templates" / "campaign" / "blocks").glob("*.html")),
    *sorted((ROOT / "campaign" / "templates" / "campaign" / "includes").glob("*.html")),
]


class PublicPagesMixin:
    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign(slug="semaine-securite", title="Semaine sécurité")
        cls.day = add_day(
            cls.campaign, MONDAY, [zoom_block("ZOOM du jour", "<p>Texte.</p>")]
        )

    def public_urls(self):
        return {
            "home": "/",
            "campaign": self.campaign.url,
            "day": self.day.url,
            "search": "/recherche/?q=zoom",
            "actions": f"/campagnes/{self.campaign.slug}/actions/",
            "404": "/nulle-part/",
        }


class SecurityHeadersTests(PublicPagesMixin, TestCase):
    def directives(self, response):
        header = response.headers.get("Content-Security-Policy", "")
        return {
            part.split()[0]: part.split()[1:]
            for part in (p.strip() for p in header.split(";"))
            if part
        }

    def test_public_pages_send_every_header(self):
        for name, url in self.public_urls().items():
            with self.subTest(page=name):
                response = self.client.get(url)
                self.assertIn(response.status_code, (200, 404))
                self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")
                self.assertEqual(
                    response.headers["Referrer-Policy"],
                    "strict-origin-when-cross-origin",
                )
                permissions = response.headers["Permissions-Policy"]
                for feature in ("camera=()", "microphone=()", "geolocation=()"):
                    self.assertIn(feature, permissions)
                self.assertIn("Content-Security-Policy", response.headers)

    def test_csp_forbids_inline_code_and_foreign_origins(self):
        for name, url in self.public_urls().items():
            with self.subTest(page=name):
                response = self.client.get(url)
                header = response.headers["Content-Security-Policy"]
                self.assertNotIn("unsafe-inline", header)
                self.assertNotIn("unsafe-eval", header)
                directives = self.directives(response)
                self.assertEqual(directives["default-src"], ["'self'"])
                self.assertEqual(directives["script-src"], ["'self'"])
                self.assertEqual(directives["style-src"], ["'self'"])
                self.assertEqual(directives["object-src"], ["'none'"])
                self.assertIn("frame-ancestors", directives)

    def test_pages_have_no_inline_script_or_style_the_csp_would_block(self):
        inline_script = re.compile(
            r"<script(?![^>]*\bsrc=)(?![^>]*ld\+json)[^>]*>", re.I
        )
        for name, url in self.public_urls().items():
            with self.subTest(page=name):
                html = self.client.get(url).content.decode()
                self.assertIsNone(inline_script.search(html))
                self.assertNotRegex(html, r"<style[\s>]")
                self.assertNotRegex(html, r"\sstyle=")
                self.assertNotRegex(html, r"\son[a-z]+=")

    def test_public_templates_have_no_inline_script_or_style(self):
        """The templates themselves (e-mail and admin templates are not served
        as public pages; the widget's iframe has its own policy)."""
        inline_script = re.compile(
            r"<script(?![^>]*\bsrc=)(?![^>]*ld\+json)[^>]*>", re.I
        )
        self.assertTrue(PUBLIC_TEMPLATES)
        for path in PUBLIC_TEMPLATES:
            with self.subTest(template=str(path.relative_to(ROOT))):
                text = path.read_text(encoding="utf-8")
                self.assertIsNone(inline_script.search(text))
                self.assertNotRegex(text, r"<style[\s>]")
                self.assertNotRegex(text, r"\sstyle=")
                self.assertNotRegex(text, r"\son[a-z]+=\"")

    def test_admin_and_api_docs_are_left_out_of_the_policy(self):
        for url in ("/admin/login/", "/api/v3/docs/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("Content-Security-Policy", response.headers)

    def test_widget_iframe_keeps_its_own_policy(self):
        response = self.client.get(f"/campagnes/{self.campaign.slug}/widget/")
        self.assertEqual(response.status_code, 200)
        header = response.headers["Content-Security-Policy"]
        self.assertIn("frame-ancestors *", header)
        self.assertIn("default-src 'none'", header)
        self.assertEqual(response.headers["Referrer-Policy"], "no-referrer")

    def test_session_cookie_is_http_only(self):
        # The cookie the admin's login sets: scripts in a page cannot read it.
        get_user_model().objects.create_user("lecteur", password="mot-de-passe-42")
        response = self.client.post(
            reverse("wagtailadmin_login"),
            {"username": "lecteur", "password": "mot-de-passe-42"},
        )
        self.assertEqual(response.status_code, 302)
        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        self.assertIs(cookie["httponly"], True)


# -- admin login lockout ------------------------------------------------------------

PASSWORD = "mot-de-passe-correct-42"


@override_settings(AXES_ENABLED=True)
class LoginLockoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser(
            "redacteur", "redacteur@example.org", PASSWORD
        )

    def attempt(self, password, ip="192.0.2.10"):
        return self.client.post(
            "/admin/login/",
            {"username": "redacteur", "password": password},
            REMOTE_ADDR=ip,
        )

    def assert_locked(self, response):
        self.assertEqual(response.status_code, 429)
        body = response.content.decode()
        self.assertIn("Connexion bloquée", body)
        self.assertIn("Trop de tentatives de connexion", body)
        self.assertIn('lang="fr"', body)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_five_failures_lock_the_account_even_for_the_right_password(self):
        for _ in range(4):
            response = self.attempt("mauvais")
            self.assertEqual(
                response.status_code, 200
            )  # the form again, with its error
        self.assert_locked(self.attempt("mauvais"))
        self.assert_locked(self.attempt(PASSWORD))

    def test_lockout_is_by_username_and_ip(self):
        for _ in range(5):
            self.attempt("mauvais")
        response = self.attempt(PASSWORD, ip="198.51.100.7")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.session["_auth_user_id"], str(self.user.pk))

    def test_lockout_ends_after_the_cool_off(self):
        with time_machine.travel("2026-03-02 09:00 +01:00", tick=False) as traveller:
            for _ in range(5):
                self.attempt("mauvais")
            self.assert_locked(self.attempt(PASSWORD))
            traveller.shift(dt.timedelta(minutes=14))
            self.assert_locked(self.attempt(PASSWORD))
            # Another failure while locked restarts the 15 minutes
            # (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT): count from now.
            traveller.shift(dt.timedelta(minutes=15, seconds=1))
            response = self.attempt(PASSWORD)
            self.assertEqual(response.status_code, 302)
            self.assertEqual(self.client.session["_auth_user_id"], str(self.user.pk))


# -- uploads ------------------------------------------------------------------------


def png_bytes(extra=0):
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    # Bytes after the end of the PNG are ignored by image readers: a valid
    # image of any size.
    return buffer.getvalue() + b"\0" * extra


class NoThirdPartyInTheAdminTests(TestCase):
    def test_no_gravatar_request_for_the_avatars(self):
        # Each avatar would send a hash of the user's e-mail address (and the
        # reader's IP address) to Gravatar.
        user = get_user_model().objects.create_superuser(
            "camille", "camille@example.org", "x"
        )
        self.client.force_login(user)
        html = self.client.get(reverse("wagtailadmin_home")).content.decode()
        self.assertNotIn("gravatar", html)
        self.assertIn("default-user-avatar", html)


class UploadLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser(
            "admin", "admin@example.org", PASSWORD
        )

    def setUp(self):
        self.client.force_login(self.user)

    def post_image(self, name, content, content_type="image/png"):
        return self.client.post(
            reverse("wagtailimages:add"),
            {
                "title": "Une image",
                "file": SimpleUploadedFile(name, content, content_type=content_type),
            },
        )

    def post_document(self, name, content, content_type="application/pdf"):
        return self.client.post(
            reverse("wagtaildocs:add"),
            {
                "title": "Un document",
                "file": SimpleUploadedFile(name, content, content_type=content_type),
            },
        )

    def form_errors(self, response):
        self.assertEqual(response.status_code, 200)
        return " ".join(str(e) for e in response.context["form"].errors.get("file", []))

    def test_a_small_image_is_accepted(self):
        response = self.post_image("petite.png", png_bytes())
        self.assertEqual(response.status_code, 302)
        self.assertEqual(get_image_model().objects.count(), 1)

    def test_an_image_over_10_mb_is_refused_in_french(self):
        response = self.post_image("lourde.png", png_bytes(10 * 1024 * 1024 + 1))
        errors = self.form_errors(response)
        self.assertIn("Ce fichier est trop lourd", errors)
        self.assertIn("Taille maximale : 10,0\xa0Mio", errors)
        self.assertEqual(get_image_model().objects.count(), 0)

    def test_an_image_of_a_wrong_type_is_refused_in_french(self):
        for name, content in (
            ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
            ("image.bmp", png_bytes()),
            ("script.exe", b"MZ\x90\x00"),
        ):
            with self.subTest(name=name):
                errors = self.form_errors(self.post_image(name, content))
                self.assertTrue(
                    "n’est pas accepté" in errors or "n’est pas une image" in errors,
                    errors,
                )
                self.assertIn("Formats acceptés : GIF, JPG, JPEG, PNG, WEBP", errors)
        self.assertEqual(get_image_model().objects.count(), 0)

    def test_a_small_document_is_accepted(self):
        response = self.post_document("programme.pdf", b"%PDF-1.4 petit")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(get_document_model().objects.count(), 1)

    def test_a_document_over_20_mb_is_refused_in_french(self):
        response = self.post_document(
            "lourd.pdf", b"%PDF-1.4" + b"\0" * (20 * 1024 * 1024)
        )
        errors = self.form_errors(response)
        self.assertIn("Ce fichier est trop lourd", errors)
        self.assertIn("Taille maximale : 20,0\xa0Mio", errors)
        self.assertNotIn("extension", errors)  # only the real problem
        self.assertEqual(get_document_model().objects.count(), 0)

    def test_a_document_of_a_wrong_type_is_refused_in_french(self):
        errors = self.form_errors(
            self.post_document(
                "virus.exe", b"MZ\x90\x00", content_type="application/octet-stream"
            )
        )
        self.assertIn("extension", errors)
        self.assertIn("n’est pas autorisée", errors)
        self.assertEqual(get_document_model().objects.count(), 0)
