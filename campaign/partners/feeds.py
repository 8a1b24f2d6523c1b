"""Feeds of a campaign: RSS 2.0 and Atom (Django's syndication framework) and
JSON Feed 1.1. One entry per live day, newest first, with its full content.

Only live, public days of a live, public campaign are listed (see
campaign.partners.headless), so a day never appears before its go-live.
"""

from typing import NamedTuple

from django.contrib.syndication.views import Feed
from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from campaign.models import CampaignDayPage, CampaignPage
from campaign.partners import caching, headless

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
        raise Http404("Aucune campagne publiée à cette adresse.")
    return campaign


class Entry(NamedTuple):
    day: object  # the live CampaignDayPage
    data: dict  # headless.day_dict()
    html: str  # full content
    campaign: object


def feed_entries(campaign, request):
    """The live days of `campaign`, newest first, as Entry tuples."""
    resolver = headless.PublicLinkResolver(request)
    days = headless.prefetch_bodies(
        CampaignDayPage.objects.public_of(campaign).order_by("-date")[:FEED_SIZE]
    )
    entries = []
    for day in days:
        data = headless.day_dict(day, campaign, request, resolver)
        html = render_to_string(
            "campaign/feeds/day_content.html", {"day": data}, request=request
        )
        entries.append(Entry(day, data, html, campaign))
    return entries


def entry_title(day):
    zoom = day.zoom_title()
    return f"{day.title} — ZOOM du jour : {zoom}" if zoom else day.title


class DayRssFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "fr"

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
        return (
            f"Chaque journée de la {campaign.title}, région académique "
            f"{campaign.region}, dès sa mise en ligne."
        )

    subtitle = description

    def feed_url(self, campaign):
        return campaign.feed_request.build_absolute_uri()

    def items(self, campaign):
        return feed_entries(campaign, campaign.feed_request)

    def item_title(self, item):
        return entry_title(item.day)

    def item_description(self, item):
        return item.html

    def item_link(self, item):
        return item.data["url"]

    def item_guid(self, item):
        return item.data["url"]

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.day.first_published_at or item.day.last_published_at

    def item_updateddate(self, item):
        return item.day.last_published_at

    def item_categories(self, item):
        return [item.campaign.title]


class DayAtomFeed(DayRssFeed):
    feed_type = Atom1Feed

    def description(self, campaign):  # Atom: <subtitle> only
        return None


def json_feed(request, slug):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    campaign = get_campaign_or_404(request, slug)
    items = []
    for day, data, html, _campaign in feed_entries(campaign, request):
        published = day.first_published_at or day.last_published_at
        item = {
            "id": data["url"],
            "url": data["url"],
            "title": entry_title(day),
            "content_html": html,
            "date_published": published.isoformat() if published else None,
            "date_modified": day.last_published_at.isoformat()
            if day.last_published_at
            else None,
            "tags": [campaign.title],
            "language": "fr",
        }
        items.append({k: v for k, v in item.items() if v is not None})
    feed = {
        "version": JSON_FEED_VERSION,
        "title": campaign.title,
        "home_page_url": campaign.get_full_url(request),
        "feed_url": request.build_absolute_uri(
            reverse("campaign:json_feed", kwargs={"slug": slug})
        ),
        "description": f"Chaque journée de la {campaign.title}, dès sa mise en ligne.",
        "language": "fr",
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
