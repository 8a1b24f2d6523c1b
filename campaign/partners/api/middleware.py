"""The API's HTTP surface, on the paths CAMPAIGN["API_PATHS"] names.

HEAD. django-ninja hands a request to the operation that declares its method
(`PathView._find_operation`), and a GET operation does not declare HEAD, so
every endpoint of Wagtail's API v3, the campaign router's included, answered
HEAD with 405. HTTP wants a GET resource to answer HEAD with the same status
and headers, without the body (RFC 9110, section 9.3.2). Here the view runs
as for a GET (`request.method` is "GET" while it runs): same status, same
ETag and Cache-Control, a 304 for If-None-Match. The middlewares above see
the HEAD: the CORS headers are added as for a GET, and a page cache of the
site above it still knows the request was a HEAD. Dropping the body is the site's business, as for every other
answer to HEAD (the WSGI server's, or a middleware's when the server sends
what it is given, as gunicorn does).

Errors. An address under the API that no route matches got the site's HTML
404 page, and django-ninja answers a method an endpoint lacks with a plain
text 405. A partner's client gets a translated problem document instead
(`application/problem+json`, same status, same headers such as Allow). The
answers that are already problem documents (every route's own 404, 422…)
are left as they are; the wording is campaign.partners.api.french.

It sits below CommonMiddleware (which still redirects /api/v3/pages to
/api/v3/pages/ on a 404) and above the CORS middleware: the headers that
middleware adds are kept, and its own failure (it reads the partner origins
from the database) still ends in a problem document, the 503 of a database
out of reach included, with its Retry-After.
"""

from django.utils.translation import gettext as _
from wagtail.api.v3.errors import PROBLEM_JSON

from campaign.conf import path_matches
from campaign.partners.api.french import french_detail
from campaign.partners.api.problems import problem_instead_of


def as_problem(request, response):
    """An error answer as a translated problem document, with the same status and
    headers (Allow, Vary…); None when `response` is no error or already one."""
    status = response.status_code
    if status < 400 or response.get("Content-Type") == PROBLEM_JSON:
        return None
    if status == 404:
        detail = _("No resource of the API at this address.")
    elif status == 405:
        allowed = {m.strip() for m in response.get("Allow", "").split(",")} - {""}
        if "GET" in allowed:
            allowed.add("HEAD")  # answered as GET here
        response["Allow"] = ", ".join(sorted(allowed))
        detail = _(
            "The method %(method)s is not allowed at this address (allowed: %(allowed)s)."
        ) % {"method": request.method, "allowed": response["Allow"]}
    else:
        detail = french_detail(status)
    return problem_instead_of(response, detail)


class APIMiddleware:
    """HEAD as GET, and translated problem documents for errors (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not path_matches("API_PATHS", request.path_info):
            return self.get_response(request)
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            if head:
                request.method = "HEAD"
        return as_problem(request, response) or response
