"""The editorial roles, tried through the admin views and the API themselves.

The data migration home/0003 creates two groups: "Communicants" write and
submit, "Éditeurs" also approve, publish, schedule, unpublish, move and
delete; the workflow "Relecture" (one approval task for the Éditeurs) covers
the whole site from its home page. campaign/models/permissions.py adds the rules on
deleting, moving and copying campaigns and days.

ActionMatrix (below) tries every page action on a campaign and on a day in
each of its states, through the admin (views, menus, bulk actions) and the
API v3 with a token, for each role; MATRIX says who may do what, as the
README's "Rôles et relecture" does. PermissionMatrix tries the campaign's own
admin actions, establishments, images and documents.
"""

import datetime as dt
import html
import json
from contextlib import contextmanager
from io import BytesIO

from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    APIToken,
    Collection,
    Page,
    PageLogEntry,
    Revision,
    TaskState,
    WorkflowState,
)
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from campaign.models import CampaignDayPage, CampaignPage, Establishment
from tests.builders import (
    COMMUNICANTS,
    EDITEURS,
    ApprovedDaysWait,
    add_campaign,
    add_day,
    home_page,
    make_user,
)
from tests.campaign.opt_in import with_wagtail_api_in_french

MONDAY = dt.date(2021, 2, 1)
TUESDAY = dt.date(2021, 2, 2)
WEDNESDAY = dt.date(2021, 2, 3)
THURSDAY = dt.date(2021, 2, 4)


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


