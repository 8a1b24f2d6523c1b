"""Run inside the host site's own virtualenv (not this repository's): check
that the demo campaign works there. Prints a JSON report; exit status 1 if
anything failed.

    python verify.py <site_dir> <project> <examples_dir>
"""

import datetime as dt
import json
import os
import sys
from pathlib import Path

site_dir, project, examples_dir = sys.argv[1:4]
sys.path.insert(0, site_dir)
os.environ["DJANGO_SETTINGS_MODULE"] = f"{project}.settings.dev"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from wagtail.users.models import UserProfile  # noqa: E402

from campaign.models import CampaignDayPage, CampaignPage  # noqa: E402

setup_test_environment()
failures = []
checked = []

DSFR_CORE = "/static/dsfr/dist/core/core.main.min.css"
CAMPAIGN_CSS = "/static/campaign/css/campaign.css"
# What changes from one site to another: database ids and absolute addresses.
VOLATILE = {"id", "url", "html_url", "detail_url", "days_url", "feeds"}


def expect(condition, what):
    checked.append(what)
    if not condition:
        failures.append(what)


def get(client, path, status=200):
    response = client.get(path)
    expect(response.status_code == status, f"GET {path} → {response.status_code}")
    return response


def differences(left, right, where="$"):
    """Where two JSON values differ, as a list of "path: left != right"."""
    if isinstance(left, dict) and isinstance(right, dict):
        found = []
        for key in sorted(set(left) | set(right)):
            found += differences(left.get(key), right.get(key), f"{where}.{key}")
        return found
    if isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        found = []
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            found += differences(a, b, f"{where}[{index}]")
        return found
    return [] if left == right else [f"{where}: {left!r:.200} != {right!r:.200}"]


def projected(value, shape):
    """`value` cut to the keys of `shape`: the API adds derived fields (an
    establishment's académie, a day's title and publication time) to the
    interchange format of the examples; every field of theirs must be there,
    with the same value."""
    if isinstance(value, dict) and isinstance(shape, dict):
        return {k: projected(value.get(k), v) for k, v in shape.items()}
    if isinstance(value, list) and isinstance(shape, list) and len(value) == len(shape):
        return [projected(a, b) for a, b in zip(value, shape, strict=True)]
    return value


