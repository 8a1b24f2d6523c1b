"""Export days in the interchange JSON format (and, through the newsletter
module, in the text format). A day's e-mail is exported by
campaign.publishing.day_email.export_email."""

import json
from functools import cached_property
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from wagtail.admin.utils import get_admin_base_url
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from campaign import visibility
from campaign.authoring.interchange import json_format
from campaign.authoring.interchange.day_json import day_to_dict
from campaign.authoring.interchange.newsletter import write_newsletter
from campaign.models import CampaignDayPage, CampaignPage


class ExportError(Exception):
    """A message saying why nothing could be exported."""


class LinkResolver:
    """Absolute public URLs for internal rich-text links, looked up once each."""

    def __init__(self, request=None):
        self.request = request
        self.cache = {}

    @cached_property
    def base_url(self):
        """The root URL of the site the content is read from."""
        site = Site.find_for_request(self.request) if self.request else None
        site = site or Site.objects.filter(is_default_site=True).first()
        return site.root_url if site else get_admin_base_url()

    def __call__(self, linktype, pk):
        key = (linktype, pk)
        if key not in self.cache:
            self.cache[key] = self._resolve(linktype, pk)
        return self.cache[key]

    def _resolve(self, linktype, pk):
        try:
            pk = int(pk)
        except (TypeError, ValueError):
            return None
        if linktype == "page":
            page = Page.objects.live().public().filter(pk=pk).first()
            return page.get_full_url(self.request) if page else None
        if linktype == "document":
            document = get_document_model().objects.filter(pk=pk).first()
            return self.absolute(document.url) if document else None
        return None

    def absolute(self, url):
        """A file's address made absolute: on the request's host when there is
        a request (the API, the feeds), else on the admin's base URL (the
        exports of the command line). An address that is absolute already (a
        file storage's own, a CDN's) is kept."""
        if urlsplit(url).scheme:
            return url
        if self.request is not None:
            return self.request.build_absolute_uri(url)
        return get_admin_base_url() + url

    def url_of(self, link):
        """Absolute URL of a resource link (page, document or web address)."""
        if link.get("page"):
            return link["page"].get_full_url(self.request)
        if link.get("document"):
            return self.absolute(link["document"].url)
        return link.get("url") or ""


class PublicLinkResolver(LinkResolver):
    """Absolute public URLs only: links to pages that are not public
    (`campaign.visibility`: unpublished, restricted, or under an unpublished
    page) are dropped."""

    def _resolve(self, linktype, pk):
        if linktype != "page":
            return super()._resolve(linktype, pk)
        try:
            pk = int(pk)
        except (TypeError, ValueError):
            return None
        page = visibility.public_pages().filter(pk=pk).first()
        return page.get_full_url(self.request) if page else None

    def url_of(self, link):
        page = link.get("page")
        if page is not None:
            page = self("page", page.pk) and page
            return page.get_full_url(self.request) if page else ""
        return super().url_of(link)


def find_campaign(slug):
    campaign = CampaignPage.objects.filter(slug=slug).order_by("path").first()
    if campaign is None:
        raise ExportError(_("campaign “%(slug)s” not found.") % {"slug": slug})
    return campaign


def days_of(campaign, date=None):
    days = CampaignDayPage.objects.child_of(campaign).order_by("date")
    if date is not None:
        days = days.filter(date=date)
        if not days.exists():
            raise ExportError(
                _("the campaign “%(slug)s” has no day on %(date)s.")
                % {"slug": campaign.slug, "date": date.isoformat()}
            )
    return list(days)


def export_day(day, campaign=None, resolver=None):
    """One day as an interchange dict: the latest version, as editors see it."""
    resolver = resolver or LinkResolver()
    latest = day.get_latest_revision_as_object()
    campaign = campaign or day.get_parent().specific
    campaign = campaign.get_latest_revision_as_object()
    return day_to_dict(latest, campaign, resolver, resolver.url_of)


def export_json(slug, date=None):
    """JSON text: one day (with `date`) or the list of all the campaign's days."""
    campaign = find_campaign(slug)
    resolver = LinkResolver()
    documents = [export_day(day, campaign, resolver) for day in days_of(campaign, date)]
    for document in documents:
        problems = json_format.check_document(document)
        if problems:  # pragma: no cover - a bug, not a user error
            raise ExportError(
                "; ".join(
                    _("%(where)s: %(message)s")
                    % {"where": json_format.json_path(p), "message": m}
                    for p, m in problems
                )
            )
    payload = documents[0] if date is not None else documents
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def export_text(slug, date=None):
    """One day in the newsletter text format, which campaign_import reads back."""
    if date is None:
        raise ExportError(
            _("the text format describes a single day: give --date YYYY-MM-DD.")
        )
    campaign = find_campaign(slug)
    (day,) = days_of(campaign, date)
    return write_newsletter(export_day(day, campaign))
