"""Which addresses a change touches, for the edge cache (purger.py).

A `Targets` is two lists of absolute URLs:

- `refresh`: the pages fetched again and stored in place, hottest first
  (the day that changed, its campaign, the home page, the API's day…): at
  08:00 they are the ones readers arrive on, and the old copy is served
  until the new one is stored;
- `prefixes`: the paths under which every stored copy is dropped at once
  (the campaign's other days and their API answers: each shows the others
  in its navigation, but the readers of 08:00 go to the new one;
  establishment pages, read now and then; the whole site when a setting, a
  site, an image or a redirect changed): the next reader of each has it
  rendered, once (Varnish coalesces the others onto that fetch).

A campaign's addresses refreshed: the changed day and its API answer, the
campaign page, the home page, the API's days and campaigns lists, the
actions page, feeds (RSS, Atom, JSON), calendar, widget (script and frame),
sitemap.xml; dropped: its other days and their API answers.
"""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from wagtail.models import Page, Site

from campaign.models import CampaignDayPage, CampaignPage

API_NAMESPACE = "wagtailapi_v3"
# The campaign's partner endpoints (campaign/urls.py), besides its actions page.
CAMPAIGN_ROUTES = (
    "actions",
    "rss",
    "atom",
    "json_feed",
    "ical",
    "widget_js",
    "widget_frame",
)
# Wagtail's own API: its answers follow every page; one prefix.
WAGTAIL_API_PREFIX = "/api/v3/pages/"


@dataclass
class Targets:
    refresh: list = field(default_factory=list)
    prefixes: list = field(default_factory=list)

    def add(self, url):
        if url and url not in self.refresh:
            self.refresh.append(url)

    def add_prefix(self, url):
        if url and url not in self.prefixes:
            self.prefixes.append(url)

    def __bool__(self):
        return bool(self.refresh or self.prefixes)


def _root_url(page=None):
    site = page.get_site() if page is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else None


def _absolute(root, name, **kwargs):
    try:
        return root + reverse(name, kwargs=kwargs)
    except NoReverseMatch:  # the host did not mount that route
        return None


def establishments_prefix():
    path = reverse("campaign:establishment", kwargs={"pk": 1, "slug": "x"})
    return path[: path.rindex("1-x/")]


def add_campaign(targets, campaign, changed_day=None):
    """The campaign's addresses, the changed day first."""
    root = _root_url(campaign)
    if root is None:
        return
    api = f"{API_NAMESPACE}:campaign_api_"
    days = list(CampaignDayPage.objects.child_of(campaign).live().order_by("date"))
    if changed_day is not None:
        days = [day for day in days if day.pk != changed_day.pk]
        targets.add(changed_day.get_full_url())
        targets.add(
            _absolute(
                root, api + "day", slug=campaign.slug, date=changed_day.date.isoformat()
            )
        )
    targets.add(campaign.get_full_url())
    targets.add(root + "/")
    targets.add(_absolute(root, api + "days", slug=campaign.slug))
    for name in CAMPAIGN_ROUTES:
        targets.add(_absolute(root, f"campaign:{name}", slug=campaign.slug))
    targets.add(_absolute(root, api + "list"))
    for day in days:
        targets.add_prefix(day.get_full_url())
        targets.add_prefix(
            _absolute(root, api + "day", slug=campaign.slug, date=day.date.isoformat())
        )


def add_site_wide(targets, root):
    targets.add(root + "/")
    targets.add(root + reverse("sitemap"))
    targets.add_prefix(root + establishments_prefix())
    targets.add_prefix(root + WAGTAIL_API_PREFIX)


def for_page(page):
    """A page went live, was taken down, moved or renamed."""
    targets = Targets()
    page = page.specific_deferred
    if isinstance(page, CampaignDayPage):
        campaign = CampaignPage.objects.filter(pk=page.get_parent().pk).first()
        if campaign is not None:
            add_campaign(targets, campaign, changed_day=page)
    elif isinstance(page, CampaignPage):
        add_campaign(targets, page)
    else:
        targets.add(page.get_full_url())
    root = _root_url(page)
    if root:
        add_site_wide(targets, root)
    return targets


def for_campaigns():
    """What the campaigns show changed (an establishment): every live campaign."""
    targets = Targets()
    for campaign in CampaignPage.objects.live().order_by("-first_published_at"):
        add_campaign(targets, campaign)
    root = _root_url()
    if root:
        add_site_wide(targets, root)
    return targets


def everything():
    """A site, a setting, an image, a redirect…: every stored page is dropped,
    the campaigns' pages are refreshed first."""
    targets = for_campaigns()
    for site in Site.objects.all():
        targets.add_prefix(site.root_url + "/")
    return targets


def of(instance):
    """The Targets of a change to `instance` (None: to anything)."""
    if isinstance(instance, Page):
        return for_page(instance)
    if instance is None:
        return everything()
    return for_campaigns()
