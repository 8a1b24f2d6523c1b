"""The site's search page (/recherche/)."""

from django import forms
from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from campaign.public.breadcrumbs import trail
from persev_site.search import service

PER_PAGE = 10


class SearchForm(forms.Form):
    q = forms.CharField(label="Rechercher", required=False, max_length=200)


def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
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
            "count": len(results),
            "page_obj": page_obj,
            "results": page_obj.object_list,
            "share_title": f"Recherche : {query}" if query else "Recherche",
        },
    )
