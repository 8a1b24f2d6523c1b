"""The site's own error view."""

import sys

from django.http import HttpResponse
from django.template import loader
from django.views.defaults import server_error as django_server_error

from campaign.partners.unavailable import RETRY_AFTER_SECONDS, database_unreachable


def server_error(request, template_name="500.html"):
    """Django's 500 page, except when the database is out of reach: then 503
    with Retry-After, and crawlers keep the page indexed."""
    if database_unreachable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return django_server_error(request, template_name)
