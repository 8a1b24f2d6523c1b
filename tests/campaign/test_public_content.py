"""What the campaign tells a host's caches: public_content_changed
(campaign/publishing/signals.py) is sent when what readers and partners see
changes, and only then."""

import datetime as dt
from contextlib import contextmanager

from django.test import TestCase

from campaign.models import CampaignDayPage, CampaignPage, Establishment
from campaign.publishing.signals import public_content_changed
from tests.builders import add_campaign, add_day, add_establishment

MONDAY = dt.date(2021, 2, 1)
TUESDAY = dt.date(2021, 2, 2)


class TestPublicContentChanged(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign()
        cls.monday = add_day(cls.campaign, MONDAY)
        cls.establishment = add_establishment("Collège Jean Moulin", "Poitiers", "86")

    @contextmanager
    def sent(self):
        """The (sender, instance) pairs sent inside the block."""
        found = []

        def receiver(sender, instance, **kwargs):
            found.append((sender, instance.pk))

        public_content_changed.connect(receiver)
        try:
            yield found
        finally:
            public_content_changed.disconnect(receiver)

    def test_a_day_going_live(self):
        tuesday = add_day(self.campaign, TUESDAY, live=False)
        with self.sent() as found:
            tuesday.save_revision().publish()
        self.assertEqual(found, [(CampaignDayPage, tuesday.pk)])

    def test_a_day_taken_down(self):
        with self.sent() as found:
            self.monday.unpublish()
        self.assertEqual(found, [(CampaignDayPage, self.monday.pk)])

    def test_a_campaign_going_live(self):
        campaign = add_campaign(slug="semaine-brouillon", live=False)
        with self.sent() as found:
            campaign.save_revision().publish()
        self.assertEqual(found, [(CampaignPage, campaign.pk)])

    def test_an_establishment_saved_or_deleted(self):
        with self.sent() as found:
            self.establishment.name = "Collège Jean-Moulin"
            self.establishment.save()
        self.assertEqual(found, [(Establishment, self.establishment.pk)])
        pk = self.establishment.pk
        with self.sent() as found:
            self.establishment.delete()
        self.assertEqual(found, [(Establishment, pk)])

    def test_nothing_public_changes(self):
        tuesday = add_day(self.campaign, TUESDAY, live=False)
        with self.sent() as found:
            # A draft, and a revision scheduled for later: nothing is public yet.
            tuesday.title = "Mardi, brouillon"
            tuesday.save_revision()
            tuesday.go_live_at = dt.datetime(2099, 1, 1, tzinfo=dt.UTC)
            tuesday.save_revision().publish()
        self.assertEqual(found, [])
