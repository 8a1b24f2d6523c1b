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

Every file address is absolute, as partners use it from their own sites:
Wagtail gives the documents' `download_url` on the site's base URL, but the
images' as a bare path (`/media/original_images/…`); they get the documents'
treatment here (`absolute_image_download_url`).

The routers can only be imported once their apps' `ready()` has registered
the models' API schemas: the campaign app comes after `wagtail.images` and
`wagtail.documents` in INSTALLED_APPS (the system check campaign.E002 says so).
"""

from ninja.schema import Resolver
from wagtail.api.utils import get_full_url
from wagtail.documents import get_document_model
from wagtail.documents.api.v3 import router as documents_router
from wagtail.images import get_image_model
from wagtail.images.api.v3 import router as images_router
from wagtail.images.api.v3.schemas import ImageMetaSchema

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


def absolute_image_download_url(obj, context):
    """An image file's address on the site's base URL, as Wagtail gives the
    documents' (`wagtail.documents.api.v3.schemas`)."""
    if not obj.file:
        return None
    return get_full_url(context["request"], obj.file.url)


def _with_subclasses(cls):
    found = [cls]
    for subclass in cls.__subclasses__():
        found += _with_subclasses(subclass)
    return found


def install():
    """Narrow both routers' querysets, make the images' addresses absolute
    (idempotent)."""
    _patch(images_router, "get_images_queryset", get_image_model())
    _patch(documents_router, "get_documents_queryset", get_document_model())
    # django-ninja copies a schema's resolvers into each subclass when the
    # class is made: Wagtail's detail schema (ImageDetailMetaSchema) has
    # its own copy, built when wagtail.images was ready (before this app).
    for schema in _with_subclasses(ImageMetaSchema):
        schema._ninja_resolvers["download_url"] = Resolver(
            staticmethod(absolute_image_download_url)
        )