class PermissionMatrix(ApprovedDaysWait):
    """The campaign's own admin actions ("Programmer la semaine", "Importer
    une lettre"), establishments, images and documents for every role; the
    subclasses say what they may do. The page actions (create, edit, submit,
    approve, publish, schedule, unpublish, delete, move, copy…) are in
    ActionMatrix below.

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


# == The whole matrix: every action, on campaigns and on days in each state, ==
# == through the admin and through the API v3 with a token ===================
#
# One subTest per cell, named "<role> × <action> × <target> × <channel>". Each
# cell runs in a savepoint rolled back afterwards, so every cell starts from
# the same pages. A refusal is checked for its answer (Wagtail's French
# permission-denied in the admin, a French problem document in the API) and
# for having written nothing; a permission for its effect.

COMMUNICANT = "communicant"
EDITEUR = "éditeur"
SUPERUSER = "superuser"
BOTH = frozenset({COMMUNICANT, EDITEUR, SUPERUSER})
EDITORS = frozenset({EDITEUR, SUPERUSER})
NOBODY = frozenset()

OWN_DRAFT = "own draft day"
OTHERS_DRAFT = "draft day of someone else"
IN_REVIEW = "day in review"
APPROVED = "approved day"
SCHEDULED = "scheduled day"
LIVE = "live day"
LIVE_CHANGES = "live day with unpublished changes"
WITHDRAWN = "own draft day once submitted then withdrawn"
SHARED = "own draft day someone else also saved"
IMPORTED = "own draft day imported (no owner)"
LIVE_CAMPAIGN = "live campaign with days"
DRAFT_CAMPAIGN = "own empty draft campaign"
NEW_DAY = "new day"
NEW_CAMPAIGN = "new campaign"
DAY_STATES = (
    OWN_DRAFT,
    OTHERS_DRAFT,
    IN_REVIEW,
    APPROVED,
    SCHEDULED,
    LIVE,
    LIVE_CHANGES,
)
CAMPAIGNS = (LIVE_CAMPAIGN, DRAFT_CAMPAIGN)

# Who may do what (README.md, "Rôles et relecture"): {action: {target: roles}}.
# A day in review is locked for whoever cannot approve it, a scheduled page
# for everyone until an éditeur cancels its schedule (Wagtail's locks).
EDIT = {
    OWN_DRAFT: BOTH,
    OTHERS_DRAFT: BOTH,
    IN_REVIEW: EDITORS,
    APPROVED: BOTH,
    SCHEDULED: NOBODY,
    LIVE: BOTH,
    LIVE_CHANGES: BOTH,
    LIVE_CAMPAIGN: BOTH,
    DRAFT_CAMPAIGN: BOTH,
}
MATRIX = {
    "create": {NEW_DAY: BOTH, NEW_CAMPAIGN: BOTH},
    "edit": EDIT,
    "revert": EDIT,
    "submit": {
        OWN_DRAFT: BOTH,
        OTHERS_DRAFT: BOTH,
        APPROVED: BOTH,
        SCHEDULED: NOBODY,
        LIVE: BOTH,
        LIVE_CHANGES: BOTH,
        LIVE_CAMPAIGN: BOTH,
        DRAFT_CAMPAIGN: BOTH,
    },
    "approve": {IN_REVIEW: EDITORS},
    "request changes": {IN_REVIEW: EDITORS},
    # A scheduled day is published by its schedule (or unscheduled first).
    "publish": {
        OWN_DRAFT: EDITORS,
        OTHERS_DRAFT: EDITORS,
        IN_REVIEW: EDITORS,
        APPROVED: EDITORS,
        LIVE: EDITORS,
        LIVE_CHANGES: EDITORS,
        LIVE_CAMPAIGN: EDITORS,
        DRAFT_CAMPAIGN: EDITORS,
    },
    "schedule": {
        OWN_DRAFT: EDITORS,
        OTHERS_DRAFT: EDITORS,
        IN_REVIEW: EDITORS,
        APPROVED: EDITORS,
        LIVE_CHANGES: EDITORS,
        DRAFT_CAMPAIGN: EDITORS,
    },
    "cancel schedule": {SCHEDULED: EDITORS},
    # Nothing to unpublish on a page that is not live.
    "unpublish": {
        **dict.fromkeys(DAY_STATES + CAMPAIGNS, NOBODY),
        LIVE: EDITORS,
        LIVE_CHANGES: EDITORS,
        LIVE_CAMPAIGN: EDITORS,
    },
    "delete": {
        OWN_DRAFT: BOTH,
        IMPORTED: BOTH,
        WITHDRAWN: EDITORS,
        SHARED: EDITORS,
        OTHERS_DRAFT: EDITORS,
        IN_REVIEW: EDITORS,
        APPROVED: EDITORS,
        SCHEDULED: EDITORS,
        LIVE: EDITORS,
        LIVE_CHANGES: EDITORS,
        # Wagtail deletes a page with children only with "bulk delete"
        # (which no group has).
        LIVE_CAMPAIGN: frozenset({SUPERUSER}),
        DRAFT_CAMPAIGN: EDITORS,
    },
    "move": dict.fromkeys(DAY_STATES + CAMPAIGNS, EDITORS),
    "copy": {**dict.fromkeys(DAY_STATES, NOBODY), **dict.fromkeys(CAMPAIGNS, EDITORS)},
    "create alias": {
        **dict.fromkeys(DAY_STATES, NOBODY),
        **dict.fromkeys(CAMPAIGNS, EDITORS),
    },
    "create next edition": {LIVE_CAMPAIGN: EDITORS},
}

PERMISSION_DENIED = (
    "Désolé, vous n'avez pas les autorisations pour accéder à cette zone."
)
LOCKED = "La page n'a pu être enregistrée car elle est verrouillée."
API_DENIED = "Accès refusé à cette ressource."
API_LOCKED = (
    "Cette page est verrouillée (en relecture, programmée, ou verrouillée par "
    "quelqu’un) : elle ne peut pas être modifiée."
)
IN_A_MONTH = dt.timedelta(days=30)


def snapshot():
    """Everything a page action may write: compared before and after a refusal."""
    return {
        "pages": list(
            Page.objects.order_by("pk").values_list(
                "pk",
                "path",
                "live",
                "title",
                "draft_title",
                "latest_revision_id",
                "live_revision_id",
                "has_unpublished_changes",
                "locked",
            )
        ),
        "revisions": list(
            Revision.objects.order_by("pk").values_list("pk", "approved_go_live_at")
        ),
        "workflows": list(
            WorkflowState.objects.order_by("pk").values_list("pk", "status")
        ),
        "tasks": list(TaskState.objects.order_by("pk").values_list("pk", "status")),
        "log": PageLogEntry.objects.count(),
    }


def write_day(campaign, date, author):
    """A draft day written by `author` in the admin (its owner, its versions)."""
    day = CampaignDayPage(title="", date=date, body=[], live=False, owner=author)
    campaign.add_child(instance=day)
    day.save_revision(user=author)
    return CampaignDayPage.objects.get(pk=day.pk)


def submit_for_review(page, user):
    page = page.__class__.objects.get(pk=page.pk)
    page.get_workflow().start(page, user)
    return page.__class__.objects.get(pk=page.pk)


def approve_review(page, user):
    page = page.__class__.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state, user, "approve")
    return page.__class__.objects.get(pk=page.pk)


def schedule(page, user, go_live_at):
    """Schedule the page's latest version, as "Programmer la semaine" does."""
    draft = page.get_latest_revision_as_object()
    draft.go_live_at = go_live_at
    draft.save_revision(user=user, log_action=True).publish(user=user)
    return page.__class__.objects.get(pk=page.pk)


def publish_latest(page, user):
    page.get_latest_revision().publish(user=user)
    return page.__class__.objects.get(pk=page.pk)


