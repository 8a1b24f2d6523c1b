"""Answers as the WSGI server gets them.

The test client drops the body of an answer to HEAD itself, as runserver
does; gunicorn does not. `served` runs the request through every middleware
of the settings and gives the answer before any server touches it.
"""

from django.core.handlers.base import BaseHandler
from django.test import RequestFactory


def served(method, path, **headers):
    """The answer to `method` `path` after every middleware (no body removed
    by anything but the site's own code)."""
    handler = BaseHandler()
    handler.load_middleware()
    request = RequestFactory().generic(method, path, headers=headers)
    return handler.get_response(request)
