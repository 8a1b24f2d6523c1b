"""The persev site's home page follows the scheduler: a day approved and
scheduled by "Programmer la semaine" shows there only once a scheduler pass
has put it live (the plugin's side: tests/campaign/test_scheduling.py)."""

from django.test import TestCase

from campaign.publishing.scheduler import run_pass
from tests.builders import home_page
from tests.campaign.test_scheduling import (
    WEDNESDAY,
    WEDNESDAY_ZOOM,
    ScheduledWednesday,
    fresh,
    paris,
)
from tests.html_reading import hrefs


class TestHomePageFollowsTheScheduler(ScheduledWednesday, TestCase):
    def test_before_its_time_the_home_page_shows_the_last_day_out(self):
        self.at(paris(WEDNESDAY, 7, 59))
        response, text = self.read(home_page().url)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(fresh(self.wednesday).url, hrefs(response.content.decode()))
        self.assertNotIn(WEDNESDAY_ZOOM, text)
        self.assertIn("La dernière journée parue", text)
        self.assertIn("ZOOM du jour : Les réseaux FOQUALE", text)

    def test_after_the_pass_the_home_page_shows_the_day(self):
        self.at(paris(WEDNESDAY, 8, 0, 30))
        with self.assertLogs("campaign", "INFO"):
            run_pass()
        response, text = self.read(home_page().url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(fresh(self.wednesday).url, hrefs(response.content.decode()))
        self.assertIn("La journée d’aujourd’hui", text)
        self.assertIn(f"ZOOM du jour : {WEDNESDAY_ZOOM}", text)
