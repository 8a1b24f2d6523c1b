"""The breadcrumb trail of the public views that are not Wagtail pages
(actions, establishment, search): the site's home page, then the pages above
the view (the campaign of an actions page)."""

from wagtail.models import Site


def trail(request, *pages):
    """Pages for campaign/includes/breadcrumb.html's `breadcrumb_ancestors`,
    without a query: the site and its home page are cached for the request."""
    site = Site.find_for_request(request)
    home = [site.root_page] if site is not None else []
    return [*home, *pages]
