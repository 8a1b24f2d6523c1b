"""Feeds of a campaign: RSS 2.0 and Atom (Django's syndication framework) and
JSON Feed 1.1. One entry per live day, newest first, with its full content.

Only live, public days of a live, public campaign are listed (see
campaign.partners.headless), so a day never appears before its go-live.

Dates. Each entry is published at its day's go-live: the day's date at the
campaign's go-live time, Europe/Paris (`CampaignPage.day_go_live_at`), not
when the page happened to be published, so that a week imported or corrected
all at once still lists in order in a reader. An entry is updated at its
go-live too, unless the day was published again since its first publication
(a correction): then at that later publication.

Identifiers: stable across edits and unique across installations
(campaign.partners.identifiers). The feed's author (Atom requires one, RFC
4287, section 4.1.1) is the campaign's région académique, as in the pages'
JSON-LD.
"""

from typing import NamedTuple

from django.contrib.syndication.views import Feed
from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from campaign.models import CampaignDayPage, CampaignPage
from campaign.partners import caching, headless, identifiers

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
FEED_SIZE = 50


def feed_version(request, slug):
    """The version of a campaign's feeds and calendar (None: no such campaign)."""
    campaign = CampaignPage.objects.find_public(slug, request)
    if campaign is None:
        return None
    return headless.content_version(
        CampaignDayPage.objects.public_of(campaign),
        campaign.__class__.objects.filter(pk=campaign.pk),
        extra=request.get_full_path() + request.get_host(),
    )


def get_campaign_or_404(request, slug):
    campaign = CampaignPage.objects.find_public(slug, request)
    if campaign is None:
        raise Http404(_("No published campaign at this address."))
    return campaign


class Entry(NamedTuple):
    day: object  # the live CampaignDayPage
    data: dict  # headless.day_dict()
    html: str  # full content
    campaign: object
    id: str  # identifiers.day_entry_id()
    published: object  # aware datetime: the day's go-live
    updated: object  # aware datetime


def entry_dates(day, campaign):
    """When the entry of `day` was published and last updated (see the
    module's docstring)."""
    go_live = campaign.day_go_live_at(day.date)
    first, last = day.first_published_at, day.last_published_at
    if first is not None and last is not None and last > first:
        # Written in the campaign's time zone, as the go-live is.
        return go_live, max(go_live, last).astimezone(go_live.tzinfo)
    return go_live, go_live


def feed_author(campaign):
    return _("%(region)s academic region") % {"region": campaign.region}


def feed_entries(campaign, request):
    """The live days of `campaign`, newest first, as Entry tuples."""
    resolver = headless.PublicLinkResolver(request)
    hostname = identifiers.site_hostname(campaign, request)
    days = headless.prefetch_bodies(
        CampaignDayPage.objects.public_of(campaign).order_by("-date")[:FEED_SIZE]
    )
    entries = []
    for day in days:
        data = headless.day_dict(day, campaign, request, resolver)
        html = render_to_string(
            "campaign/feeds/day_content.html", {"day": data}, request=request
        )
        published, updated = entry_dates(day, campaign)
        entry_id = identifiers.day_entry_id(day, hostname)
        entries.append(Entry(day, data, html, campaign, entry_id, published, updated))
    return entries


class DayAtom1Feed(Atom1Feed):
    """Atom with each day's full text in `<content>` (RFC 4287, section
    4.1.3), where Django writes the description as a `<summary>`."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("content", item["description"], {"type": "html"})


def entry_title(day):
    zoom = day.zoom_title()
    if not zoom:
        return day.title
    return _("%(title)s — Zoom of the day: %(zoom)s") % {
        "title": day.title,
        "zoom": zoom,
    }


class DayRssFeed(Feed):
    """The feed's language is the active one (Django's Feed.language None)."""

    feed_type = Rss201rev2Feed

    # One Feed instance serves every request: the request travels on the
    # campaign object, never on `self`.
    def get_object(self, request, slug):
        campaign = get_campaign_or_404(request, slug)
        campaign.feed_request = request
        return campaign

    def title(self, campaign):
        return campaign.title

    def link(self, campaign):
        return campaign.get_full_url(campaign.feed_request)

    def description(self, campaign):
        return _(
            "Every day of the %(title)s, %(region)s academic region, as soon "
            "as it goes online."
        ) % {"title": campaign.title, "region": campaign.region}

    subtitle = description

    def feed_url(self, campaign):
        return campaign.feed_request.build_absolute_uri()

    def feed_guid(self, campaign):
        hostname = identifiers.site_hostname(campaign, campaign.feed_request)
        return identifiers.campaign_feed_id(campaign, hostname)

    def author_name(self, campaign):
        return feed_author(campaign)

    def author_link(self, campaign):
        site = identifiers.page_site(campaign)
        return site.root_url if site else None

    def items(self, campaign):
        return feed_entries(campaign, campaign.feed_request)

    def item_title(self, item):
        return entry_title(item.day)

    def item_description(self, item):
        return item.html

    def item_link(self, item):
        return item.data["url"]

    def item_guid(self, item):
        return item.id

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [item.campaign.title]


class DayAtomFeed(DayRssFeed):
    feed_type = DayAtom1Feed

    def description(self, campaign):  # Atom: <subtitle> only
        return None


def json_feed(request, slug):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    campaign = get_campaign_or_404(request, slug)
    items = []
    for entry in feed_entries(campaign, request):
        items.append(
            {
                "id": entry.id,
                "url": entry.data["url"],
                "title": entry_title(entry.day),
                "content_html": entry.html,
                "date_published": entry.published.isoformat(),
                "date_modified": entry.updated.isoformat(),
                "tags": [campaign.title],
                "language": get_language(),
            }
        )
    site = identifiers.page_site(campaign)
    feed = {
        "version": JSON_FEED_VERSION,
        "title": campaign.title,
        "home_page_url": campaign.get_full_url(request),
        "feed_url": request.build_absolute_uri(
            reverse("campaign:json_feed", kwargs={"slug": slug})
        ),
        "description": _("Every day of the %(title)s, as soon as it goes online.")
        % {"title": campaign.title},
        "authors": [
            {"name": feed_author(campaign), "url": site.root_url}
            if site
            else {"name": feed_author(campaign)}
        ],
        "language": get_language(),
        "items": items,
    }
    return JsonResponse(
        feed,
        content_type="application/feed+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )


rss_feed = caching.conditional_view(feed_version, caching.FEED_MAX_AGE)(DayRssFeed())
atom_feed = caching.conditional_view(feed_version, caching.FEED_MAX_AGE)(DayAtomFeed())
json_feed = caching.conditional_view(feed_version, caching.FEED_MAX_AGE)(json_feed)
