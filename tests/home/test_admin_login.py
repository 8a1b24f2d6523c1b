"""The admin's login page in French, with the site's login form
(home.forms.LoginForm)."""

from django.test import TestCase
from django.urls import reverse

from tests.html_reading import texts_of, visible_text


class TestAdminLogin(TestCase):
    def get_login_text(self):
        response = self.client.get(reverse("wagtailadmin_login"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<html lang="fr"')
        return response.content.decode()

    def test_login_page_is_in_french(self):
        html = self.get_login_text()
        self.assertEqual(texts_of(html, "h1"), ["S'identifier"])
        text = visible_text(html)
        self.assertIn("Nom d’utilisateur", text)
        self.assertIn("Mot de passe oublié ?", text)
        self.assertIn("Se souvenir de moi", text)

    # Wagtail 8.0.1's LoginForm declares its password field without a label,
    # so Django would show the field name, "Password" (home.forms.LoginForm).
    def test_password_label_is_in_french(self):
        text = visible_text(self.get_login_text())
        self.assertNotIn("Password", text)
        self.assertIn("Mot de passe*", text.split("\n"))
