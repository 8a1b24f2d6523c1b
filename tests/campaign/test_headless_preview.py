"""Previews of drafts for a headless front end: signed, expiring tokens."""

import datetime as dt
import json

import time_machine
from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings
from django.utils import timezone

from campaign.authoring import preview_tokens
from tests.builders import zoom_block
from tests.campaign.partner_data import HIDDEN, WEEK_SLUG, api, load_week

PREVIEW = api("preview/")


class HeadlessPreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = load_week()

    def test_a_valid_token_shows_the_draft(self):
        draft = self.data["draft"]
        token = preview_tokens.issue(draft)
        response = self.client.get(PREVIEW, {"token": token})
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["date"], "2021-02-03")
        self.assertIn(f"{HIDDEN} brouillon", response.content.decode())
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("private", response["Cache-Control"])

    def test_without_a_valid_token_drafts_never_show(self):
        draft = self.data["draft"]
        token = preview_tokens.issue(draft)
        for bad in ("", "x", token[:-2] + "zz", token.replace(str(draft.pk), "1", 1)):
            response = self.client.get(PREVIEW, {"token": bad})
            self.assertIn(response.status_code, {404, 422}, bad)
            self.assertNotIn(HIDDEN, response.content.decode())
        self.assertNotIn(
            HIDDEN, self.client.get(api(f"{WEEK_SLUG}/days/")).content.decode()
        )

    def test_tokens_expire_after_an_hour(self):
        token = preview_tokens.issue(self.data["draft"])
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=59)):
            self.assertEqual(
                self.client.get(PREVIEW, {"token": token}).status_code, 200
            )
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=61)):
            response = self.client.get(PREVIEW, {"token": token})
            self.assertEqual(response.status_code, 404)
            self.assertIn("expiré", response.json()["detail"])

    def test_a_token_shows_its_own_revision_only(self):
        draft = self.data["draft"]
        token = preview_tokens.issue(draft)
        draft.body = [zoom_block("Deuxième version", "<p>v2</p>")]
        draft.save_revision()
        old = json.dumps(
            self.client.get(PREVIEW, {"token": token}).json(), ensure_ascii=False
        )
        self.assertIn(f"{HIDDEN} brouillon", old)
        self.assertNotIn("Deuxième version", old)
        new = self.client.get(PREVIEW, {"token": preview_tokens.issue(draft)})
        self.assertIn("Deuxième version", json.dumps(new.json(), ensure_ascii=False))

    def test_day_editor_offers_the_preview_link(self):
        admin = get_user_model().objects.create_superuser("root", "r@x.fr", "pw")
        self.client.force_login(admin)
        response = self.client.get(f"/admin/pages/{self.data['draft'].pk}/edit/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("/api/v3/campaigns/preview/?token=", html)
        token = html.split("/api/v3/campaigns/preview/?token=")[1].split('"')[0]
        from urllib.parse import unquote

        self.client.logout()
        self.assertEqual(
            self.client.get(PREVIEW, {"token": unquote(token)}).status_code, 200
        )

    @override_settings(
        CAMPAIGN={"HEADLESS_PREVIEW_URL": "https://front.example/apercu?t={token}"}
    )
    def test_front_end_preview_url_is_configurable(self):
        admin = get_user_model().objects.create_superuser("root", "r@x.fr", "pw")
        self.client.force_login(admin)
        html = self.client.get(
            f"/admin/pages/{self.data['draft'].pk}/edit/"
        ).content.decode()
        self.assertIn("https://front.example/apercu?t=", html)
