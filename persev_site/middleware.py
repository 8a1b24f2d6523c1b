"""Middlewares of the site itself (not of the reusable campaign app).

`SecurityHeadersMiddleware`: security headers the site sends on every response.
`NulCharacterMiddleware`: 400 to an address with a NUL character.
`SiteNotFoundMiddleware`: the site's French 404 page under DEBUG (`make run`).

Django's SecurityMiddleware already sends X-Content-Type-Options and
Referrer-Policy (SECURE_CONTENT_TYPE_NOSNIFF, SECURE_REFERRER_POLICY); this adds
Permissions-Policy, which Django has no setting for, and makes sure the other two
are present even on responses built outside Django's middleware order. A view
that sets its own value (the partner widget's "no-referrer") keeps it.
"""

from urllib.parse import parse_qsl, quote, unquote

from django.conf import settings
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.defaults import page_not_found

from campaign.conf import path_matches
from persev_site.errors import ExplainedBadRequest

NUL = "\x00"
# How much of a parameter's name the message repeats.
SHOWN_NAME_LENGTH = 40


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        if getattr(settings, "SECURE_CONTENT_TYPE_NOSNIFF", True):
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
        referrer = getattr(settings, "SECURE_REFERRER_POLICY", None)
        if referrer:
            response.headers.setdefault("Referrer-Policy", referrer)
        return response


class HeadWithoutBodyMiddleware:
    """Send no body in answer to HEAD, whatever answered it.

    A view, a cached page or the API (answered as GET) builds the whole
    answer for a HEAD; gunicorn sends whatever body it is given, which
    breaks HTTP (RFC 9110, 9.3.2) and a client that keeps the connection
    open reads that body as the next answer. The first middleware of the
    list, so that every answer goes through it; Content-Length stays that
    of the body a GET would get. A middleware that rewrites bodies (gzip)
    goes below it, so that a HEAD gets the headers of the rewritten GET.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                response.streaming_content = []
            elif response.content:
                response.headers.setdefault(
                    "Content-Length", str(len(response.content))
                )
                response.content = b""
        return response


def _shown(name):
    """A parameter's name as the message shows it: control characters
    percent-encoded (%00), cut if long."""
    shown = "".join(c if c.isprintable() else quote(c) for c in name)
    if len(shown) > SHOWN_NAME_LENGTH:
        shown = shown[:SHOWN_NAME_LENGTH] + "…"
    return shown


def nul_character_reason(request):
    """What is wrong with `request`'s address if it holds a NUL character
    (raw or %00) in its path or its query string; None if it holds none."""
    if NUL in request.path_info or NUL in request.path:
        return _(
            "Le chemin de l’adresse contient un caractère nul (%00), "
            "qui n’est permis nulle part dans une adresse."
        )
    query = request.META.get("QUERY_STRING", "")
    if NUL not in unquote(query):
        return None
    names = []
    for name, value in parse_qsl(query, keep_blank_values=True):
        if (NUL in name or NUL in value) and _shown(name) not in names:
            names.append(_shown(name))
    if not names:  # in a part parse_qsl drops (no "=", for instance)
        names = [_shown(unquote(query).split("=", 1)[0])]
    return ngettext(
        "Le paramètre %(names)s contient un caractère nul (%%00), "
        "qui n’est permis dans aucun paramètre.",
        "Les paramètres %(names)s contiennent un caractère nul (%%00), "
        "qui n’est permis dans aucun paramètre.",
        len(names),
    ) % {"names": ", ".join(f"« {name} »" for name in names)}


class NulCharacterMiddleware:
    """Answer 400 to an address with a NUL character, before anything reads it.

    PostgreSQL refuses NUL in text ("PostgreSQL text fields cannot contain
    NUL (0x00) bytes"): a slug, a search or a filter holding one turned every
    route that queries it into a 500, Wagtail's API v3 included. No address of
    the site has a use for it, so one guard for every route, above the page
    cache and every view, answers it with the site's French 400 page, or a
    French problem document under the API (persev_site.views.bad_request).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reason = nul_character_reason(request)
        if reason:
            raise ExplainedBadRequest(reason)
        return self.get_response(request)


class SiteNotFoundMiddleware:
    """The site's French 404 page (templates/404.html) when DEBUG is on.

    With DEBUG, Django answers a missing page with its English debug page
    (the URL patterns tried), which is what a communicant trying the site
    under `make run` would meet. This middleware (settings/dev.py only)
    answers as the production site does: Django's page_not_found view, so
    404.html. It sits at the bottom of the list so that the middlewares above
    it still see the 404 (the redirects, APPEND_SLASH), and leaves the API to
    its own French problem documents.

    Both kinds of 404 are covered: an address no URL pattern matches (checked
    here, since Django turns that one into a response before any middleware
    sees the exception) and Http404 raised by a view (Wagtail's page serving).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not path_matches("API_PATHS", request.path_info):
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404 as missing:
                return page_not_found(request, missing)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and not path_matches(
            "API_PATHS", request.path_info
        ):
            return page_not_found(request, exception)
        return None
