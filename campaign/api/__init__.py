"""The campaign app on Wagtail's API v3: its router, French problem documents
and the hardening of Wagtail's own endpoints: pages (wagtail_pages.py),
images and documents (wagtail_files.py), redirects (wagtail_redirects.py),
links in rich text (wagtail_rich_text.py), parameters (wagtail_params.py)."""

from django.core.exceptions import ImproperlyConfigured
from wagtail.api.v3.registry import registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model


def check_app_order():
    """The image and document routers are only importable once their apps'
    ready() has registered their API schemas."""
    for model in (get_image_model(), get_document_model()):
        if not registry.has(model._meta.label):
            raise ImproperlyConfigured(
                "Put “campaign” after “wagtail.images” and “wagtail.documents” "
                "in INSTALLED_APPS: it narrows their API v3 endpoints to the "
                "files public pages use."
            )


def register(api=None):
    """Add the campaign router to Wagtail's NinjaAPI; call from AppConfig.ready()."""
    check_app_order()
    from campaign.api import (
        errors,
        wagtail_files,
        wagtail_pages,
        wagtail_params,
        wagtail_redirects,
        wagtail_rich_text,
    )
    from campaign.api.router import router

    if api is None:
        from wagtail.api.v3.api import api
    if not getattr(api, "_campaign_router_added", False):
        api.add_router("/campaigns/", router)
        api._campaign_router_added = True
    errors.install(api)
    wagtail_pages.install()
    wagtail_files.install()
    wagtail_redirects.install()
    wagtail_rich_text.install()
    wagtail_params.install()
