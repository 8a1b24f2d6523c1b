"""Rich text in Wagtail's API v3 links to public pages only, in every format.

The "html" format goes through Wagtail's link handlers, where
`campaign.blocks.page_links.PublicPageLinkHandler` leaves a page that is not public
without address. The other formats a caller may ask for
(`?rich_text_format=db_html|db_markdown|markdown`) convert the stored HTML
without those handlers: "markdown" resolves every page link to the page's
address (a draft's slug, made from its title), the database formats give its
id. `APIRichText.serialize`, through which every rich text field and block
of the API goes, first takes those links' targets off.
"""

from wagtail.api.rich_text import APIRichText

from campaign.blocks.page_links import without_links_to_hidden_pages


def public_links_only(wagtail_serialize):
    def serialize(cls, value, *, format, features=None):
        if value is not None and format != cls.FORMAT_HTML:
            value = without_links_to_hidden_pages(value)
        return wagtail_serialize(cls, value, format=format, features=features)

    serialize.wagtail_serialize = wagtail_serialize
    return serialize


def install():
    """Wrap APIRichText.serialize (idempotent)."""
    current = APIRichText.__dict__["serialize"].__func__
    wagtail_serialize = getattr(current, "wagtail_serialize", current)
    APIRichText.serialize = classmethod(public_links_only(wagtail_serialize))
