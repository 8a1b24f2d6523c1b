"""Public: the site's search page (/recherche/)."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from campaign.public.breadcrumbs import trail
from campaign.public.filters import SearchForm
from campaign.services import site_search

PER_PAGE = 10


def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = site_search.search(query, request) if query else []
    page_obj = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "campaign/search.html",
        {
            "form": form,
            "breadcrumb_ancestors": trail(request),
            "breadcrumb_current": "Recherche",
            "query": query,
            "count": len(results),
            "page_obj": page_obj,
            "results": page_obj.object_list,
            "share_title": f"Recherche : {query}" if query else "Recherche",
        },
    )
