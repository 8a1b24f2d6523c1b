"""Editions over the years: next year's campaign from this year's one.

The copy keeps the structure and the texts (campaign fields, partners, each
day's body) and shifts every date by an offset (364 days by default: same
weekdays, one year later). The new campaign and its days are drafts, never
scheduled; all of it happens in one transaction.
"""

import datetime as dt
import re

from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import slugify
from wagtail.models import Page

from campaign.models import CampaignDayPage
from campaign.reference.dates import slug_following_date, title_following_date

DEFAULT_OFFSET = 364


def suggested_title(campaign, offset_days=DEFAULT_OFFSET):
    """The campaign's title with its year moved by the offset ("… 2021" → "… 2022")."""
    old_year = str(campaign.start_date.year)
    new_year = str((campaign.start_date + dt.timedelta(days=offset_days)).year)
    if re.search(rf"\b{old_year}\b", campaign.title):
        return re.sub(rf"\b{old_year}\b", new_year, campaign.title)
    return f"{campaign.title} {new_year}"


def suggested_slug(campaign, offset_days=DEFAULT_OFFSET):
    """The campaign's slug with its year moved by the offset, so the editions
    keep one pattern ("semaine-perseverance-scolaire-2021" → "…-2022"); from
    the suggested title when the slug has no year."""
    old_year = str(campaign.start_date.year)
    new_year = str((campaign.start_date + dt.timedelta(days=offset_days)).year)
    if re.search(rf"(?<![0-9]){old_year}(?![0-9])", campaign.slug):
        return re.sub(rf"(?<![0-9]){old_year}(?![0-9])", new_year, campaign.slug)
    return slugify(suggested_title(campaign, offset_days))


# The campaign's own texts, copied as they are into the next edition.
COPIED_TEXTS = ("intro", "closing", "credits")


def texts_naming_the_year(campaign, year):
    """The labels of the campaign's copied texts that still name `year`
    (a copied "Du 1er au 5 février 2021…"): to reread."""
    pattern = re.compile(rf"(?<![0-9]){year}(?![0-9])")
    return [
        str(campaign._meta.get_field(name).verbose_name)
        for name in COPIED_TEXTS
        # The text a reader sees, not the markup (ids, link addresses).
        if pattern.search(strip_tags(getattr(campaign, name) or ""))
    ]


def slug_is_free(campaign, slug):
    """Whether a sibling of the campaign could take this slug."""
    return Page._slug_is_available(slug, campaign.get_parent())


@transaction.atomic
def create_next_edition(campaign, *, title, slug, offset_days, user=None):
    """Copy `campaign` and its days as drafts, dates shifted by `offset_days`.

    Returns the new campaign. Raises (and writes nothing) when anything fails.
    """
    delta = dt.timedelta(days=offset_days)
    new = campaign.copy(
        recursive=True,
        keep_live=False,
        copy_revisions=False,
        user=user,
        update_attrs={
            "title": title,
            "draft_title": title,
            "slug": slug,
            "start_date": campaign.start_date + delta,
            "end_date": campaign.end_date + delta,
            "go_live_at": None,
            "expire_at": None,
        },
    ).specific
    for day in CampaignDayPage.objects.child_of(new).order_by("-date"):
        shift_day(day, delta, user)
    new.save_revision(user=user, log_action=True)
    return new


def shift_day(day, delta, user=None):
    """Move a copied day by `delta`; its date written in its title and its
    slug follows it ("Mercredi 3 février : le tutorat" → "Mercredi 2 février :
    le tutorat"), as when an editor changes a day's date
    (campaign/admin/forms.py)."""
    old_date = day.date
    day.date = old_date + delta
    day.title = title_following_date(day.title, old_date, day.date)
    day.draft_title = day.title
    day.slug = slug_following_date(day.slug, old_date, day.date)
    day.go_live_at = None
    day.expire_at = None
    day.save()
    day.save_revision(user=user, log_action=True)
