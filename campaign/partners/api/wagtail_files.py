"""Keep Wagtail's v3 image and document endpoints to the public files.

Wagtail 8.0.1's `/api/v3/images/` and `/api/v3/documents/` list every
upload outside a restricted collection to anyone: title and file address of a
press kit prepared for a day that is not live yet included. Every read of
these routers (listing, `search`, field filters, ordering, detail by id)
starts from one function of the router's module, `get_images_queryset` /
`get_documents_queryset`; for an anonymous caller (no API token: Wagtail's
`AllowAnonymous` sets `request.user` to AnonymousUser) it is narrowed here to
the files the live content of public pages uses (`campaign.visibility`).
A file outside that set answers 404, as an id that never existed. A caller
with a valid token keeps what Wagtail gives it. Both get the files'
collections with the files (Wagtail's schema reads them: a query per file
otherwise).

The routers can only be imported once their apps' `ready()` has registered
the models' API schemas: the campaign app comes after `wagtail.images` and
`wagtail.documents` in INSTALLED_APPS (the system check campaign.E002 says so).
"""

from wagtail.documents import get_document_model
from wagtail.documents.api.v3 import router as documents_router
from wagtail.images import get_image_model
from wagtail.images.api.v3 import router as images_router

from campaign import visibility


def public_for_anonymous(wagtail_queryset, model):
    """Wrap a router's queryset function: anonymous callers get public files only."""

    def queryset(request):
        # Wagtail's schema reads each file's collection: one query for all.
        files = wagtail_queryset(request).select_related("collection")
        if request.user.is_authenticated:
            return files
        return files.filter(pk__in=visibility.public_file_ids(model, request))

    queryset.wagtail_queryset = wagtail_queryset
    return queryset


def _patch(module, name, model):
    current = getattr(module, name)
    wagtail_queryset = getattr(current, "wagtail_queryset", current)
    setattr(module, name, public_for_anonymous(wagtail_queryset, model))


def install():
    """Narrow both routers' querysets (idempotent)."""
    _patch(images_router, "get_images_queryset", get_image_model())
    _patch(documents_router, "get_documents_queryset", get_document_model())