def page_form_data(page, **fields):
    """The edit form of the page as it stands, with `fields` changed."""
    if isinstance(page, CampaignPage):
        return campaign_form_data(
            **{
                "title": page.title,
                "slug": page.slug,
                "start_date": page.start_date.isoformat(),
                "end_date": page.end_date.isoformat(),
                **fields,
            }
        )
    return day_form_data(page, **fields)


class ActionMatrix(ApprovedDaysWait):
    """The matrix for one role; the subclasses give the role and its group."""

    role = None
    group = None

    @classmethod
    def setUpTestData(cls):
        superuser = cls.role == SUPERUSER
        cls.user = make_user(
            "testeur", cls.group, is_superuser=superuser, is_staff=superuser
        )
        author = make_user("auteur", COMMUNICANTS)
        reviewer = make_user("relecteur", EDITEURS)
        cls.home = home_page()
        campaign = add_campaign(start=dt.date(2021, 2, 1), end=dt.date(2021, 2, 12))
        # The same week, without days: where a day may be moved.
        cls.same_week = add_campaign(
            slug="meme-semaine", start=dt.date(2021, 2, 1), end=dt.date(2021, 2, 12)
        )
        # Another week: no day of the first fits in it.
        cls.other_week = add_campaign(
            slug="autre-semaine", start=dt.date(2022, 1, 31), end=dt.date(2022, 2, 4)
        )
        go_live_at = timezone.now() + IN_A_MONTH

        def day(number, author):
            return write_day(campaign, dt.date(2021, 2, number), author)

        in_review = submit_for_review(day(3, author), author)
        approved = approve_review(submit_for_review(day(4, author), author), reviewer)
        scheduled = approve_review(submit_for_review(day(5, author), author), reviewer)
        scheduled = schedule(scheduled, reviewer, go_live_at)
        live_changes = publish_latest(day(7, author), reviewer)
        draft = live_changes.get_latest_revision_as_object()
        draft.title = "Dimanche 7 février (corrigé)"
        draft.save_revision(user=author)
        withdrawn = submit_for_review(day(8, cls.user), cls.user)
        withdrawn.current_workflow_state.cancel(user=cls.user)
        shared = day(9, cls.user)
        shared.save_revision(user=author)
        # What "Importer une lettre" creates: no owner, the importer's version.
        imported = day(10, cls.user)
        Page.objects.filter(pk=imported.pk).update(owner=None)

        draft_campaign = CampaignPage(
            title="Semaine en préparation",
            slug="en-preparation",
            start_date=dt.date(2023, 1, 30),
            end_date=dt.date(2023, 2, 3),
            live=False,
            owner=cls.user,
        )
        cls.home.add_child(instance=draft_campaign)
        draft_campaign.save_revision(user=cls.user)

        cls.targets = {
            OWN_DRAFT: day(1, cls.user),
            OTHERS_DRAFT: day(2, author),
            IN_REVIEW: in_review,
            APPROVED: approved,
            SCHEDULED: scheduled,
            LIVE: publish_latest(day(6, author), reviewer),
            LIVE_CHANGES: live_changes,
            WITHDRAWN: withdrawn,
            SHARED: shared,
            IMPORTED: imported,
            LIVE_CAMPAIGN: campaign,
            DRAFT_CAMPAIGN: draft_campaign,
        }
        cls.free_date = dt.date(2021, 2, 11)
        _token, cls.token = APIToken.create_token(user=cls.user, name="Matrice")

    def setUp(self):
        self.client.force_login(self.user)
        self.api_client = Client()

    # -- cells ---------------------------------------------------------------

    def cells(self, action, channels):
        """(target, allowed, channel) of every cell of `action`."""
        for target, roles in MATRIX[action].items():
            for channel in channels:
                yield target, self.role in roles, channel

    @contextmanager
    def cell(self, action, target, channel):
        """One subTest, in a savepoint rolled back at its end."""
        with (
            self.subTest(f"{self.role} × {action} × {target} × {channel}"),
            transaction.atomic(),
        ):
            yield
            transaction.set_rollback(True)

    def page(self, target):
        page = self.targets[target]
        return page.__class__.objects.get(pk=page.pk)

    def parent(self, page):
        return Page.objects.get(pk=page.pk).get_parent().specific

    def exists(self, page):
        return Page.objects.filter(pk=page.pk).exists()

    # -- answers -------------------------------------------------------------

    def get(self, url):
        self.client.cookies.pop("messages", None)  # only this answer's messages
        return self.client.get(url)

    def post(self, url, data=None):
        self.client.cookies.pop("messages", None)
        return self.client.post(url, data or {})

    def messages(self, response):
        return [
            html.unescape(str(message)).strip()
            for message in get_messages(response.wsgi_request)
        ]

    def assertAdminRefused(self, response, before=None):
        """Wagtail's permission denied: the dashboard and its French message."""
        self.assertRedirects(
            response, reverse("wagtailadmin_home"), fetch_redirect_response=False
        )
        self.assertEqual(self.messages(response), [PERMISSION_DENIED])
        if before is not None:
            self.assertEqual(snapshot(), before)

    def assertAdminLocked(self, response, before):
        """The editor's answer on a locked page: its French message, nothing saved."""
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.messages(response), [LOCKED])
        self.assertEqual(snapshot(), before)

    def assertApiRefused(self, response, before, detail):
        self.assertEqual(response.status_code, 403, response.content)
        self.assertEqual(response["Content-Type"], "application/problem+json")
        self.assertEqual(
            response.json(),
            {
                "type": "about:blank",
                "title": "Accès refusé",
                "status": 403,
                "detail": detail,
            },
        )
        self.assertEqual(snapshot(), before)

    def api(self, method, path, body=None):
        kwargs = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(self.api_client, method)(f"/api/v3/pages/{path}", **kwargs)

    def bulk_url(self, action, page):
        return (
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
            + f"?id={page.pk}&next={reverse('wagtailadmin_home')}"
        )

    def bulk(self, action, page, allowed, data=None):
        """Wagtail's bulk action on one page: its confirmation lists the page
        as actionable or not, then the POST (refused: writes nothing)."""
        url = self.bulk_url(action, page)
        confirmation = self.get(url)
        self.assertEqual(confirmation.status_code, 200)
        actionable = [item["item"].pk for item in confirmation.context["items"]]
        without_access = [
            item["item"].pk for item in confirmation.context["items_with_no_access"]
        ]
        if allowed:
            self.assertEqual((actionable, without_access), ([page.pk], []))
        else:
            self.assertEqual((actionable, without_access), ([], [page.pk]))
        return self.post(url, data)

    # -- delete ----------------------------------------------------------------

    def test_delete(self):
        channels = ("admin", "admin bulk", "api", "api action")
        for target, allowed, channel in self.cells("delete", channels):
            with self.cell("delete", target, channel):
                page = self.page(target)
                before = snapshot()
                if channel == "admin":
                    url = reverse("wagtailadmin_pages:delete", args=[page.pk])
                    confirmation = self.get(url)
                    response = self.post(url)
                    if allowed:
                        self.assertEqual(confirmation.status_code, 200)
                        self.assertEqual(response.status_code, 302)
                    else:
                        self.assertAdminRefused(confirmation)
                        self.assertAdminRefused(response, before)
                elif channel == "admin bulk":
                    response = self.bulk("delete", page, allowed)
                    self.assertEqual(response.status_code, 302)
                    if not allowed:
                        self.assertEqual(snapshot(), before)
                else:
                    path = (
                        f"{page.pk}/"
                        if channel == "api"
                        else f"{page.pk}/actions/delete/"
                    )
                    response = self.api("delete", path)
                    if allowed:
                        self.assertEqual(response.status_code, 204, response.content)
                    else:
                        self.assertApiRefused(
                            response,
                            before,
                            "Vous n’avez pas le droit de supprimer cette page.",
                        )
                self.assertEqual(self.exists(page), not allowed)
                if allowed:
                    self.assertTrue(
                        PageLogEntry.objects.filter(
                            page_id=page.pk, action="wagtail.delete", user=self.user
                        ).exists()
                    )

    # -- move --------------------------------------------------------------------

    def destination(self, page):
        """Where the page may go: a day to the same week's other campaign, a
        campaign beside itself (after the last one)."""
        if isinstance(page, CampaignDayPage):
            return self.same_week
        return self.home

    def test_move(self):
        channels = ("admin", "admin bulk", "api")
        for target, allowed, channel in self.cells("move", channels):
            with self.cell("move", target, channel):
                page = self.page(target)
                destination = self.destination(page)
                before = snapshot()
                if channel == "admin":
                    confirm_url = reverse(
                        "wagtailadmin_pages:move_confirm",
                        args=[page.pk, destination.pk],
                    )
                    choose = self.get(
                        reverse("wagtailadmin_pages:move", args=[page.pk])
                    )
                    confirmation = self.get(confirm_url)
                    response = self.post(confirm_url)
                    if allowed:
                        self.assertEqual(choose.status_code, 200)
                        self.assertEqual(confirmation.status_code, 200)
                        self.assertEqual(response.status_code, 302)
                    else:
                        self.assertAdminRefused(choose)
                        self.assertAdminRefused(confirmation)
                        self.assertAdminRefused(response, before)
                elif channel == "admin bulk":
                    response = self.bulk(
                        "move", page, allowed, {"chooser": destination.pk}
                    )
                    self.assertEqual(response.status_code, 302)
                    if not allowed:
                        self.assertEqual(snapshot(), before)
                else:
                    response = self.api(
                        "post",
                        f"{page.pk}/actions/move/",
                        {"destination_id": destination.pk, "position": "last-child"},
                    )
                    if allowed:
                        self.assertEqual(response.status_code, 200, response.content)
                    else:
                        self.assertApiRefused(
                            response,
                            before,
                            "Vous n’avez pas le droit de déplacer cette page à cet "
                            "endroit.",
                        )
                moved = PageLogEntry.objects.filter(
                    page_id=page.pk,
                    action__in=["wagtail.move", "wagtail.reorder"],
                    user=self.user,
                )
                self.assertEqual(moved.exists(), allowed)
                self.assertEqual(
                    self.parent(page).pk,
                    destination.pk if allowed else page.get_parent().pk,
                )

    def test_move_a_day_where_its_date_does_not_fit(self):
        """Nobody moves a day to a week without its date, or where its date
        is taken: it would no longer be a day of its campaign."""
        cases = ("to a week without its date", "to a week where its date is taken")
        for case in cases:
            for channel in ("admin", "admin bulk", "api"):
                with self.cell("move", f"{LIVE} {case}", channel):
                    day = self.page(LIVE)
                    if case == cases[0]:
                        destination = self.other_week
                    else:
                        destination = self.same_week
                        add_day(destination, day.date, title="Autre", live=False)
                    before = snapshot()
                    if channel == "admin":
                        url = reverse(
                            "wagtailadmin_pages:move_confirm",
                            args=[day.pk, destination.pk],
                        )
                        self.assertAdminRefused(self.get(url))
                        self.assertAdminRefused(self.post(url), before)
                    elif channel == "admin bulk":
                        if self.role == COMMUNICANT:
                            self.bulk("move", day, allowed=False)
                            continue
                        response = self.post(
                            self.bulk_url("move", day), {"chooser": destination.pk}
                        )
                        # The confirmation says it cannot go there; nothing moves.
                        self.assertEqual(response.status_code, 200)
                        self.assertEqual(
                            [
                                item["item"].pk
                                for item in response.context[
                                    "pages_without_destination_access"
                                ]
                            ],
                            [day.pk],
                        )
                        self.assertEqual(snapshot(), before)
                    else:
                        response = self.api(
                            "post",
                            f"{day.pk}/actions/move/",
                            {
                                "destination_id": destination.pk,
                                "position": "last-child",
                            },
                        )
                        self.assertApiRefused(
                            response,
                            before,
                            "Vous n’avez pas le droit de déplacer cette page à cet "
                            "endroit.",
                        )

    # -- copy, alias, next edition -------------------------------------------------

    def copy_destination(self, page):
        """A day to the same week's other campaign (its date fits there), a
        campaign beside itself."""
        return self.destination(page)

    def test_copy(self):
        for target, allowed, channel in self.cells("copy", ("admin", "api")):
            with self.cell("copy", target, channel):
                page = self.page(target)
                destination = self.copy_destination(page)
                before = snapshot()
                if channel == "admin":
                    url = reverse("wagtailadmin_pages:copy", args=[page.pk])
                    form = self.get(url)
                    response = self.post(
                        url,
                        {
                            "new_title": "Copie",
                            "new_slug": "copie",
                            "new_parent_page": destination.pk,
                        },
                    )
                    if allowed:
                        self.assertEqual(form.status_code, 200)
                        self.assertEqual(response.status_code, 302)
                    else:
                        self.assertAdminRefused(form)
                        self.assertAdminRefused(response, before)
                else:
                    response = self.api(
                        "post",
                        f"{page.pk}/actions/copy/",
                        {
                            "destination_id": destination.pk,
                            "slug": "copie",
                            "keep_live": False,
                        },
                    )
                    if allowed:
                        self.assertEqual(response.status_code, 201, response.content)
                    else:
                        self.assertApiRefused(
                            response,
                            before,
                            "Vous n’avez pas le droit de copier cette page à cet "
                            "endroit.",
                        )
                copies = Page.objects.child_of(destination).filter(slug="copie")
                self.assertEqual(copies.exists(), allowed)
                if allowed:
                    # A copy is a draft, whoever makes it.
                    self.assertFalse(copies.get().live)

    def test_create_alias(self):
        for target, allowed, channel in self.cells("create alias", ("api",)):
            with self.cell("create alias", target, channel):
                page = self.page(target)
                destination = self.copy_destination(page)
                before = snapshot()
                response = self.api(
                    "post",
                    f"{page.pk}/actions/create_alias/",
                    {"destination_id": destination.pk, "slug": "alias"},
                )
                if allowed:
                    self.assertEqual(response.status_code, 201, response.content)
                else:
                    self.assertApiRefused(
                        response,
                        before,
                        "Vous n’avez pas le droit de créer un alias de cette page.",
                    )
                aliases = Page.objects.child_of(destination).filter(slug="alias")
                self.assertEqual(aliases.exists(), allowed)

    def test_create_next_edition(self):
        for target, allowed, channel in self.cells("create next edition", ("admin",)):
            with self.cell("create next edition", target, channel):
                page = self.page(target)
                url = reverse("campaign_admin:next_edition", args=[page.pk])
                before = snapshot()
                form = self.get(url)
                response = self.post(
                    url,
                    {"title": "Édition suivante", "slug": "suivante", "offset": 364},
                )
                if allowed:
                    self.assertEqual(form.status_code, 200)
                    self.assertEqual(response.status_code, 302)
                else:
                    self.assertAdminRefused(form)
                    self.assertAdminRefused(response, before)
                self.assertEqual(
                    CampaignPage.objects.filter(slug="suivante").exists(), allowed
                )

    # -- offered in the admin ------------------------------------------------------

    def test_offered_in_the_admin(self):
        """The listing's and the editor's menus offer an action only to whoever
        may do it (for a scheduled page, the editor offers nothing: locked)."""
        links = {
            "delete": "wagtailadmin_pages:delete",
            "move": "wagtailadmin_pages:move",
            "copy": "wagtailadmin_pages:copy",
            "unpublish": "wagtailadmin_pages:unpublish",
        }
        for target in DAY_STATES + CAMPAIGNS:
            page = self.page(target)
            listing = self.get(
                reverse("wagtailadmin_explore", args=[page.get_parent().pk])
            )
            editor = self.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
            for action, url_name in links.items():
                url = reverse(url_name, args=[page.pk])
                allowed = self.role in MATRIX[action][target]
                for channel, response in (("listing", listing), ("editor", editor)):
                    with self.subTest(
                        f"{self.role} × {action} × {target} × admin {channel} offers"
                    ):
                        self.assertEqual(response.status_code, 200)
                        self.assertEqual(url in response.content.decode(), allowed)
            with self.subTest(
                f"{self.role} × publish × {target} × admin editor offers"
            ):
                offered = 'name="action-publish"' in editor.content.decode()
                self.assertEqual(
                    offered,
                    self.role in MATRIX["publish"].get(target, NOBODY),
                )

    # -- write: create, edit, revert ---------------------------------------------

    def latest_title(self, page):
        return (
            page.__class__.objects.get(pk=page.pk).get_latest_revision_as_object().title
        )

    def test_create(self):
        home, campaign = self.home, self.page(LIVE_CAMPAIGN)
        forms = {
            NEW_DAY: (
                campaign,
                "campaigndaypage",
                day_form_data(date=self.free_date.isoformat()),
            ),
            NEW_CAMPAIGN: (home, "campaignpage", campaign_form_data()),
        }
        for target, allowed, channel in self.cells("create", ("admin",)):
            with self.cell("create", target, channel):
                parent, model_name, data = forms[target]
                url = reverse(
                    "wagtailadmin_pages:add", args=["campaign", model_name, parent.pk]
                )
                existing = list(Page.objects.values_list("pk", flat=True))
                form = self.get(url)
                response = self.post(url, data)
                self.assertTrue(allowed)
                self.assertEqual(form.status_code, 200)
                self.assertEqual(response.status_code, 302)
                (created,) = Page.objects.child_of(parent).exclude(pk__in=existing)
                self.assertEqual(created.owner, self.user)
                self.assertFalse(created.live)

    def test_create_through_the_api(self):
        """Not through the API, for anyone: a day's date (a campaign's dates)
        cannot be written there. A clear 422, never a 500; and asking to
        publish at once is refused first to whoever may not publish."""
        campaign = self.page(LIVE_CAMPAIGN)
        cases = {
            NEW_DAY: (
                campaign,
                "campaign.CampaignDayPage",
                ["Une journée a besoin d’une date."],
            ),
            NEW_CAMPAIGN: (
                self.home,
                "campaign.CampaignPage",
                [
                    "Une campagne a besoin de son premier jour.",
                    "Une campagne a besoin de son dernier jour.",
                ],
            ),
        }
        for target, (parent, page_type, problems) in cases.items():
            for publish in (False, True):
                action = "create and publish" if publish else "create"
                with self.cell(action, target, "api"):
                    before = snapshot()
                    meta = {"type": page_type, "parent_id": parent.pk}
                    if publish:
                        meta["action"] = "publish"
                    response = self.api(
                        "post",
                        "",
                        {"meta": meta, "title": "Nouvelle", "slug": "nouvelle"},
                    )
                    if publish and self.role == COMMUNICANT:
                        self.assertApiRefused(
                            response,
                            before,
                            "Vous n’avez pas le droit de publier cette page.",
                        )
                        continue
                    self.assertEqual(response.status_code, 422, response.content)
                    self.assertEqual(
                        response["Content-Type"], "application/problem+json"
                    )
                    body = response.json()
                    self.assertEqual(body["title"], "Paramètres invalides")
                    self.assertEqual(
                        sorted(error["msg"] for error in body["errors"]),
                        sorted(problems),
                    )
                    self.assertEqual(snapshot(), before)

    def test_edit(self):
        for target, allowed, channel in self.cells("edit", ("admin", "api")):
            with self.cell("edit", target, channel):
                self.check_edit(self.page(target), allowed, channel, snapshot())

    def check_edit(self, page, allowed, channel, before):
        if channel == "admin":
            url = reverse("wagtailadmin_pages:edit", args=[page.pk])
            response = self.post(url, page_form_data(page, title="Revu"))
            if allowed:
                self.assertRedirects(response, url, fetch_redirect_response=False)
            else:
                self.assertAdminLocked(response, before)
        else:
            response = self.api(
                "patch",
                f"{page.pk}/",
                {"meta": {"type": page._meta.label}, "title": "Revu"},
            )
            if allowed:
                self.assertEqual(response.status_code, 200, response.content)
            else:
                self.assertApiRefused(response, before, API_LOCKED)
        self.assertEqual(self.latest_title(page) == "Revu", allowed)
        # A new version, never what readers see.
        self.assertEqual(
            page.__class__.objects.get(pk=page.pk).live_revision_id,
            page.live_revision_id,
        )

    def test_revert(self):
        for target, allowed, channel in self.cells("revert", ("admin", "api")):
            with self.cell("revert", target, channel):
                self.check_revert(self.page(target), allowed, channel, snapshot())

    def check_revert(self, page, allowed, channel, before):
        first = page.revisions.order_by("created_at", "pk").first()
        if channel == "admin":
            url = reverse(
                "wagtailadmin_pages:revisions_revert", args=[page.pk, first.pk]
            )
            response = self.post(url, page_form_data(page, title="Revu"))
            if allowed:
                self.assertEqual(response.status_code, 302)
            else:
                self.assertAdminLocked(response, before)
        else:
            response = self.api(
                "post", f"{page.pk}/actions/revert/", {"revision_id": first.pk}
            )
            if allowed:
                self.assertEqual(response.status_code, 200, response.content)
            else:
                self.assertApiRefused(response, before, API_LOCKED)
        latest = page.__class__.objects.get(pk=page.pk).latest_revision
        self.assertEqual(latest.pk != page.latest_revision_id, allowed)
        if allowed:
            self.assertEqual(latest.user, self.user)

    # -- review and publication ----------------------------------------------------

    def edit_post(self, page, **fields):
        return self.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            page_form_data(page, **fields),
        )

    def published_by_user(self, page):
        return PageLogEntry.objects.filter(
            page_id=page.pk, action="wagtail.publish", user=self.user
        ).exists()

    def test_submit(self):
        for target, allowed, channel in self.cells("submit", ("admin",)):
            with self.cell("submit", target, channel):
                page = self.page(target)
                before = snapshot()
                response = self.edit_post(page, **{"action-submit": "1"})
                if allowed:
                    self.assertEqual(response.status_code, 302)
                else:
                    self.assertAdminLocked(response, before)
                fresh = page.__class__.objects.get(pk=page.pk)
                self.assertEqual(fresh.workflow_in_progress, allowed)
                self.assertEqual(fresh.live, page.live)

    def test_approve_and_request_changes(self):
        outcomes = {
            "approve": WorkflowState.STATUS_APPROVED,
            "request changes": WorkflowState.STATUS_NEEDS_CHANGES,
        }
        workflow_actions = {"approve": "approve", "request changes": "reject"}
        for action, outcome in outcomes.items():
            for target, allowed, channel in self.cells(action, ("admin",)):
                with self.cell(action, target, channel):
                    page = self.page(target)
                    task_state = page.current_workflow_task_state
                    before = snapshot()
                    response = self.post(
                        reverse(
                            "wagtailadmin_pages:workflow_action",
                            args=[page.pk, workflow_actions[action], task_state.pk],
                        ),
                        {"comment": "Vu."},
                    )
                    fresh = page.__class__.objects.get(pk=page.pk)
                    if allowed:
                        self.assertEqual(response.status_code, 302)
                        self.assertEqual(
                            fresh.workflow_states.order_by("-pk").first().status,
                            outcome,
                        )
                    else:
                        self.assertAdminRefused(response, before)
                        self.assertTrue(fresh.workflow_in_progress)
                    # Approved days wait for "Programmer la semaine".
                    self.assertFalse(fresh.live)

    def test_publish(self):
        for target, allowed, channel in self.cells("publish", ("admin", "api")):
            with self.cell("publish", target, channel):
                page = self.page(target)
                before = snapshot()
                if channel == "admin":
                    response = self.edit_post(page, **{"action-publish": "1"})
                    if allowed or not page.get_lock():
                        # A communicant's "publish" is only a saved draft.
                        self.assertEqual(response.status_code, 302)
                    else:
                        self.assertAdminLocked(response, before)
                else:
                    response = self.api("post", f"{page.pk}/actions/publish/")
                    if allowed:
                        self.assertEqual(response.status_code, 200, response.content)
                    else:
                        self.assertApiRefused(response, before, API_DENIED)
                fresh = page.__class__.objects.get(pk=page.pk)
                self.assertEqual(self.published_by_user(page), allowed)
                if allowed:
                    self.assertTrue(fresh.live)
                    self.assertEqual(fresh.live_revision_id, fresh.latest_revision_id)
                else:
                    self.assertEqual(fresh.live, page.live)
                    self.assertEqual(fresh.live_revision_id, page.live_revision_id)

    def test_schedule(self):
        go_live_at = (timezone.now() + IN_A_MONTH).replace(second=0, microsecond=0)
        for target, allowed, channel in self.cells("schedule", ("admin",)):
            with self.cell("schedule", target, channel):
                page = self.page(target)
                before = snapshot()
                response = self.edit_post(
                    page,
                    go_live_at=admin_datetime(go_live_at),
                    **{"action-publish": "1"},
                )
                if allowed or not page.get_lock():
                    self.assertEqual(response.status_code, 302)
                else:
                    self.assertAdminLocked(response, before)
                fresh = page.__class__.objects.get(pk=page.pk)
                self.assertEqual(fresh.live, page.live)
                scheduled = fresh.scheduled_revision
                if allowed:
                    self.assertEqual(scheduled.approved_go_live_at, go_live_at)
                else:
                    self.assertIsNone(scheduled)

    def test_cancel_schedule(self):
        for target, allowed, channel in self.cells("cancel schedule", ("admin",)):
            with self.cell("cancel schedule", target, channel):
                page = self.page(target)
                url = reverse(
                    "wagtailadmin_pages:revisions_unschedule",
                    args=[page.pk, page.scheduled_revision.pk],
                )
                before = snapshot()
                confirmation = self.get(url)
                response = self.post(url)
                if allowed:
                    self.assertEqual(confirmation.status_code, 200)
                    self.assertEqual(response.status_code, 302)
                else:
                    self.assertAdminRefused(confirmation)
                    self.assertAdminRefused(response, before)
                fresh = page.__class__.objects.get(pk=page.pk)
                self.assertEqual(fresh.scheduled_revision is None, allowed)

    def test_unpublish(self):
        channels = ("admin", "admin bulk", "api")
        for target, allowed, channel in self.cells("unpublish", channels):
            with self.cell("unpublish", target, channel):
                page = self.page(target)
                before = snapshot()
                if channel == "admin":
                    url = reverse("wagtailadmin_pages:unpublish", args=[page.pk])
                    confirmation = self.get(url)
                    response = self.post(url)
                    if allowed:
                        self.assertEqual(confirmation.status_code, 200)
                        self.assertEqual(response.status_code, 302)
                    else:
                        self.assertAdminRefused(confirmation)
                        self.assertAdminRefused(response, before)
                elif channel == "admin bulk":
                    response = self.bulk("unpublish", page, allowed)
                    self.assertEqual(response.status_code, 302)
                    if not allowed:
                        self.assertEqual(snapshot(), before)
                else:
                    response = self.api("post", f"{page.pk}/actions/unpublish/", {})
                    if allowed:
                        self.assertEqual(response.status_code, 200, response.content)
                    else:
                        # The route needs "publish": a communicant's token is
                        # refused before the page is looked at.
                        detail = (
                            API_DENIED
                            if self.role == COMMUNICANT
                            else "Vous n’avez pas le droit de dépublier cette page."
                        )
                        self.assertApiRefused(response, before, detail)
                fresh = page.__class__.objects.get(pk=page.pk)
                self.assertEqual(fresh.live, page.live and not allowed)


@with_wagtail_api_in_french
class TestCommunicantActionMatrix(ActionMatrix, TestCase):
    role = COMMUNICANT
    group = COMMUNICANTS


@with_wagtail_api_in_french
class TestEditeurActionMatrix(ActionMatrix, TestCase):
    role = EDITEUR
    group = EDITEURS


@with_wagtail_api_in_french
class TestSuperuserActionMatrix(ActionMatrix, TestCase):
    role = SUPERUSER
