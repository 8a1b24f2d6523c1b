"""Builders shared by the test modules: the page tree, establishments and raw
StreamField blocks, plus database snapshots for "nothing was written" checks.

Pages are added under the home page that the migrations create (the root of
the default site), as `make run` does; a test class calls these from
`setUpTestData`.
"""

import datetime as dt
import json
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Page, Revision, Site

from campaign.blocks.actions import DEFAULT_ACTIONS_HEADING
from campaign.blocks.partnership import DEFAULT_PARTNERSHIP_HEADING
from campaign.blocks.resources import DEFAULT_RESOURCES_HEADING
from campaign.models import CampaignDayPage, CampaignPage, Establishment

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
