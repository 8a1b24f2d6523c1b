from django import template
from wagtail.models import Site

from home.models import StandardPage
from persev_site.search.forms import SEARCH_MAX_LENGTH

register = template.Library()


@register.simple_tag(takes_context=True)
def footer_pages(context):
    """The site's plain pages ("Mentions légales", "Accessibilité"…) for the footer."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    # Not .public(), which costs a query of its own: these pages hang right
    # under the home page being shown, so only their own restrictions count.
    pages = StandardPage.objects.live().filter(view_restrictions__isnull=True)
    if site is not None:
        pages = pages.child_of(site.root_page)
    return list(pages.order_by("path").only("id", "title", "url_path", "path"))


@register.simple_tag
def search_max_length():
    """The longest search the site reads: the search fields' maxlength."""
    return SEARCH_MAX_LENGTH
