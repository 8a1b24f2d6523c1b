"""Keep Wagtail's v3 page endpoints from revealing unpublished content.

1. Pages under an unpublished ancestor. Wagtail's public read tier
(`get_public_pages_queryset`) keeps every live page, even one whose parent is
a draft: a live day of an unpublished campaign would be listed and served by
`/api/v3/pages/`. `public_pages_queryset` below also leaves out the
descendants of unpublished pages, and replaces the function in
`wagtail.api.v3.querysets` (the v3 module only; v2 is not installed).

2. `meta.parent` and `meta.alias_of`.

Wagtail 8.0.1's `PageMetaSchema.resolve_parent` returns `obj.get_parent()`
unfiltered, so a live page under an unpublished (or private) parent shows the
parent's id, title and URL in `meta.parent` to anyone; `meta.alias_of` has
the same problem. The v2 API answers null there. We make v3 do the same: the
resolvers below return the page only when it is in the public read tier
(`get_public_pages_queryset`: live, not view-restricted, on the request's
site); otherwise null.

Ninja copies resolvers into every subclass schema (one per page type) by
reference, so the shared Resolver objects are re-pointed in place, and each
generated subclass that has no resolver of its own gets one.
"""

from ninja.schema import Resolver
from wagtail.api import querysets as wagtail_querysets
from wagtail.api.v3 import querysets as v3_querysets
from wagtail.api.v3.schemas.pages import PageMetaSchema
from wagtail.models import Page

from campaign import visibility


def public_pages_queryset(request, model=Page):
    """Wagtail's public pages, less those under an unpublished page."""
    queryset = wagtail_querysets.get_public_pages_queryset(request, model)
    return visibility.without_unpublished_branches(queryset)


def _public_or_none(page, context):
    if page is None:
        return None
    request = (context or {}).get("request")
    if request is None:
        return None
    if not public_pages_queryset(request).filter(pk=page.pk).exists():
        return None
    return page


def resolve_parent(obj, context):
    return _public_or_none(obj.get_parent(), context)


def resolve_alias_of(obj, context):
    return _public_or_none(getattr(obj, "alias_of", None), context)


RESOLVERS = {"parent": resolve_parent, "alias_of": resolve_alias_of}


def _subclasses(cls):
    yield cls
    for sub in cls.__subclasses__():
        yield from _subclasses(sub)


def install():
    """Patch the public queryset, PageMetaSchema and its generated subclasses
    (idempotent)."""
    v3_querysets.get_public_pages_queryset = public_pages_queryset
    for cls in _subclasses(PageMetaSchema):
        for name, func in RESOLVERS.items():
            resolver = cls._ninja_resolvers.get(name)
            if resolver is None:
                cls._ninja_resolvers[name] = Resolver(staticmethod(func))
            else:
                resolver._func = func
                resolver._static = True
                resolver._takes_context = True
