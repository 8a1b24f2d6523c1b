"""CORS for partner sites, on the partner endpoints only.

The allowed origins are a site setting (campaign.models.PartnerSettings,
editable in the admin); the paths that may answer cross-origin requests are
CAMPAIGN["CORS_PATHS"] (the API, the feeds and the widget). Any other page
never sends a CORS header. Read-only and without credentials: cookies are
never allowed across origins.
"""

from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from wagtail.models import Site

from campaign.conf import path_matches
from campaign.models import PartnerSettings

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
ALLOWED_HEADERS = "Authorization, Content-Type, If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = "ETag, Last-Modified, Content-Language"
PREFLIGHT_MAX_AGE = 86400


def is_partner_path(path):
    return path_matches("CORS_PATHS", path)


def allowed_origins(request):
    if Site.find_for_request(request) is None:
        return set()
    return PartnerSettings.for_request(request).origins()


def origin_allowed(request, origin):
    return bool(origin) and origin.lower() in allowed_origins(request)


class PartnerCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_partner_path(request.path_info):
            return self.get_response(request)
        origin = request.headers.get("Origin")
        allowed = origin_allowed(request, origin)
        if (
            request.method == "OPTIONS"
            and "Access-Control-Request-Method" in request.headers
        ):
            response = HttpResponse(status=204)
            if allowed:
                response.headers["Access-Control-Allow-Origin"] = origin
                response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
                response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
                response.headers["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
            patch_vary_headers(
                response,
                [
                    "Origin",
                    "Access-Control-Request-Method",
                    "Access-Control-Request-Headers",
                ],
            )
            return response
        response = self.get_response(request)
        # The answer differs by Origin: shared caches must keep them apart.
        patch_vary_headers(response, ["Origin"])
        if allowed:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        return response
