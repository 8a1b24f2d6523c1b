"""A day's date, title and address agree: when an editor changes the date of
a day, the date written in its title and its slug follow (as « Créer
l'édition suivante » does), a title of its own is left alone, and once the
day has been live its old address leads to the new one."""

import datetime as dt
import json

from django.test import SimpleTestCase
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from campaign.models import CampaignDayPage
from campaign.reference.dates import slug_following_date, title_following_date
from tests.builders import add_campaign, add_day

THURSDAY = dt.date(2021, 2, 4)
FRIDAY = dt.date(2021, 2, 5)


class TestFollowingTheDate(SimpleTestCase):
    def test_the_date_written_in_a_title_follows(self):
        cases = {
            "Jeudi 4 février": "Vendredi 5 février",
            "Jeudi 4 février : les stages": "Vendredi 5 février : les stages",
            "Les stages du jeudi 4 février": "Les stages du vendredi 5 février",
            "Jeudi 4 février 2021 : le bilan": "Vendredi 5 février 2021 : le bilan",
        }
        for title, followed in cases.items():
            with self.subTest(title=title):
                self.assertEqual(
                    title_following_date(title, THURSDAY, FRIDAY), followed
                )

    def test_a_title_without_the_old_date_is_left_alone(self):
        for title in ("Journée des stages", "Mercredi 3 février", "Jeudi 4 mars"):
            with self.subTest(title=title):
                self.assertEqual(title_following_date(title, THURSDAY, FRIDAY), title)

    def test_the_date_written_in_a_slug_follows(self):
        cases = {
            "jeudi-4-fevrier": "vendredi-5-fevrier",
            "jeudi-4-février": "vendredi-5-février",
            "jeudi-4-fevrier-les-stages": "vendredi-5-fevrier-les-stages",
            "les-stages-du-jeudi-4-fevrier": "les-stages-du-vendredi-5-fevrier",
            "jeudi-4-fevrier-2021-le-bilan": "vendredi-5-fevrier-2021-le-bilan",
        }
        for slug, followed in cases.items():
            with self.subTest(slug=slug):
                self.assertEqual(slug_following_date(slug, THURSDAY, FRIDAY), followed)

    def test_a_slug_without_the_old_date_is_left_alone(self):
        for slug in ("journee-des-stages", "jeudi-4-fevrier2", "xjeudi-4-fevrier"):
            with self.subTest(slug=slug):
                self.assertEqual(slug_following_date(slug, THURSDAY, FRIDAY), slug)


def day_data(day, date, **fields):
    return nested_form_data(
        {
            "title": fields.get("title", day.title),
            "slug": fields.get("slug", day.slug),
            "date": date.isoformat(),
            "body": streamfield([]),
        }
    )


