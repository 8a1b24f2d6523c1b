"""Tags of the public pages for search engines and sharing."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from campaign.public import discovery, structured_data

register = template.Library()


@register.inclusion_tag("campaign/includes/share_meta.html", takes_context=True)
def share_meta(context):
    """Canonical URL, OpenGraph and Twitter card of the page being shown: a
    Wagtail page (`page`), or a view giving `share_title`/`share_description`."""
    request = context.get("request")
    page = context.get("page")
    if page is not None and hasattr(page, "get_full_url"):
        share = structured_data.page_share(page, request)
    elif request is not None and context.get("share_title"):
        share = {
            "title": context.get("share_title", ""),
            "description": context.get("share_description", ""),
            "url": request.build_absolute_uri(request.path),
            "type": "website",
        }
    else:
        return {"share": None}
    share["site_name"] = structured_data.site_name()
    return {"share": share}


@register.simple_tag(takes_context=True)
def day_event_json_ld(context, day, campaign):
    """The schema.org Event of a day, as JSON-LD."""
    if day is None or campaign is None:
        return ""
    return structured_data.json_ld(
        structured_data.day_event(day, campaign, context.get("request"))
    )


@register.filter
def establishment_url(establishment):
    # A day page links to dozens of establishments: resolve the URL pattern
    # once per URL configuration and script prefix, then only fill it in.
    pattern = _establishment_url_pattern(
        get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    )
    return pattern.format(
        pk=establishment.pk, slug=discovery.establishment_slug(establishment)
    )


@lru_cache(maxsize=16)
def _establishment_url_pattern(script_prefix, urlconf):
    path = reverse(
        "campaign:establishment",
        kwargs={"pk": 987654321, "slug": "slug-de-l-etablissement"},
        urlconf=urlconf,
    )
    return (
        path.replace("{", "{{")
        .replace("}", "}}")
        .replace("987654321", "{pk}")
        .replace("slug-de-l-etablissement", "{slug}")
    )
