"""The API's modules narrow Wagtail's image and document endpoints, whose
routers exist only once the ready() of wagtail.images and wagtail.documents
has run: "campaign" must come after them in INSTALLED_APPS."""

from django.core.exceptions import ImproperlyConfigured
from wagtail.api.v3.registry import registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model


def check_app_order():
    """Say how to fix INSTALLED_APPS before the routers fail to import."""
    for model in (get_image_model(), get_document_model()):
        if not registry.has(model._meta.label):
            raise ImproperlyConfigured(
                "Put “campaign” after “wagtail.images” and “wagtail.documents” "
                "in INSTALLED_APPS: it narrows their API v3 endpoints to the "
                "files public pages use."
            )
