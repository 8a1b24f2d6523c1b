"""Problem documents (RFC 7807, `application/problem+json`) in the site's
language (French on a French site): the answer of every error of the API v3
(see errors.py for where they are used).

`CampaignAPIError` is how the campaign router refuses a request; `problem`
builds a document with the translated title of its status;
`problem_instead_of` replaces any error answer by one, keeping its status
and headers. (The names say "french": the API was French only before its
messages had English ids; they answer in the active language.)
"""

from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from wagtail.api.v3.errors import problem_response


class CampaignAPIError(Exception):
    """An error of the campaign API, with its status and French detail."""

    def __init__(self, status, detail):
        super().__init__(detail)
        self.status = status
        self.detail = detail


TITLES = {
    400: pgettext_lazy("API problem title", "Bad request"),
    401: pgettext_lazy("API problem title", "Authentication required"),
    403: pgettext_lazy("API problem title", "Access denied"),
    404: pgettext_lazy("API problem title", "Not found"),
    405: pgettext_lazy("API problem title", "Method not allowed"),
    406: pgettext_lazy("API problem title", "Format not available"),
    409: pgettext_lazy("API problem title", "Conflict"),
    413: pgettext_lazy("API problem title", "Request too large"),
    415: pgettext_lazy("API problem title", "Unsupported content type"),
    422: pgettext_lazy("API problem title", "Invalid parameters"),
    429: pgettext_lazy("API problem title", "Too many requests"),
    500: pgettext_lazy("API problem title", "Internal server error"),
    503: pgettext_lazy("API problem title", "Service temporarily unavailable"),
}

# The detail of an error whose own message is unknown (or in English).
DETAILS = {
    400: gettext_lazy("Bad request."),
    401: gettext_lazy(
        "Authentication required: this resource needs a valid access token."
    ),
    403: gettext_lazy("Access to this resource is denied."),
    404: gettext_lazy("Resource not found."),
    405: gettext_lazy("Method not allowed for this resource."),
    422: gettext_lazy("Invalid parameters."),
    429: gettext_lazy("Too many requests: try again in a moment."),
    500: gettext_lazy("Internal server error."),
    503: gettext_lazy("Service temporarily unavailable: try again in a moment."),
}


def french_title(status):
    return str(TITLES.get(status, pgettext("API problem title", "Error")))


def problem(status, detail, errors=None):
    return problem_response(
        status=status, title=french_title(status), detail=str(detail), errors=errors
    )


# What describes the body itself, which a problem document replaces.
BODY_HEADERS = {"content-type", "content-length", "content-encoding"}


def problem_instead_of(response, detail, errors=None):
    """A French problem document in place of the error answer `response`:
    its status and its other headers (Allow, Retry-After, Vary, CORS…) kept."""
    answer = problem(response.status_code, detail, errors)
    for header, value in response.items():
        if header.lower() not in BODY_HEADERS:
            answer[header] = value
    return answer
