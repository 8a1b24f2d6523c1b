"""What partner sites and headless clients see of the campaigns.

One shape for the API, the feeds, the calendar and the widget, given the
live, public campaigns and days that the models' read queries return
(CampaignPage.objects.public_for, CampaignDayPage.objects.public_of). Days
are shaped as the `persev-day/1` interchange format (`day_to_dict`),
enriched for display: absolute URLs, establishments with their académie,
image renditions. Also here: the partner filters of days, and the version
of an answer (its HTTP validators).
"""

import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import Count, Max
from wagtail.models import PageLogEntry

from campaign.authoring.exporter import PublicLinkResolver
from campaign.authoring.interchange.day_json import (
    Export,
    campaign_to_dict,
    day_to_dict,
)
from campaign.models import Establishment
from campaign.reference.regions import academie_of

IMAGE_RENDITION = "max-800x600"


def image_dict(image, request=None):
    """An image as partners get it: a rendition, at an absolute address."""
    rendition = image.get_rendition(IMAGE_RENDITION)
    url = rendition.url
    if not urlsplit(url).scheme:
        url = request.build_absolute_uri(url) if request else rendition.full_url
    return {
        "url": url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.default_alt_text or "",
    }


def campaign_dict(campaign, request=None, resolver=None):
    data = campaign_to_dict(campaign, resolver or PublicLinkResolver(request))
    data["id"] = campaign.pk
    data["url"] = campaign.get_full_url(request)
    return data


class ApiExport(Export):
    """What the blocks ask when they leave for the API (see
    campaign.blocks.kind.ExportContext): public links only, establishments
    with their académie, images as renditions."""

    def __init__(self, resolver, request=None, day=None):
        super().__init__(resolver, resolver.url_of, day)
        self.request = request

    def establishment(self, establishment):
        return establishment.as_dict(full=True)

    def image(self, image):
        return image_dict(image, self.request)


def day_dict(day, campaign, request=None, resolver=None):
    """A day for display: `persev-day/1` plus ids, URLs and expanded
    references (each block's `to_api`)."""
    resolver = resolver or PublicLinkResolver(request)
    out = ApiExport(resolver, request, day)
    data = day_to_dict(day, campaign, resolver, out=out, api=True)
    data["campaign"]["id"] = campaign.pk
    data["campaign"]["url"] = campaign.get_full_url(request)
    data["id"] = day.pk
    data["url"] = day.get_full_url(request)
    data["title"] = day.title
    data["last_published_at"] = day.last_published_at
    # Keep the key order of the interchange format, ids first.
    ordered = {"id": data.pop("id"), "url": data.pop("url")}
    ordered.update(data)
    return ordered


# -- filters ------------------------------------------------------------------------


def prefetch_bodies(days):
    """`days` as a list, their bodies converted together: one query per kind of
    chosen object (establishments, pages, documents…) for all of them, instead
    of one per day when each body is read in turn (listings, feeds)."""
    days = list(days)
    if len(days) > 1:
        stream_block = days[0]._meta.get_field("body").stream_block
        bodies = stream_block.bulk_to_python([list(day.body.raw_data) for day in days])
        for day, body in zip(days, bodies, strict=True):
            day.body = body
    return days


def filter_days(days, department=None, academie=None, kind=None):
    """Days with at least one action of an establishment of `department`,
    `academie` and `kind` (all that are given, on the same establishment)."""
    days = list(days)
    if not (department or academie or kind):
        return days
    wanted = Establishment.objects.all()
    if department:
        wanted = wanted.filter(department=department)
    if kind:
        wanted = wanted.filter(kind=kind)
    kept_ids = set()
    for pk, dep in wanted.values_list("pk", "department"):
        if academie and academie_of(dep) != academie:
            continue
        kept_ids.add(pk)
    return [day for day in days if day.establishment_ids() & kept_ids]


# -- versions (HTTP validators) -----------------------------------------------------


@dataclass(frozen=True)
class Version:
    """What an HTTP answer depends on: an ETag and a Last-Modified date."""

    etag: str
    last_modified: object  # aware datetime or None


REMOVAL_ACTIONS = [
    "wagtail.unpublish",
    "wagtail.unpublish.scheduled",
    "wagtail.delete",
    "wagtail.move",
]


def content_version(*page_querysets, extra=""):
    """The version of an answer built from these pages and the establishments.

    The ETag changes whenever a page is published, unpublished or appears
    (the set of ids and their publication times is hashed), or an
    establishment is edited; `extra` adds what else the answer depends on
    (query parameters, today's date…). Last-Modified is the latest of those
    times.
    """
    digest = hashlib.sha256(extra.encode())
    latest = None
    for queryset in page_querysets:
        rows = queryset.order_by("pk").values_list("pk", "last_published_at")
        for pk, published in rows:
            digest.update(
                f"{pk}:{published.isoformat() if published else ''};".encode()
            )
            if published and (latest is None or published > latest):
                latest = published
        digest.update(b"|")
    # Their count as well as the newest id: deleting one that is not the
    # newest changes the answers too.
    establishments = Establishment.objects.aggregate(
        changed=Max("updated_at"), newest=Max("pk"), count=Count("pk")
    )
    changed = establishments["changed"]
    digest.update(
        f"{changed.isoformat() if changed else ''}:{establishments['newest']}:"
        f"{establishments['count']}".encode()
    )
    if changed and (latest is None or changed > latest):
        latest = changed
    # A page taken down leaves the querysets above: its removal time keeps
    # Last-Modified moving forward, so If-Modified-Since never gets a stale 304.
    removed = PageLogEntry.objects.filter(action__in=REMOVAL_ACTIONS).aggregate(
        at=Max("timestamp")
    )["at"]
    digest.update(f"|{removed.isoformat() if removed else ''}".encode())
    if removed and (latest is None or removed > latest):
        latest = removed
    return Version(etag=digest.hexdigest()[:32], last_modified=latest)
