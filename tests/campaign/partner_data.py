"""Shared data of the partner-endpoint tests (API, feeds, widget, CORS, preview):
the demo week, plus days that must never show."""

import datetime as dt

from django.utils import timezone

from campaign.authoring.demo import load_demo
from tests.builders import (
    DEMO_SLUG,
    add_campaign,
    add_day,
    zoom_block,
)

MONDAY = dt.date(2021, 2, 1)
TUESDAY = dt.date(2021, 2, 2)
WEDNESDAY = dt.date(2021, 2, 3)
THURSDAY = dt.date(2021, 2, 4)
HIDDEN = "SECRET-EMBARGO"


def api(path=""):
    return f"/api/v3/campaigns/{path}"


def load_week():
    """The demo campaign (Monday and Tuesday live), a draft Wednesday, a
    Thursday scheduled for the future, and a live day under an unpublished
    campaign. Every hidden day's zoom title contains HIDDEN."""
    from campaign.models import CampaignPage

    load_demo()
    campaign = CampaignPage.objects.get(slug=DEMO_SLUG)
    draft = add_day(
        campaign, WEDNESDAY, [zoom_block(f"{HIDDEN} brouillon", "<p>x</p>")], live=False
    )
    scheduled = add_day(
        campaign,
        THURSDAY,
        [zoom_block(f"{HIDDEN} programmée", "<p>x</p>")],
        live=False,
    )
    scheduled.go_live_at = timezone.now() + dt.timedelta(days=3650)
    scheduled.save_revision().publish()
    scheduled.refresh_from_db()
    assert not scheduled.live
    hidden_campaign = add_campaign(
        slug="campagne-cachee", title=f"Campagne {HIDDEN}", live=False
    )
    orphan = add_day(
        hidden_campaign, MONDAY, [zoom_block(f"{HIDDEN} sous campagne", "<p>x</p>")]
    )
    return {
        "campaign": campaign,
        "draft": draft,
        "scheduled": scheduled,
        "hidden_campaign": hidden_campaign,
        "orphan": orphan,
    }
