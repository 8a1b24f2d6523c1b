"""Builders shared by the test modules: the page tree, establishments and raw
StreamField blocks, plus database snapshots for "nothing was written" checks.

Pages are added under the home page that the migrations create (the root of
the default site), as `make run` does; a test class calls these from
`setUpTestData`.
"""

import datetime as dt
import json
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Revision,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from campaign.blocks.actions import DEFAULT_ACTIONS_HEADING
from campaign.blocks.partnership import DEFAULT_PARTNERSHIP_HEADING
from campaign.blocks.resources import DEFAULT_RESOURCES_HEADING
from campaign.models import CampaignDayPage, CampaignPage, Establishment
from campaign.publishing.workflows import finish_workflow

DEMO_DIR = Path(__file__).resolve().parent.parent / "campaign" / "demo"
DEMO_FILES = {
    dt.date(2021, 2, 1): DEMO_DIR / "2021-02-01.json",
    dt.date(2021, 2, 2): DEMO_DIR / "2021-02-02.json",
}
DEMO_SLUG = "semaine-perseverance-scolaire-2021"


def demo_document(date):
    """The interchange document of a demo day (campaign/demo/<date>.json)."""
    return json.loads(DEMO_FILES[date].read_text(encoding="utf-8"))


def home_page():
    """The home page the migrations create: the root of the default site."""
    return Site.objects.get(is_default_site=True).root_page.specific


def default_site_at_admin_base_url():
    """Point the default site at WAGTAILADMIN_BASE_URL, where the tests say
    the site is served, so that absolute links (e-mail, API) are right."""
    site = Site.objects.get(is_default_site=True)
    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    site.hostname = parts.hostname or "localhost"
    site.port = parts.port or (443 if parts.scheme == "https" else 80)
    site.save()
    return site


def add_campaign(
    parent=None,
    *,
    slug="semaine-test",
    title="Semaine de test",
    start=dt.date(2021, 2, 1),
    end=dt.date(2021, 2, 5),
    live=True,
    **fields,
):
    """A campaign under `parent` (the home page by default), published or not."""
    parent = parent or home_page()
    campaign = CampaignPage(
        title=title, slug=slug, start_date=start, end_date=end, live=live, **fields
    )
    parent.add_child(instance=campaign)
    revision = campaign.save_revision()
    if live:
        revision.publish()
    return campaign


def add_day(campaign, date, body=(), *, title="", live=True):
    """A day of `campaign`; its title (and slug) come from the date when empty."""
    day = CampaignDayPage(title=title, date=date, body=list(body), live=live)
    campaign.add_child(instance=day)
    revision = day.save_revision()
    if live:
        revision.publish()
    return day


def add_establishment(name, town, department):
    return Establishment.objects.create(name=name, town=town, department=department)


# -- editorial roles ----------------------------------------------------------------
# The persev site's data migrations (home/0003 to 0005) make two groups and a
# review workflow; a host makes its own. The plugin's tests build the same
# roles here, so that they run on any host: on the persev site the groups
# already exist and these builders find them.

COMMUNICANTS = "Communicants"
EDITEURS = "Éditeurs"
REVIEW_WORKFLOW = "Relecture"
REVIEW_TASK = "Relecture par les éditeurs"

