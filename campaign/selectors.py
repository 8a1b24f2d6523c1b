"""Read-side queries of the campaign app: what the public sees."""

from campaign.reference import dates


def live_campaigns(root=None):
    """Published, public campaigns (under `root` when given), latest first."""
    from campaign.models import CampaignPage

    campaigns = CampaignPage.objects.live().public()
    if root is not None:
        campaigns = campaigns.descendant_of(root)
    return campaigns.order_by("-start_date")


def site_ancestors(request, page, parent=None):
    """The ancestors of `page` that the breadcrumb shows (its site's home page,
    then `parent` when given), without a query: the site and its home page are
    already loaded for routing. None when `page` is not that close to the home
    page: the breadcrumb then asks the database (page.get_ancestors)."""
    from wagtail.models import Site

    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return None
    home = site.root_page
    chain = [home] if parent is None else [home, parent]
    above = chain[-1]
    if page.depth != above.depth + 1 or not page.path.startswith(above.path):
        return None
    if parent is not None and (
        parent.depth != home.depth + 1 or not parent.path.startswith(home.path)
    ):
        return None
    return chain


def featured(root=None, on=None, campaigns=None):
    """What a home page puts forward on date `on` (today by default).

    Returns a dict with:
    - "campaign": the current campaign, else the next one, else the last one;
    - "day": that campaign's live day of the date, else its last live day;
    - "is_today": whether "day" is the day of the date.

    `campaigns`: the list of live_campaigns(root) when the caller has it already
    (the home page lists them too). Two queries in all (three with .public()'s
    own), whatever the number of campaigns and days.
    """
    from campaign.models import CampaignDayPage

    on = on or dates.today()
    if campaigns is None:
        campaigns = list(live_campaigns(root))  # latest first
    current = [c for c in campaigns if c.start_date <= on <= c.end_date]
    upcoming = sorted(
        (c for c in campaigns if c.start_date > on), key=lambda c: c.start_date
    )
    past = [c for c in campaigns if c.end_date < on]
    campaign = (current or upcoming or past or [None])[0]
    if campaign is None:
        return {"campaign": None, "day": None, "is_today": False}
    # The latest live day up to the date: the day of the date when there is one.
    day = (
        CampaignDayPage.objects.child_of(campaign)
        .live()
        .public()
        .filter(date__lte=on)
        .order_by("-date")
        .first()
    )
    is_today = day is not None and day.date == on
    return {"campaign": campaign, "day": day, "is_today": is_today}
