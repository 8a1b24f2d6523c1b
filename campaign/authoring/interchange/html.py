"""Rich text between the interchange format and Wagtail's database format.

Enters: the rich text of an imported file (`to_db_html`), or of a stored
page (`to_interchange_html`). Leaves: the same content in the other
dialect, through the one sanitiser (`campaign.blocks.sanitiser`), so that
whatever comes in (an import, a hostile upload) leaves with only the
allowed tags and safe link targets. The interchange format
(`persev-day/1`) carries display HTML limited to p, strong, em, sup, br,
ul, ol, li and a[href], internal links made absolute public URLs.
"""

from urllib.parse import urljoin

from campaign.blocks.sanitiser import TO_DB, TO_INTERCHANGE, safe_href, sanitise


def _href(url):
    return {"href": url} if url else None


def to_db_html(html, report=None):
    """Interchange (or any) HTML → Wagtail's database rich text, sanitised.

    `report(message)` hears (in French) when tags nested too deep were dropped.
    """
    return sanitise(
        html, TO_DB, lambda attrs: _href(safe_href(attrs.get("href"))), report
    )


def to_interchange_html(db_html, link_resolver=None):
    """Wagtail's database rich text → interchange HTML with absolute public URLs.

    `link_resolver(linktype, id)` turns internal links into URLs; it returns
    None for a target that is gone or not public (the link text stays). When
    it has a `base_url`, site-relative paths become absolute against it.
    """

    base_url = getattr(link_resolver, "base_url", None)

    def resolve(attrs):
        linktype = attrs.get("linktype")
        if linktype:
            url = link_resolver(linktype, attrs.get("id")) if link_resolver else None
            return _href(url)
        href = safe_href(attrs.get("href"))
        if href and href.startswith("/") and base_url:
            # A path typed by hand ("/contact/") means nothing on a partner's
            # site or in a mail client: it becomes an address on this site.
            href = urljoin(base_url, href)
        return _href(href)

    return sanitise(db_html, TO_INTERCHANGE, resolve)