def normalised(value):
    if isinstance(value, dict):
        return {k: normalised(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [normalised(item) for item in value]
    return value


anonymous = Client()
campaign = CampaignPage.objects.live().get()
days = list(CampaignDayPage.objects.live().child_of(campaign).order_by("date"))
expect(len(days) >= 2, "the demo has its days")

html = get(anonymous, campaign.url).content.decode()
for needle in (
    DSFR_CORE,
    CAMPAIGN_CSS,
    'type="application/rss+xml"',
    'rel="canonical"',
):
    expect(needle in html, f"campaign page has {needle}")
for day in days:
    html = get(anonymous, day.url).content.decode()
    for needle in (DSFR_CORE, CAMPAIGN_CSS, "application/ld+json", day.title):
        expect(needle in html, f"day {day.date} page has {needle}")
    head = html.split("</head>")[0]
    for name in ("flux.rss", "flux.atom", "flux.json", "semaine.ics"):
        link = f'href="/campagnes/{campaign.slug}/{name}"'
        expect(link in head, f"day {day.date} page links {name} in <head>")

api_days = get(anonymous, f"/api/v3/campaigns/{campaign.slug}/days/").json()["items"]
by_date = {day["date"]: day for day in api_days}
examples = sorted(Path(examples_dir).glob("*.json"))
expect(bool(examples), f"examples in {examples_dir}")
for path in examples:
    example = json.loads(path.read_text(encoding="utf-8"))
    day = by_date.get(example["date"])
    expect(day is not None, f"API has the day of {path.name}")
    if day is not None:
        example = normalised(example)
        found = differences(projected(normalised(day), example), example)
        expect(
            not found,
            f"API day {example['date']} equals {path.name}: " + "; ".join(found[:10]),
        )

for name, content_type in (
    ("flux.rss", "application/rss+xml"),
    ("flux.atom", "application/atom+xml"),
    ("flux.json", "application/feed+json"),
    ("semaine.ics", "text/calendar"),
):
    response = get(anonymous, f"/campagnes/{campaign.slug}/{name}")
    expect(
        response["Content-Type"].startswith(content_type),
        f"{name} is {content_type} ({response['Content-Type']})",
    )
    expect(
        # The title's first word ("Monday," in English: iCalendar escapes
        # the comma).
        days[0].title.split()[0].rstrip(",") in response.content.decode(),
        f"{name} has the days",
    )

# The widget a partner pastes, and the page of every action.
response = get(anonymous, f"/campagnes/{campaign.slug}/widget.js")
expect(
    "javascript" in response["Content-Type"]
    and days[-1].title in response.content.decode(),
    "widget.js shows the latest day",
)
response = get(anonymous, f"/campagnes/{campaign.slug}/widget/")
expect(
    days[-1].title in response.content.decode(), "the widget frame shows the latest day"
)
get(anonymous, f"/campagnes/{campaign.slug}/actions/")

admin = Client()
user, _ = get_user_model().objects.get_or_create(
    username="verify-admin",
    defaults={"is_superuser": True, "is_staff": True, "email": "a@example.org"},
)
admin.force_login(user)
for path in (
    "/admin/",
    f"/admin/pages/{campaign.pk}/",
    f"/admin/pages/{campaign.pk}/edit/",
    f"/admin/pages/{days[0].pk}/edit/",
    f"/admin/pages/add/campaign/campaigndaypage/{campaign.pk}/",
    reverse("campaign_admin:import_newsletter", args=[campaign.pk]),
    reverse("campaign_admin:schedule_week", args=[campaign.pk]),
    reverse("campaign_admin:next_edition", args=[campaign.pk]),
    reverse("wagtailsnippets_campaign_establishment:list"),
):
    get(admin, path)

# The site is English (LANGUAGE_CODE "en-us"): so is the plugin's admin.
for path, words in (
    (f"/admin/pages/{campaign.pk}/edit/", "Publication of the week"),
    (
        reverse("campaign_admin:import_newsletter", args=[campaign.pk]),
        "Newsletter file",
    ),
    (reverse("campaign_admin:schedule_week", args=[campaign.pk]), "Schedule the week"),
    (
        reverse("campaign_admin:next_edition", args=[campaign.pk]),
        "Date shift (in days)",
    ),
    (reverse("wagtailsnippets_campaign_establishment:list"), "Add an establishment"),
):
    html = get(admin, path).content.decode()
    expect(words in html, f"{path} reads English ({words!r})")

# An editor who chose French reads the plugin's admin in French: the
# catalogue is in the wheel (a French site sets LANGUAGE_CODE = "fr").
french_user, _ = get_user_model().objects.get_or_create(
    username="verify-admin-fr",
    defaults={"is_superuser": True, "is_staff": True, "email": "fr@example.org"},
)
profile = UserProfile.get_for_user(french_user)
profile.preferred_language = "fr"
profile.save()
french = Client()
french.force_login(french_user)
html = get(french, reverse("campaign_admin:schedule_week", args=[campaign.pk])).content
expect("Programmer la semaine" in html.decode(), "the admin reads French in French")

# "Programmer la semaine": a new day, approved by Wagtail's moderation
# workflow, waits (WAGTAIL_FINISH_WORKFLOW_ACTION) until the éditeur
# schedules the week; its time has passed, so it goes live at once.
taken = {day.date for day in CampaignDayPage.objects.child_of(campaign)}
free = next(
    campaign.start_date + dt.timedelta(days=n)
    for n in range((campaign.end_date - campaign.start_date).days + 1)
    if campaign.start_date + dt.timedelta(days=n) not in taken
)
new_day = CampaignDayPage(title="", date=free, body=days[0].body.raw_data, live=False)
campaign.add_child(instance=new_day)
new_day.save_revision(user=user)
workflow = new_day.get_workflow()
expect(workflow is not None, "wagtail start's moderation workflow applies to days")
if workflow is not None:
    state = workflow.start(new_day, user)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, user, "approve")
    new_day.refresh_from_db()
    expect(not new_day.live, "an approved day waits for Programmer la semaine")
    response = admin.post(reverse("campaign_admin:schedule_week", args=[campaign.pk]))
    expect(response.status_code == 302, f"schedule the week → {response.status_code}")
    new_day.refresh_from_db()
    expect(new_day.live, "Programmer la semaine published the approved day")

print(json.dumps({"checked": len(checked), "failures": failures}, ensure_ascii=False))
sys.exit(1 if failures else 0)
