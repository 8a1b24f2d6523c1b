"""Security headers the site sends on every response.

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
