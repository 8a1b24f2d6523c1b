"""The editorial roles, tried through the admin views themselves.

The data migration home/0003 creates two groups: "Communicants" write and
submit, "Éditeurs" also approve, publish, schedule and unpublish; the workflow
"Relecture" (one approval task for the Éditeurs) covers the whole site from
its home page. Each role class below runs the same actions; what it may do
is in its class attributes.
"""

import datetime as dt
from io import BytesIO

from django.contrib import messages
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    PageLogEntry,
    Workflow,
)
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from campaign.models import CampaignDayPage, CampaignPage, Establishment
from tests.builders import add_campaign, add_day, home_page

COMMUNICANTS = "Communicants"
EDITEURS = "Éditeurs"
MONDAY = dt.date(2021, 2, 1)
TUESDAY = dt.date(2021, 2, 2)
WEDNESDAY = dt.date(2021, 2, 3)
THURSDAY = dt.date(2021, 2, 4)


def make_user(username, group=None, **fields):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="x", **fields
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def admin_datetime(value):
    """A datetime as the admin's date-time widget sends it (local time)."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def campaign_form_data(**fields):
    data = {
        "title": "Semaine créée dans l’admin",
        "slug": "semaine-admin",
        "start_date": "2022-01-31",
        "end_date": "2022-02-04",
        "go_live_time": "08:00",
        "region": "Nouvelle-Aquitaine",
        "recipients": "",
        "partners": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


def day_form_data(day=None, **fields):
    """The day editor's form: its date, title, slug and a one-block body."""
    data = {
        "date": day.date.isoformat() if day else THURSDAY.isoformat(),
        "title": day.title if day else "",
        "slug": day.slug if day else "",
        "body": streamfield(
            [
                (
                    "zoom",
                    {
                        "title": "Les internats d’excellence",
                        "body": rich_text("<p>Texte.</p>"),
                    },
                )
            ]
        ),
        "comments": inline_formset([]),
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(fields)
    return nested_form_data(data)


def png_upload(name="logo.png"):
    buffer = BytesIO()
    PILImage.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class TestEditorialRoles(TestCase):
    """What the data migration created."""

    def page_codenames(self, group):
        return set(
            GroupPagePermission.objects.filter(
                group__name=group, page=home_page()
            ).values_list("permission__codename", flat=True)
        )

    def model_permissions(self, group):
        return set(
            Permission.objects.filter(group__name=group).values_list(
                "content_type__app_label", "codename"
            )
        )

    def collection_codenames(self, group):
        return set(
            GroupCollectionPermission.objects.filter(
                group__name=group, collection=Collection.get_first_root_node()
            ).values_list("permission__codename", flat=True)
        )

    def test_both_groups_exist_and_wagtails_english_samples_are_gone(self):
        names = set(Group.objects.values_list("name", flat=True))
        self.assertLessEqual({COMMUNICANTS, EDITEURS}, names)
        self.assertFalse(names & {"Moderators", "Editors"})

    def test_communicants_write_but_cannot_publish(self):
        self.assertEqual(self.page_codenames(COMMUNICANTS), {"add_page", "change_page"})
        self.assertEqual(
            self.model_permissions(COMMUNICANTS),
            {
                ("wagtailadmin", "access_admin"),
                ("campaign", "add_establishment"),
                ("campaign", "change_establishment"),
                ("campaign", "view_establishment"),
            },
        )

    def test_editeurs_also_publish_lock_and_delete_establishments(self):
        self.assertEqual(
            self.page_codenames(EDITEURS),
            {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"},
        )
        self.assertEqual(
            self.model_permissions(EDITEURS),
            {
                ("wagtailadmin", "access_admin"),
                ("campaign", "add_establishment"),
                ("campaign", "change_establishment"),
                ("campaign", "delete_establishment"),
                ("campaign", "view_establishment"),
            },
        )

    def test_both_groups_add_and_edit_images_and_documents(self):
        expected = {
            "add_image",
            "change_image",
            "choose_image",
            "add_document",
            "change_document",
            "choose_document",
        }
        for group in (COMMUNICANTS, EDITEURS):
            with self.subTest(group=group):
                self.assertEqual(self.collection_codenames(group), expected)

    def test_workflow_relecture_has_one_task_for_the_editeurs(self):
        workflow = Workflow.objects.get(name="Relecture")
        self.assertTrue(workflow.active)
        tasks = [task.specific for task in workflow.tasks]
        self.assertEqual(len(tasks), 1)
        self.assertIsInstance(tasks[0], GroupApprovalTask)
        self.assertEqual(
            list(tasks[0].groups.values_list("name", flat=True)), [EDITEURS]
        )

    def test_workflow_relecture_applies_to_campaigns_and_days(self):
        campaign = add_campaign()
        day = add_day(campaign, MONDAY, live=False)
        self.assertEqual(home_page().get_workflow().name, "Relecture")
        self.assertEqual(campaign.get_workflow().name, "Relecture")
        self.assertEqual(day.get_workflow().name, "Relecture")


class PermissionMatrix:
    """The same admin actions for every role; the subclasses say what they may do.

    Fixtures: a live campaign with a draft Monday, a live Tuesday and a
    Wednesday a communicant submitted for review.
    """

    group = None
    superuser = False
    can_publish = False

    @classmethod
    def setUpTestData(cls):
        cls.home = home_page()
        cls.campaign = add_campaign()
        cls.monday = add_day(cls.campaign, MONDAY, live=False)
        cls.tuesday = add_day(cls.campaign, TUESDAY)
        cls.wednesday = add_day(cls.campaign, WEDNESDAY, live=False)
        cls.author = make_user("auteur", COMMUNICANTS)
        cls.wednesday.get_workflow().start(cls.wednesday, cls.author)
        cls.author_editeur = make_user("relecteur", EDITEURS)
        cls.user = make_user(
            "testeur", cls.group, is_superuser=cls.superuser, is_staff=cls.superuser
        )

    def setUp(self):
        self.client.force_login(self.user)

    def fresh(self, page):
        return page.__class__.objects.get(pk=page.pk)

    def assertRefused(self, response):
        """Wagtail answers a refusal with the dashboard and an error message."""
        self.assertRedirects(
            response, reverse("wagtailadmin_home"), fetch_redirect_response=False
        )
        levels = [message.level for message in get_messages(response.wsgi_request)]
        self.assertIn(messages.ERROR, levels)

    def edit(self, page, **data):
        return self.client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            day_form_data(page, **data),
        )

    # -- pages -------------------------------------------------------------------

    def test_create_campaign_under_the_home_page(self):
        url = reverse(
            "wagtailadmin_pages:add", args=["campaign", "campaignpage", self.home.pk]
        )
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(url, campaign_form_data())
        campaign = CampaignPage.objects.get(slug="semaine-admin")
        self.assertRedirects(
            response, reverse("wagtailadmin_pages:edit", args=[campaign.pk])
        )
        self.assertFalse(campaign.live)
        self.assertEqual(campaign.get_parent().pk, self.home.pk)

    def test_create_day_under_a_campaign(self):
        url = reverse(
            "wagtailadmin_pages:add",
            args=["campaign", "campaigndaypage", self.campaign.pk],
        )
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(url, day_form_data())
        day = CampaignDayPage.objects.get(date=THURSDAY)
        self.assertRedirects(
            response, reverse("wagtailadmin_pages:edit", args=[day.pk])
        )
        self.assertEqual(day.title, "Jeudi 4 février")
        self.assertFalse(day.live)
        self.assertEqual(day.body[0].value["title"], "Les internats d’excellence")

    def test_edit_a_day(self):
        url = reverse("wagtailadmin_pages:edit", args=[self.monday.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.edit(self.monday, title="Lundi revu")
        self.assertRedirects(response, url)
        day = self.fresh(self.monday)
        self.assertEqual(day.get_latest_revision_as_object().title, "Lundi revu")
        self.assertFalse(day.live)

    def test_submit_a_day_for_moderation(self):
        response = self.edit(self.monday, **{"action-submit": "1"})
        self.assertEqual(response.status_code, 302)
        day = self.fresh(self.monday)
        self.assertTrue(day.workflow_in_progress)
        self.assertEqual(day.current_workflow_state.workflow.name, "Relecture")
        self.assertEqual(day.current_workflow_task.name, "Validation par un éditeur")
        self.assertFalse(day.live)

    def test_publish_a_day(self):
        response = self.edit(self.monday, **{"action-publish": "1"})
        self.assertEqual(response.status_code, 302)
        day = self.fresh(self.monday)
        # A communicant's "publish" is only a draft save.
        self.assertEqual(day.live, self.can_publish)
        self.assertEqual(
            PageLogEntry.objects.filter(page=day, action="wagtail.publish").exists(),
            self.can_publish,
        )

    def test_schedule_a_day(self):
        go_live_at = timezone.now() + dt.timedelta(days=30)
        response = self.edit(
            self.monday,
            go_live_at=admin_datetime(go_live_at),
            **{"action-publish": "1"},
        )
        self.assertEqual(response.status_code, 302)
        day = self.fresh(self.monday)
        self.assertFalse(day.live)
        self.assertEqual(day.approved_schedule, self.can_publish)
        if self.can_publish:
            self.assertEqual(
                day.scheduled_revision.approved_go_live_at,
                go_live_at.replace(second=0, microsecond=0),
            )

    def test_unpublish_a_day(self):
        url = reverse("wagtailadmin_pages:unpublish", args=[self.tuesday.pk])
        response = self.client.get(url)
        if self.can_publish:
            self.assertEqual(response.status_code, 200)
        else:
            self.assertRefused(response)
        response = self.client.post(url)
        if not self.can_publish:
            self.assertRefused(response)
        self.assertEqual(self.fresh(self.tuesday).live, not self.can_publish)

    def test_approve_a_day_in_moderation(self):
        task_state = self.wednesday.current_workflow_task_state
        url = reverse(
            "wagtailadmin_pages:workflow_action",
            args=[self.wednesday.pk, "approve", task_state.pk],
        )
        response = self.client.post(url, {"comment": ""})
        day = self.fresh(self.wednesday)
        if self.can_publish:
            self.assertRedirects(
                response, reverse("wagtailadmin_pages:edit", args=[day.pk])
            )
            self.assertFalse(day.workflow_in_progress)
            self.assertEqual(
                day.workflow_states.get().status,
                day.workflow_states.model.STATUS_APPROVED,
            )
            # Approved days wait for "Programmer la semaine".
            self.assertFalse(day.live)
        else:
            self.assertRefused(response)
            self.assertTrue(day.workflow_in_progress)

    # -- campaign actions ------------------------------------------------------

    def test_programmer_la_semaine(self):
        task_state = self.fresh(self.wednesday).current_workflow_task_state
        task_state.task.specific.on_action(task_state, self.author_editeur, "approve")
        url = reverse("campaign_admin:schedule_week", args=[self.campaign.pk])
        response = self.client.get(url)
        if self.can_publish:
            self.assertContains(response, "Confirmer la programmation")
        else:
            self.assertRefused(response)
        response = self.client.post(url)
        day = self.fresh(self.wednesday)
        if self.can_publish:
            self.assertRedirects(
                response,
                reverse("wagtailadmin_pages:edit", args=[self.campaign.pk]),
                fetch_redirect_response=False,
            )
            # 3 February 2021 is long past: the day goes live at once.
            self.assertTrue(day.live)
        else:
            self.assertRefused(response)
            self.assertFalse(day.live)
            self.assertFalse(day.approved_schedule)

    def test_programmer_la_semaine_button_in_the_header(self):
        response = self.client.get(
            reverse("wagtailadmin_pages:edit", args=[self.campaign.pk])
        )
        schedule_url = reverse("campaign_admin:schedule_week", args=[self.campaign.pk])
        import_url = reverse(
            "campaign_admin:import_newsletter", args=[self.campaign.pk]
        )
        self.assertContains(response, import_url)
        if self.can_publish:
            self.assertContains(response, schedule_url)
        else:
            self.assertNotContains(response, schedule_url)

    def test_import_a_newsletter(self):
        url = reverse("campaign_admin:import_newsletter", args=[self.campaign.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Importer une lettre")

    # -- snippets, images, documents ------------------------------------------

    def test_create_an_establishment(self):
        url = reverse("wagtailsnippets_campaign_establishment:add")
        response = self.client.post(
            url,
            {
                "name": "Lycée Jean Moulin",
                "kind": "",
                "town": "Bordeaux",
                "department": "33",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Establishment.objects.filter(name="Lycée Jean Moulin").exists())

    def test_upload_an_image(self):
        response = self.client.post(
            reverse("wagtailimages:add"),
            {
                "title": "Logo",
                "file": png_upload(),
                "collection": Collection.get_first_root_node().pk,
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(get_image_model().objects.filter(title="Logo").exists())

    def test_upload_a_document(self):
        response = self.client.post(
            reverse("wagtaildocs:add"),
            {
                "title": "Programme",
                "file": SimpleUploadedFile("programme.txt", b"Le programme."),
                "collection": Collection.get_first_root_node().pk,
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(get_document_model().objects.filter(title="Programme").exists())


class TestCommunicantPermissions(PermissionMatrix, TestCase):
    group = COMMUNICANTS
    can_publish = False

    def test_page_permissions(self):
        perms = self.monday.permissions_for_user(self.user)
        self.assertTrue(perms.can_edit())
        self.assertFalse(perms.can_publish())
        self.assertFalse(perms.can_unpublish())
        self.assertFalse(
            self.campaign.permissions_for_user(self.user).can_publish_subpage()
        )


class TestEditeurPermissions(PermissionMatrix, TestCase):
    group = EDITEURS
    can_publish = True

    def test_page_permissions(self):
        perms = self.monday.permissions_for_user(self.user)
        self.assertTrue(perms.can_edit())
        self.assertTrue(perms.can_publish())
        self.assertTrue(self.tuesday.permissions_for_user(self.user).can_unpublish())
        self.assertTrue(
            self.campaign.permissions_for_user(self.user).can_publish_subpage()
        )


class TestSuperuserPermissions(PermissionMatrix, TestCase):
    superuser = True
    can_publish = True


class TestAnonymousAdminAccess(TestCase):
    """Every admin view of the matrix sends an anonymous visitor to the login page."""

    @classmethod
    def setUpTestData(cls):
        cls.campaign = add_campaign()
        cls.day = add_day(cls.campaign, MONDAY, live=False)

    def test_every_admin_view_redirects_to_login(self):
        home = home_page()
        urls = [
            reverse("wagtailadmin_home"),
            reverse(
                "wagtailadmin_pages:add", args=["campaign", "campaignpage", home.pk]
            ),
            reverse(
                "wagtailadmin_pages:add",
                args=["campaign", "campaigndaypage", self.campaign.pk],
            ),
            reverse("wagtailadmin_pages:edit", args=[self.day.pk]),
            reverse("wagtailadmin_pages:unpublish", args=[self.campaign.pk]),
            reverse(
                "wagtailadmin_pages:workflow_action", args=[self.day.pk, "approve", 1]
            ),
            reverse("campaign_admin:schedule_week", args=[self.campaign.pk]),
            reverse("campaign_admin:import_newsletter", args=[self.campaign.pk]),
            reverse("wagtailsnippets_campaign_establishment:add"),
            reverse("wagtailimages:add"),
            reverse("wagtaildocs:add"),
        ]
        login = reverse("wagtailadmin_login")
        for url in urls:
            for method in (self.client.get, self.client.post):
                with self.subTest(url=url, method=method.__name__):
                    response = method(url)
                    self.assertEqual(response.status_code, 302)
                    self.assertTrue(
                        response["Location"].startswith(f"{login}?next="),
                        response["Location"],
                    )
        self.assertFalse(CampaignDayPage.objects.get(pk=self.day.pk).live)
