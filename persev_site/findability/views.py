"""robots.txt and sitemap.xml, for search engines."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from campaign.public.sitemaps import (
    CampaignActionsSitemap,
    EstablishmentsSitemap,
    PublicPagesSitemap,
)

# The site's pages, then what the campaigns add to them.
SITEMAPS = {
    "pages": PublicPagesSitemap,
    "actions": CampaignActionsSitemap,
    "establishments": EstablishmentsSitemap,
}


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def sitemap(request):
    return wagtail_sitemap(request, sitemaps=SITEMAPS)
