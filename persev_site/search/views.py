"""The site's search page (/recherche/).

A search longer than the site reads (forms.SEARCH_MAX_LENGTH) is not run:
the page says so on the field, keeps the words typed so that they can be
shortened, and answers 400."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from campaign.public.breadcrumbs import trail
from persev_site.search import service
from persev_site.search.forms import SearchForm

PER_PAGE = 10


def search(request):
    form = SearchForm(request.GET)
    query = form.query()
    results = service.search(query, request) if query else []
    page_obj = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "form": form,
            "breadcrumb_ancestors": trail(request),
            "breadcrumb_current": "Recherche",
            "query": query,
            # What the field shows: the words typed, even refused.
            "typed": query if query else form.data.get("q", "").strip(),
            "count": len(results),
            "page_obj": page_obj,
            "results": page_obj.object_list,
            "share_title": f"Recherche : {query}" if query else "Recherche",
        },
        status=400 if form.errors else 200,
    )
