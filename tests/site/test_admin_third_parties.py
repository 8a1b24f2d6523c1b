"""The admin sends nothing to third parties by itself: no update check
(releases.wagtail.org/latest.txt, fetched by the dashboard's script when
WAGTAIL_ENABLE_UPDATE_CHECK is on), no Gravatar. The browser test
tests/browser/test_admin_journeys.py checks that no request leaves."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse


class TestNoThirdParty(TestCase):
    def setUp(self):
        user = get_user_model().objects.create_superuser(
            "admin-test", "admin@example.org", "x"
        )
        self.client.force_login(user)

    def test_the_dashboard_has_no_update_check(self):
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertNotIn('data-controller="w-upgrade', html)
        self.assertNotIn("w-panel-upgrade", html)

    def test_no_avatar_from_gravatar(self):
        html = self.client.get(reverse("wagtailadmin_home")).content.decode()
        self.assertNotIn("gravatar.com", html)