class TestChangingTheDate(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign(start=dt.date(2021, 2, 1), end=FRIDAY)

    def setUp(self):
        self.login()

    def edit(self, day, data, publish=False, **headers):
        if publish:
            data["action-publish"] = "action-publish"
        return self.client.post(
            reverse("wagtailadmin_pages:edit", args=[day.pk]), data, **headers
        )

    def latest(self, day):
        return CampaignDayPage.objects.get(pk=day.pk).get_latest_revision_as_object()

    def test_a_title_and_slug_from_the_date_follow_it(self):
        day = add_day(self.campaign, THURSDAY, live=False)
        self.assertEqual((day.title, day.slug), ("Jeudi 4 février", "jeudi-4-fevrier"))
        self.edit(day, day_data(day, FRIDAY))
        latest = self.latest(day)
        self.assertEqual(latest.date, FRIDAY)
        self.assertEqual(latest.title, "Vendredi 5 février")
        self.assertEqual(latest.slug, "vendredi-5-fevrier")

    def test_the_date_follows_inside_a_longer_title(self):
        day = add_day(
            self.campaign, THURSDAY, title="Jeudi 4 février : les stages", live=False
        )
        self.edit(day, day_data(day, FRIDAY))
        latest = self.latest(day)
        self.assertEqual(latest.title, "Vendredi 5 février : les stages")
        self.assertEqual(latest.slug, "vendredi-5-fevrier-les-stages")

    def test_a_title_and_slug_of_their_own_are_left_alone(self):
        day = add_day(self.campaign, THURSDAY, title="Journée des stages", live=False)
        self.edit(day, day_data(day, FRIDAY))
        latest = self.latest(day)
        self.assertEqual(latest.date, FRIDAY)
        self.assertEqual(latest.title, "Journée des stages")
        self.assertEqual(latest.slug, "journee-des-stages")

    def test_a_title_the_editor_changed_with_the_date_is_kept(self):
        day = add_day(self.campaign, THURSDAY, live=False)
        self.edit(day, day_data(day, FRIDAY, title="Vendredi : le bilan"))
        latest = self.latest(day)
        self.assertEqual(latest.title, "Vendredi : le bilan")
        self.assertEqual(latest.slug, "vendredi-5-fevrier")

    def test_the_preview_shows_the_title_of_the_new_date(self):
        day = add_day(self.campaign, THURSDAY, live=False)
        preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[day.pk])
        response = self.client.post(preview_url, day_data(day, FRIDAY))
        self.assertEqual(json.loads(response.content)["is_valid"], True)
        html = self.client.get(preview_url).content.decode()
        self.assertIn("Vendredi 5 février", html)
        self.assertNotIn("Jeudi 4 février", html)

    def test_an_autosave_sends_the_followed_title_and_slug_back_to_the_form(self):
        # Saved in the background, the form stays open with the old title:
        # the answer gives the new one, or the next save would restore it.
        day = add_day(self.campaign, THURSDAY, live=False)
        response = self.edit(day, day_data(day, FRIDAY), HTTP_ACCEPT="application/json")
        self.assertEqual(response.status_code, 200)
        updates = response.json()["field_updates"]
        self.assertEqual(updates["title"], "Vendredi 5 février")
        self.assertEqual(updates["slug"], "vendredi-5-fevrier")
        # The next background save, with the fields updated, keeps them.
        data = day_data(day, FRIDAY, **updates)
        self.edit(day, data, HTTP_ACCEPT="application/json")
        self.assertEqual(self.latest(day).title, "Vendredi 5 février")

    def test_a_date_taken_speaks_only_of_the_date(self):
        add_day(self.campaign, FRIDAY, live=False)
        day = add_day(self.campaign, THURSDAY, live=False)
        response = self.edit(day, day_data(day, FRIDAY))
        self.assertEqual(list(response.context["form"].errors), ["date"])
        self.assertEqual(self.latest(day).date, THURSDAY)

    def test_the_old_address_of_a_day_that_was_live_leads_to_the_new_one(self):
        day = add_day(self.campaign, THURSDAY)
        old_url = day.url
        with self.captureOnCommitCallbacks(execute=True):
            self.edit(day, day_data(day, FRIDAY), publish=True)
        day.refresh_from_db()
        self.assertEqual(day.url, "/semaine-test/vendredi-5-fevrier/")
        self.client.logout()
        response = self.client.get(old_url)
        self.assertRedirects(response, day.url, status_code=301)

    def test_no_redirect_from_the_address_of_a_day_never_live(self):
        # Its first address was never public: a redirect would only tell
        # the draft's old name.
        day = add_day(self.campaign, THURSDAY, live=False)
        old_url = "/semaine-test/jeudi-4-fevrier/"
        with self.captureOnCommitCallbacks(execute=True):
            self.edit(day, day_data(day, FRIDAY), publish=True)
        day.refresh_from_db()
        self.assertTrue(day.live)
        self.assertEqual(day.slug, "vendredi-5-fevrier")
        self.assertFalse(Redirect.objects.filter(redirect_page=day).exists())
        self.client.logout()
        self.assertEqual(self.client.get(old_url).status_code, 404)

    def test_the_old_address_of_a_day_since_unpublished_answers_404(self):
        day = add_day(self.campaign, THURSDAY)
        old_url = day.url
        with self.captureOnCommitCallbacks(execute=True):
            self.edit(day, day_data(day, FRIDAY), publish=True)
        self.assertTrue(Redirect.objects.filter(redirect_page=day).exists())
        CampaignDayPage.objects.get(pk=day.pk).unpublish()
        self.client.logout()
        response = self.client.get(old_url)
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("vendredi-5-fevrier", response.content.decode())
