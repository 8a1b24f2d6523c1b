"""Shared data of the partner-endpoint tests (API, feeds, widget, CORS, preview):
a week built here (or the demo's, for the tests about the demo's API), plus
days that must never show."""

import datetime as dt

from django.utils import timezone

from campaign.authoring.demo import load_demo
from tests.builders import (
    DEMO_SLUG,
    action,
    actions_block,
    add_campaign,
    add_day,
    add_establishment,
    resource_link,
    resources_block,
    zoom_block,
)

MONDAY = dt.date(2021, 2, 1)
TUESDAY = dt.date(2021, 2, 2)
WEDNESDAY = dt.date(2021, 2, 3)
THURSDAY = dt.date(2021, 2, 4)
FRIDAY = dt.date(2021, 2, 5)
HIDDEN = "SECRET-EMBARGO"
WEEK_SLUG = "semaine-des-partenaires"


def api(path=""):
    return f"/api/v3/campaigns/{path}"


def build_week():
    """A live campaign of Nouvelle-Aquitaine, Monday and Tuesday live: a zoom
    and actions in two départements on Monday, a zoom and resources on
    Tuesday."""
    campaign = add_campaign(
        slug=WEEK_SLUG,
        title="Semaine des partenaires",
        region="Nouvelle-Aquitaine",
        start=MONDAY,
        end=FRIDAY,
        intro="<p>Une semaine pour les sites partenaires.</p>",
    )
    bretin = add_establishment("Collège Henri Bretin", "Neuvic", "24")
    jammes = add_establishment("LP Francis Jammes", "Orthez", "64")
    add_day(
        campaign,
        MONDAY,
        [
            zoom_block("Les clauses sociales", "<p>Le zoom du lundi.</p>"),
            actions_block(
                action("Parce que revenir à la base est essentiel", [bretin]),
                action("Des émotions pour une scolarité réussie", [jammes]),
            ),
        ],
    )
    add_day(
        campaign,
        TUESDAY,
        [
            zoom_block("Les réseaux FOQUALE", "<p>Le zoom du mardi.</p>"),
            resources_block(resource_link("Le guide", url="https://example.org/guide")),
        ],
    )
    return campaign


def load_week(demo=False):
    """The week (build_week(), or the demo campaign with `demo`), a draft
    Wednesday, a Thursday scheduled for the future, and a live day under an
    unpublished campaign. Every hidden day's zoom title contains HIDDEN."""
    from campaign.models import CampaignPage

    if demo:
        load_demo()
        campaign = CampaignPage.objects.get(slug=DEMO_SLUG)
    else:
        campaign = build_week()
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
