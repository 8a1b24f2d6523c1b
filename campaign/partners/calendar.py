"""The week of a campaign as an iCalendar file (RFC 5545), for subscription.

One event per LIVE day (a day appears in the calendar once it is online):
summary "ZOOM du jour : <title>" (the day's title when it has no zoom), the
day's public URL, and its date.

Choice: all-day events (DTSTART;VALUE=DATE). A day's content belongs to the
whole date in Europe/Paris; an all-day event stays on that date in every
calendar, where an event at the go-live time (08:00 Paris) would move to the
previous evening for a reader overseas (La Réunion, Canada…). The go-live time
is given in the description, and the calendar says X-WR-TIMEZONE:Europe/Paris.

UID: `day-<page id>@<site hostname>`, stable across edits and unique across
installations (campaign.partners.identifiers).
"""

import datetime as dt

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from campaign.conf import get_config
from campaign.models import CampaignDayPage
from campaign.partners import caching, identifiers
from campaign.partners.feeds import feed_version, get_campaign_or_404

PRODID = "-//Semaine de la Persévérance Scolaire//persev//FR"


def event_summary(day):
    zoom = day.zoom_title()
    return _("Zoom of the day: %(zoom)s") % {"zoom": zoom} if zoom else day.title


def build_calendar(campaign, request=None):
    """The iCalendar object of a campaign's live days."""
    tz_name = get_config()["TIME_ZONE"]
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", campaign.title)
    calendar.add("x-wr-timezone", tz_name)
    calendar.add(
        "x-wr-caldesc", _("The days of the %(title)s.") % {"title": campaign.title}
    )
    now = timezone.now()
    go_live = campaign.go_live_time.strftime("%H:%M")
    hostname = identifiers.site_hostname(campaign, request)
    for day in CampaignDayPage.objects.public_of(campaign):
        url = day.get_full_url(request)
        event = Event()
        # Calendars match events by UID: stable across edits, unique across
        # installations (campaign.partners.identifiers).
        event.add("uid", identifiers.day_uid(day, hostname))
        event.add("dtstamp", now)
        event.add("dtstart", day.date)
        event.add("dtend", day.date + dt.timedelta(days=1))
        event.add("summary", event_summary(day))
        event.add(
            "description",
            _("%(day)s — %(campaign)s. Online at %(time)s (Paris time): %(url)s")
            % {
                "day": day.title,
                "campaign": campaign.title,
                "time": go_live,
                "url": url,
            },
        )
        event.add("url", url)
        event.add("transp", "TRANSPARENT")
        if day.last_published_at:
            event.add("last-modified", day.last_published_at)
        calendar.add_component(event)
    return calendar


@caching.conditional_view(feed_version, caching.FEED_MAX_AGE)
def ical(request, slug):
    campaign = get_campaign_or_404(request, slug)
    response = HttpResponse(
        build_calendar(campaign, request).to_ical(),
        content_type="text/calendar; charset=utf-8",
    )
    response.headers["Content-Disposition"] = f'inline; filename="{slug}.ics"'
    return response
