from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v3.urls import api as api_v3
from wagtail.documents import urls as wagtaildocs_urls

from persev_site.findability import views as findability
from persev_site.search import views as search

# 503 with Retry-After when the database is out of reach, 500 otherwise.
handler500 = "persev_site.views.server_error"
# The French 400 page, or a French problem document under the API.
handler400 = "persev_site.views.bad_request"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's API v3 with the campaign router (added in CampaignConfig.ready).
    path("api/v3/", api_v3.urls),
    # Feeds, calendar and partner widget of each campaign; actions and
    # establishment pages.
    path("campagnes/", include("campaign.urls")),
    # Discovery and findability: site search, site map, robots.txt.
    path("recherche/", search.search, name="search"),
    path("sitemap.xml", findability.sitemap, name="sitemap"),
    path("robots.txt", findability.robots_txt, name="robots_txt"),
    # Wagtail's page serving comes last: it catches every other URL.
    path("", include(wagtail_urls)),
]
