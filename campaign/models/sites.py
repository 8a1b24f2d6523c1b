"""The request's Wagtail site, as the campaign's read queries and
breadcrumbs need it: its root page, and the pages a breadcrumb shows above
a page, read without a query (the site and its root page are already loaded
for routing)."""

from wagtail.models import Site


def site_root(request):
    """The root page of the request's site (the default site without a request)."""
    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    return site.root_page if site else None


def site_ancestors(request, page, parent=None):
    """The ancestors of `page` that the breadcrumb shows (its site's home page,
    then `parent` when given), without a query: the site and its home page are
    already loaded for routing. None when `page` is not that close to the home
    page: the breadcrumb then asks the database (page.get_ancestors)."""
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
