"""The site's own error views."""

import sys

from django.http import HttpResponse, HttpResponseBadRequest
from django.template import loader
from django.utils.translation import gettext as _
from django.views.defaults import server_error as django_server_error

from campaign.conf import path_matches
from campaign.partners.api.problems import problem
from campaign.partners.unavailable import RETRY_AFTER_SECONDS, database_unreachable
from persev_site.errors import ExplainedBadRequest


def bad_request(request, exception, template_name="400.html"):
    """400: the site's French page, or a French problem document under the
    API, saying what is wrong when the refusal says it (ExplainedBadRequest);
    Django's own refusals (a bad Host header, too many fields) get a general
    French explanation, since their English message may say too much."""
    if isinstance(exception, ExplainedBadRequest):
        reason = exception.reason
    else:
        reason = _("La requête est mal formée : le site ne peut pas y répondre.")
    if path_matches("API_PATHS", request.path_info):
        return problem(400, reason)
    # Rendered without the request's context: the request is the problem.
    body = loader.get_template(template_name).render({"reason": reason})
    return HttpResponseBadRequest(body)


def server_error(request, template_name="500.html"):
    """Django's 500 page, except when the database is out of reach: then 503
    with Retry-After, and crawlers keep the page indexed."""
    if database_unreachable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return django_server_error(request, template_name)
