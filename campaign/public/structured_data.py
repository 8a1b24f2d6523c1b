"""What the public pages tell search engines and social networks: the
schema.org `Event` of each day (JSON-LD) and the sharing metadata
(canonical URL, OpenGraph, Twitter card)."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from campaign.models import CampaignDayPage, CampaignPage

# As django.utils.html.json_script: the JSON can't close its <script>.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
DESCRIPTION_WORDS = 40


def json_ld(data):
    """`data` as a <script type="application/ld+json"> element, safe in HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=None)
    text = text.translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def site_name():
    return getattr(settings, "WAGTAIL_SITE_NAME", "")


def day_description(day, campaign):
    zoom = day.zoom_title()
    if zoom:
        return _("Zoom of the day: %(zoom)s") % {"zoom": zoom}
    return campaign_description(campaign)


def campaign_description(campaign):
    return Truncator(" ".join(strip_tags(campaign.intro or "").split())).words(
        DESCRIPTION_WORDS
    )


def day_event(day, campaign, request=None):
    """The schema.org Event of a day: it starts when the day goes live."""
    organizer = _("%(region)s academic region") % {"region": campaign.region}
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": f"{campaign.title} — {day.title}",
        "startDate": campaign.day_go_live_at(day.date).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode",
        "inLanguage": pgettext("schema.org inLanguage, a BCP 47 tag", "en-US"),
        "url": day.get_full_url(request),
        "description": day_description(day, campaign),
        "location": {
            "@type": "Place",
            "name": organizer,
            "address": {
                "@type": "PostalAddress",
                "addressRegion": campaign.region,
                "addressCountry": "FR",
            },
        },
        "organizer": {"@type": "Organization", "name": organizer},
        "superEvent": {
            "@type": "Event",
            "name": campaign.title,
            "startDate": campaign.start_date.isoformat(),
            "endDate": campaign.end_date.isoformat(),
            "url": campaign.get_full_url(request),
        },
    }


def page_share(page, request=None):
    """Title, description and absolute URL of a Wagtail page, for sharing."""
    specific = page.specific
    description = page.search_description
    if not description and isinstance(specific, CampaignDayPage):
        campaign = specific.campaign
        description = day_description(specific, campaign) if campaign else ""
    elif not description and isinstance(specific, CampaignPage):
        description = campaign_description(specific)
    return {
        "title": page.seo_title or page.title,
        "description": description,
        "url": page.get_full_url(request),
        "type": "article" if isinstance(specific, CampaignDayPage) else "website",
    }
