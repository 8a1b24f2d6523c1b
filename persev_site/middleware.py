"""Middlewares of the site itself (not of the reusable campaign app).

`SecurityHeadersMiddleware`: security headers the site sends on every response.

Django's SecurityMiddleware already sends X-Content-Type-Options and
Referrer-Policy (SECURE_CONTENT_TYPE_NOSNIFF, SECURE_REFERRER_POLICY); this adds
Permissions-Policy, which Django has no setting for, and makes sure the other two
are present even on responses built outside Django's middleware order. A view
that sets its own value (the partner widget's "no-referrer") keeps it.
"""

from django.conf import settings


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
