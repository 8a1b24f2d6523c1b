"""Identifiers of a campaign and its days in feeds and calendars.

A feed reader or a calendar recognises an entry it already has by its
identifier: it must be the same after any edit (title, slug, date, content)
and differ from every other installation's, or two sites running this plugin
would overwrite each other's events in a reader that follows both. So each is
built on the page's id, which never changes, and on the hostname of the
Wagtail Site the campaign belongs to (Settings → Sites: the public domain),
never on a slug or on the host a request happened to use.

- iCalendar UID (RFC 5545, section 3.8.4.7 recommends "id@domain"):
  `day-<id>@<hostname>`.
- Atom `id`, RSS `guid` and JSON Feed `id`: a tag URI (RFC 4151, an IRI as
  Atom requires), `tag:<hostname>,<year>:day-<id>`, where the year is that
  of the page's first publication, which Wagtail sets once.
"""

from django.http.request import split_domain_port


def page_site(page):
    """The Wagtail Site of `page` (or None), looked up once per instance: a
    feed asks for it several times (ids, author)."""
    if not hasattr(page, "_identifiers_site"):
        page._identifiers_site = page.get_site()
    return page._identifiers_site


def site_hostname(page, request=None):
    """The hostname of the Wagtail Site `page` belongs to; the request's host
    for a page under no site (none is public, but a feed must not fail)."""
    site = page_site(page)
    if site is not None and site.hostname:
        return site.hostname.lower()
    host, _port = split_domain_port(request.get_host()) if request else ("", "")
    return host or "localhost"


def day_uid(day, hostname):
    """The iCalendar UID of `day`."""
    return f"day-{day.pk}@{hostname}"


def tag_uri(page, hostname, kind, fallback_year):
    """The tag URI of `page` (kind "day" or "campaign"); `fallback_year` for a
    page never published (its first publication will not change it)."""
    first = page.first_published_at
    year = first.year if first is not None else fallback_year
    return f"tag:{hostname},{year}:{kind}-{page.pk}"


def day_entry_id(day, hostname):
    """The Atom id, RSS guid and JSON Feed id of `day`."""
    return tag_uri(day, hostname, "day", day.date.year)


def campaign_feed_id(campaign, hostname):
    """The Atom id of `campaign`'s feed."""
    return tag_uri(campaign, hostname, "campaign", campaign.start_date.year)
