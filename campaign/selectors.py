"""Read-side queries of the campaign app: what the public sees, and when."""

from django.utils import timezone

from campaign.dates import campaign_timezone


def today():
    """Today's date in the campaign's time zone (Europe/Paris)."""
    return timezone.localdate(timezone=campaign_timezone())


def live_campaigns(root=None):
    """Published, public campaigns (under `root` when given), latest first."""
    from campaign.models import CampaignPage

    campaigns = CampaignPage.objects.live().public()
    if root is not None:
        campaigns = campaigns.descendant_of(root)
    return campaigns.order_by("-start_date")


def featured(root=None, on=None):
    """What a home page puts forward on date `on` (today by default).

    Returns a dict with:
    - "campaign": the current campaign, else the next one, else the last one;
    - "day": that campaign's live day of the date, else its last live day;
    - "is_today": whether "day" is the day of the date.
    """
    from campaign.models import CampaignDayPage

    on = on or today()
    campaigns = live_campaigns(root)
    campaign = (
        campaigns.filter(start_date__lte=on, end_date__gte=on).first()
        or campaigns.filter(start_date__gt=on).order_by("start_date").first()
        or campaigns.filter(end_date__lt=on).first()
    )
    if campaign is None:
        return {"campaign": None, "day": None, "is_today": False}
    days = CampaignDayPage.objects.child_of(campaign).live().public()
    day = days.filter(date=on).first()
    is_today = day is not None
    if day is None:
        day = days.filter(date__lte=on).order_by("-date").first()
    return {"campaign": campaign, "day": day, "is_today": is_today}