ROLE_PAGE_PERMISSIONS = {
    COMMUNICANTS: ["add_page", "change_page"],
    EDITEURS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
ROLE_MODEL_PERMISSIONS = {
    COMMUNICANTS: [
        ("wagtailadmin", "access_admin"),
        ("campaign", "add_establishment"),
        ("campaign", "change_establishment"),
        ("campaign", "view_establishment"),
    ],
    EDITEURS: [
        ("wagtailadmin", "access_admin"),
        ("campaign", "add_establishment"),
        ("campaign", "change_establishment"),
        ("campaign", "delete_establishment"),
        ("campaign", "view_establishment"),
        # Partner webhooks hold the partners' secrets: éditeurs only.
        ("campaign", "add_webhookendpoint"),
        ("campaign", "change_webhookendpoint"),
        ("campaign", "delete_webhookendpoint"),
    ],
}
ROLE_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def editorial_roles():
    """The two editorial groups, {name: group}, with their permissions on the
    home page, the models and the root collection, and the review workflow
    (one approval task for the Éditeurs) on the home page. Idempotent."""
    existing = {
        g.name: g for g in Group.objects.filter(name__in=[COMMUNICANTS, EDITEURS])
    }
    if len(existing) == 2 and Workflow.objects.filter(name=REVIEW_WORKFLOW).exists():
        return existing
    home = home_page()
    root_collection = Collection.get_first_root_node()
    groups = {}
    for name in (COMMUNICANTS, EDITEURS):
        group, _created = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(*(_permission(*p) for p in ROLE_MODEL_PERMISSIONS[name]))
        for codename in ROLE_PAGE_PERMISSIONS[name]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=home, permission=_permission("wagtailcore", codename)
            )
        for app_label, codename in ROLE_COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=_permission(app_label, codename),
            )
    task, _created = GroupApprovalTask.objects.get_or_create(name=REVIEW_TASK)
    task.groups.set([groups[EDITEURS]])
    workflow, _created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return groups


def editorial_group(name):
    """One of the editorial groups (COMMUNICANTS or EDITEURS), built if needed."""
    return editorial_roles()[name]


def make_user(username, group=None, **fields):
    """A user with password "x", in the editorial `group` if one is named."""
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="x", **fields
    )
    if group:
        user.groups.add(editorial_group(group))
    return user


class ApprovedDaysWait:
    """Test case mixin: an approved day stays offline until "Programmer la
    semaine" schedules it (campaign.publishing.workflows.finish_workflow), as
    on a site that sets WAGTAIL_FINISH_WORKFLOW_ACTION to it (persev does).
    Wagtail reads that setting once, when WorkflowState is defined, so
    override_settings cannot: patch it for the class, fixtures included."""

    @classmethod
    def setUpClass(cls):
        cls.enterClassContext(
            mock.patch.object(WorkflowState, "on_finish", finish_workflow)
        )
        super().setUpClass()


# -- raw StreamField blocks ({"type", "value"}, as stored) --------------------------


def action(title, establishments, description="", url=""):
    return {
        "title": title,
        "establishments": [e.pk for e in establishments],
        "description": description,
        "url": url,
    }


def actions_block(*actions, heading=DEFAULT_ACTIONS_HEADING):
    return {"type": "actions", "value": {"heading": heading, "actions": list(actions)}}


def zoom_block(title, body):
    return {"type": "zoom", "value": {"title": title, "body": body}}


def resource_link(title, url="", page=None, document=None, source=""):
    return {
        "title": title,
        "url": url,
        "page": page.pk if page else None,
        "document": document.pk if document else None,
        "image": None,
        "source": source,
    }


def resources_block(*links, heading=DEFAULT_RESOURCES_HEADING):
    return {"type": "resources", "value": {"heading": heading, "links": list(links)}}


def partnership_block(body, heading=DEFAULT_PARTNERSHIP_HEADING):
    return {"type": "partnership", "value": {"heading": heading, "body": body}}


def text_block(html):
    return {"type": "text", "value": html}


# -- database snapshots -------------------------------------------------------------


def db_counts():
    """What an import may write: compare before/after to prove it wrote nothing."""
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "establishments": Establishment.objects.count(),
    }


# -- import files ---------------------------------------------------------------------


def write_document(directory, name, document):
    """Write an interchange document as the exporter does (2-space indent,
    UTF-8); return its path as a string and its text."""
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    path = Path(directory) / name
    path.write_text(text, encoding="utf-8")
    return str(path), text


def line_number(text, needle, after=None):
    """1-based line of the first `needle` in `text` (after the first `after`)."""
    start = text.index(after) if after else 0
    return text.count("\n", 0, text.index(needle, start)) + 1
