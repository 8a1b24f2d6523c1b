"""A host's URLs that forget the contract's two mounts (API v3 and
campaign.urls): the system check campaign.E003 names both."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("", include(wagtail_urls)),
]
