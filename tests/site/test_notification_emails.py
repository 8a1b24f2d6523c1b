"""The review e-mails a communicant and an éditeur receive, as the site words
them (templates/wagtailadmin/notifications/): « Bonjour <prénom>, », the
step called « relecture », never "workflow" nor "modération", and links that
lead somewhere useful: the day in the admin and its preview, not the public
address of a day that is not live yet (a 404 until it goes live)."""

import re

from django.core import mail
from django.test import TestCase
from django.urls import reverse

from tests.builders import COMMUNICANTS, EDITEURS, add_campaign, add_day, make_user
from tests.campaign.test_workflow import MONDAY, TUESDAY, approve, submit

BASE = "http://testserver"
ENGLISH_OR_JARGON = re.compile(
    r"workflow|modération|moderation|Salut|Hello|has been|page here", re.I
)


def reject(day, user, comment=""):
    task_state = day.__class__.objects.get(pk=day.pk).current_workflow_task_state
    task_state.task.specific.on_action(task_state, user, "reject", comment=comment)


class TestReviewEmails(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign()
        cls.communicant = make_user("camille", COMMUNICANTS)
        cls.editeur = make_user("eddie", EDITEURS, first_name="Édith")
        # Plain text: an apostrophe stays one (no HTML escaping).
        cls.communicant.first_name = "Camille d’Aubigné-O'Neil"
        cls.communicant.save()
        cls.draft = add_day(cls.campaign, MONDAY, live=False)
        cls.live = add_day(cls.campaign, TUESDAY)

    def messages_to(self, user):
        return [message for message in mail.outbox if message.to == [user.email]]

    def assert_well_written(self, message, first_name):
        # Plain text (WAGTAILADMIN_NOTIFICATION_USE_HTML is off).
        self.assertEqual(message.alternatives, [])
        for text in (message.subject, message.body):
            self.assertIsNone(ENGLISH_OR_JARGON.search(text), text)
        self.assertNotIn("\n", message.subject)
        self.assertTrue(message.body.startswith(f"Bonjour {first_name},"))

    def admin_links(self, day):
        return (
            BASE + reverse("wagtailadmin_pages:edit", args=[day.pk]),
            BASE + reverse("wagtailadmin_pages:view_draft", args=[day.pk]),
        )

    def test_submitted_tells_the_editeurs_to_review(self):
        submit(self.draft, self.communicant)
        (message,) = self.messages_to(self.editeur)
        self.assertEqual(message.subject, "Journée « Lundi 1er février » : à relire")
        self.assert_well_written(message, "Édith")
        self.assertIn(
            "La journée « Lundi 1er février » attend votre relecture.", message.body
        )
        for link in self.admin_links(self.draft):
            self.assertIn(link, message.body)

    def test_approved_links_the_admin_and_the_preview_not_the_public_address(self):
        submit(self.draft, self.communicant)
        mail.outbox.clear()
        approve(self.draft, self.editeur)
        (message,) = self.messages_to(self.communicant)
        self.assertEqual(
            message.subject,
            "Journée « Lundi 1er février » : approuvée à la relecture",
        )
        self.assert_well_written(message, "Camille d’Aubigné-O'Neil")
        self.assertIn(
            "La journée « Lundi 1er février » a été approuvée à la relecture.",
            message.body,
        )
        self.assertIn("pas encore en ligne", message.body)
        for link in self.admin_links(self.draft):
            self.assertIn(link, message.body)
        day = self.draft.__class__.objects.get(pk=self.draft.pk)
        self.assertFalse(day.live)
        self.assertNotIn(day.full_url, message.body)

    def test_approved_correction_of_a_live_day_links_it_too(self):
        submit(self.live, self.communicant)
        mail.outbox.clear()
        approve(self.live, self.editeur)
        (message,) = self.messages_to(self.communicant)
        self.assertIn("Elle est en ligne.", message.body)
        self.assertIn(self.live.full_url, message.body)

    def test_rejected_says_who_asks_for_what(self):
        submit(self.draft, self.communicant)
        mail.outbox.clear()
        reject(self.draft, self.editeur, comment="Le lien du ZOOM est cassé.")
        (message,) = self.messages_to(self.communicant)
        self.assertEqual(
            message.subject,
            "Journée « Lundi 1er février » : modifications demandées à la relecture",
        )
        self.assert_well_written(message, "Camille d’Aubigné-O'Neil")
        self.assertIn(
            "Édith demande des modifications à la journée « Lundi 1er février »",
            message.body,
        )
        self.assertIn("Son commentaire : « Le lien du ZOOM est cassé. »", message.body)
        self.assertIn("soumettez-la de nouveau à la relecture", message.body)
