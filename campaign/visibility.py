"""What an anonymous reader may see of the site's Wagtail content: read
queries only, for every channel that serves it (pages, links, redirects,
Wagtail's API v3, the documents' download view).

Pages. A page is public when it is live, has no view restriction, and no
page above it is unpublished: Wagtail serves a live page under a draft
(`live` is per page), but the site answers 404 there (a day never shows
before its campaign), so no channel may show it either.

Files. An image or a document is public only when the live content of a
public page of the site uses it. Uploading a file publishes nothing: a press
kit prepared for a day that is not live yet stays embargoed, whatever its
collection. "Live content" is the page's row: Wagtail keeps a live page's
published version there (saving a draft only adds a revision), and Wagtail's
ReferenceIndex records the files each row uses, updated on every save of
the row (the revisions are not indexed: `Revision.wagtail_reference_index_ignore`).
A page that was never published has its draft in its row: the index then
names files of a draft, which is why only the references of public pages
count. tests/test_no_leak.py checks all of this.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, IntegerField, Q
from django.db.models.functions import Cast
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex, Site

# -- pages --------------------------------------------------------------------------


def unpublished_branches_q():
    """A filter matching the unpublished pages that have children, and the
    pages under them (one query: those unpublished pages)."""
    q = Q()
    pages = Page.objects.all()
    hidden = pages.filter(live=False, numchild__gt=0, depth__gt=1)
    for page in hidden.only("path", "depth"):
        q |= pages.descendant_of_q(page, inclusive=True)
    return q


def without_unpublished_branches(queryset):
    """`queryset` less the pages under an unpublished page."""
    q = unpublished_branches_q()
    return queryset.exclude(q) if q else queryset


def public_pages(site=None, model=Page):
    """The public pages (of `site` when given): live, without any view
    restriction, and not under an unpublished page."""
    pages = model.objects.live().public()
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    return without_unpublished_branches(pages)


def is_public_page(page_id):
    return public_pages().filter(pk=page_id).exists()


# -- files --------------------------------------------------------------------------


def _base_content_type(model):
    """The content type the ReferenceIndex files a model's rows under."""
    parents = model._meta.get_parent_list()
    return ContentType.objects.get_for_model(
        parents[-1] if parents else model, for_concrete_model=False
    )


def used_file_ids(model, pages):
    """A subquery of the ids of the `model` files (images, documents) that
    the rows of `pages` use: one query with the files, whatever their number."""
    page_ids = pages.annotate(reference_id=Cast("pk", CharField())).values(
        "reference_id"
    )
    return (
        ReferenceIndex.objects.filter(
            base_content_type=_base_content_type(Page),
            object_id__in=page_ids,
            to_content_type=_base_content_type(model),
        )
        .annotate(file_id=Cast("to_object_id", IntegerField()))
        .values("file_id")
    )


def public_file_ids(model, request):
    """Ids of the `model` files that the live content of the public pages of
    the request's site uses (a subquery)."""
    site = Site.find_for_request(request)
    if site is None:
        return model.objects.none().values("pk")
    return used_file_ids(model, public_pages(site))


def public_images(request):
    model = get_image_model()
    return model.objects.filter(pk__in=public_file_ids(model, request))


def public_documents(request):
    model = get_document_model()
    return model.objects.filter(pk__in=public_file_ids(model, request))


def is_public_document(document, request):
    return public_documents(request).filter(pk=document.pk).exists()
