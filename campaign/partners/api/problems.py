"""Problem documents (RFC 7807, `application/problem+json`) in French: the
answer of every error of the API v3 (see errors.py for where they are used).

`CampaignAPIError` is how the campaign router refuses a request; `problem`
builds a document with the French title of its status; `problem_instead_of`
replaces any error answer by one, keeping its status and headers.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.api.v3.errors import problem_response


class CampaignAPIError(Exception):
    """An error of the campaign API, with its status and French detail."""

    def __init__(self, status, detail):
        super().__init__(detail)
        self.status = status
        self.detail = detail


TITLES = {
    400: gettext_lazy("Requête invalide"),
    401: gettext_lazy("Authentification requise"),
    403: gettext_lazy("Accès refusé"),
    404: gettext_lazy("Introuvable"),
    405: gettext_lazy("Méthode non autorisée"),
    406: gettext_lazy("Format non disponible"),
    409: gettext_lazy("Conflit"),
    413: gettext_lazy("Requête trop volumineuse"),
    415: gettext_lazy("Type de contenu non pris en charge"),
    422: gettext_lazy("Paramètres invalides"),
    429: gettext_lazy("Trop de requêtes"),
    500: gettext_lazy("Erreur interne du serveur"),
    503: gettext_lazy("Service momentanément indisponible"),
}

# The detail of an error whose own message is unknown (or in English).
DETAILS = {
    400: gettext_lazy("Requête invalide."),
    401: gettext_lazy(
        "Authentification requise : cette ressource demande un jeton d’accès valide."
    ),
    403: gettext_lazy("Accès refusé à cette ressource."),
    404: gettext_lazy("Ressource introuvable."),
    405: gettext_lazy("Méthode non autorisée pour cette ressource."),
    422: gettext_lazy("Paramètres invalides."),
    429: gettext_lazy("Trop de requêtes : réessayez dans un instant."),
    500: gettext_lazy("Erreur interne du serveur."),
    503: gettext_lazy(
        "Service momentanément indisponible : réessayez dans un instant."
    ),
}


def french_title(status):
    return str(TITLES.get(status, _("Erreur")))


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
