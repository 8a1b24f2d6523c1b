"""Links to pages lead readers to public pages only.

Wagtail renders a rich-text link to a page with the page's address whatever
the page: a link from a live day to a day not live yet, or to a page under an
unpublished campaign, would name it (its slug comes from its title) in the
public HTML, the API's HTML and the feeds. `PublicPageLinkHandler` replaces
Wagtail's handler of the "page" link type (campaign/wagtail_hooks.py): a page
that is not public (`campaign.visibility.public_pages`) gets a link without
address, as Wagtail does for a deleted page; the link works as soon as the
page is public. Editors' previews follow the same rule: they show what
readers will see.

The API v3 can also give rich text in Wagtail's database format or in
Markdown (`?rich_text_format=`), which do not go through the handler:
`without_links_to_hidden_pages` takes the targets off there
(campaign/partners/api/wagtail_rich_text.py).
"""

from functools import cache

from django.utils.html import format_html_join
from wagtail.rich_text import features
from wagtail.rich_text.pages import PageLinkHandler
from wagtail.rich_text.rewriters import LinkRewriter

from campaign import visibility


class PublicPageLinkHandler(PageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list):
        ids = [attrs.get("id") for attrs in attrs_list]
        pages = (
            visibility.public_pages().filter(id__in=ids).defer_streamfields().specific()
        )
        by_id = {str(page.id): page for page in pages}
        return [by_id.get(str(pk)) for pk in ids]


def _tag(attrs):
    # The attributes in their order, escaped as Wagtail stores them.
    return "<a" + format_html_join("", ' {}="{}"', attrs.items()) + ">"


def _public_page_tags(attrs_list):
    pages = PublicPageLinkHandler.get_many(attrs_list)
    return [
        _tag(attrs) if page else "<a>"
        for attrs, page in zip(attrs_list, pages, strict=True)
    ]


def _unchanged_tags(attrs_list):
    return [_tag(attrs) for attrs in attrs_list]


@cache
def _rewriter():
    rules = dict.fromkeys(features.get_link_types(), _unchanged_tags)
    rules["page"] = _public_page_tags
    return LinkRewriter(bulk_rules=rules)


def without_links_to_hidden_pages(html):
    """Rich text in Wagtail's database format whose links to pages that are
    not public lose their target (`<a>`); everything else is unchanged."""
    return _rewriter()(html)


def register_public_page_links(features):
    """Hook register_rich_text_features, after Wagtail's own features (order
    0): replaces its "page" link type."""
    features.register_link_type(PublicPageLinkHandler)
