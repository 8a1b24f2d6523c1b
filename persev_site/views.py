"""The site's own error view."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.defaults import server_error as django_server_error

# What a client (a browser, a partner's site, a crawler) is told to wait
# before trying again while the database is out of reach.
RETRY_AFTER_SECONDS = 30


def server_error(request, template_name="500.html"):
    """Django's 500 page, except when the database is out of reach (a restart,
    a failover, too many connections): then 503 with Retry-After, since the
    same request will work in a moment, and crawlers keep the page indexed."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return django_server_error(request, template_name)
