"""Document downloads: a document no public page uses is not served to
readers (campaign.visibility says which files are public)."""

from django.conf import settings
from django.http import Http404

from campaign import visibility


def serve_public_documents_only(document, request):
    """Hook before_serve_document: a document no public page uses answers
    404, as one that never existed (before Wagtail's collection check, whose
    password form would tell it exists). Whoever may use the admin downloads
    every document, as in previews. Only a request with a session cookie may
    be theirs: reading the session of the others would add "Vary: Cookie" to
    their 404, which an id that never existed does not get."""
    if visibility.is_public_document(document, request):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.has_perm(
        "wagtailadmin.access_admin"
    ):
        return None
    raise Http404
