"""Hostile input and where it goes: the values, every public route of the
site and of its API, and every parameter each route accepts.

Values are written as they travel in an address (percent-encoded), so that
they can carry what a Python string cannot: a surrogate's UTF-8 bytes, bytes
that are no UTF-8 at all. tests/test_hostile_input.py sends them.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote, quote_from_bytes

from hypothesis import strategies as st

# -- values ------------------------------------------------------------------------


def encoded(text):
    return quote(text, safe="")


# One of each kind: each is tried on every parameter and in every path
# segment of every public route.
CATALOGUE = {
    "NUL": "a%00b",
    "64 bits and one": str(2**63),
    "below 64 bits": str(-(2**63) - 1),
    "negative": "-1",
    "float": "1.5",
    "not a number": "nan",
    "double quote": encoded('"orientation'),
    "quotes and backslashes": encoded("l'école \"\\\" \\'; --"),
    "full-text syntax": encoded('NEAR(a b) OR * "x" : {title} ^ -'),
    "empty": "",
    "surrogate": "%ED%A0%80",  # U+D800 in UTF-8, which no text may hold
    "no UTF-8": "%C0%AF%FF%FE",
    "odd Unicode": encoded("\u202eabc\u200b\ufeff👩‍👩‍👧 e\u0301\u0301 𝕏 <b>"),
    "long": encoded("é" * 3000),
}

# Any text (the NUL and every other control character included; surrogates
# cannot be encoded, they come as bytes below).
_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)

hostile_values = st.one_of(
    st.sampled_from(sorted(CATALOGUE.values())),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats().map(repr),
    _text.map(encoded),
    st.binary(max_size=16).map(lambda data: quote_from_bytes(data, safe="")),
)


# -- routes --------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """A public GET route: its address with {holes}, and its parameters.

    `pattern` is its Django URL pattern, which tells that every route of
    the site is in the list (TestEveryRouteIsListed); `token` marks the API
    routes that need a bearer token (they are tried with one).
    """

    path: str
    params: tuple = ()
    pattern: str = ""
    token: bool = False

    @property
    def holes(self):
        return re.findall(r"{(\w+)}", self.path)

    def address(self, holes, query=()):
        """The address with `holes` filled and `query` ((name, value) pairs,
        both already encoded) as its query string."""
        path = self.path.format(**holes)
        if not query:
            return path
        return path + "?" + "&".join(f"{name}={value}" for name, value in query)

    @property
    def is_api(self):
        return self.path.startswith("/api/")


# The site's routes, outside the admin and the API. {page} is the address of
# a live page (the home page, a content page, a campaign, a day).
SITE_ROUTES = [
    Route("{page}", pattern="^((?:[\\w\\-]+/)*)$"),
    Route("/{segment}/", pattern="^((?:[\\w\\-]+/)*)$"),
    Route("{page}{segment}/", pattern="^((?:[\\w\\-]+/)*)$"),
    Route("/recherche/", ("q", "page"), pattern="recherche/"),
    Route("/sitemap.xml", ("p",), pattern="sitemap.xml"),
    Route("/robots.txt", pattern="robots.txt"),
    *(
        Route(f"/campagnes/{{slug}}/{name}", pattern=f"campagnes/<slug:slug>/{name}")
        for name in (
            "flux.rss",
            "flux.atom",
            "flux.json",
            "semaine.ics",
            "widget.js",
            "widget/",
        )
    ),
    Route(
        "/campagnes/{slug}/actions/",
        ("academie", "departement", "type"),
        pattern="campagnes/<slug:slug>/actions/",
    ),
    Route(
        "/campagnes/etablissements/{establishment}-{establishment_slug}/",
        pattern="campagnes/etablissements/<int:pk>-<slug:slug>/",
    ),
    Route("/documents/{document}/{filename}", pattern="documents/^(\\d+)/(.*)$"),
    Route(
        "/documents/authenticate_with_password/{restriction}/",
        ("next",),
        pattern="documents/authenticate_with_password/<int:restriction_id>/",
    ),
    Route(
        "/_util/authenticate_with_password/{restriction}/{page_id}/",
        ("return_url",),
        pattern=(
            "_util/authenticate_with_password/"
            "<int:page_view_restriction_id>/<int:page_id>/"
        ),
    ),
    Route("/_util/login/", ("next",), pattern="_util/login/"),
]

# Query parameters of the API that its OpenAPI document does not list:
# Wagtail's listings filter by any field they may read (APIFieldFilterSchema:
# their BASE_*_READ_FIELDS, and the page models' api_fields, added below).
API_EXTRA_PARAMS = {
    "/api/v3/pages/": ("id", "title", "slug", "show_in_menus", "first_published_at"),
    "/api/v3/images/": ("id", "title", "width", "height"),
    "/api/v3/documents/": ("id", "title"),
    "/api/v3/redirects/": (
        "id",
        "old_path",
        "site",
        "is_permanent",
        "redirect_page",
        "redirect_page_route_path",
        "automatically_created",
        "created_at",
    ),
}
# Outside the OpenAPI document itself.
API_DOCUMENT_ROUTES = [Route("/api/v3/openapi.json"), Route("/api/v3/docs/")]


def api_routes(openapi, page_field_names=()):
    """Every GET route of the OpenAPI document, with its parameters."""
    routes = list(API_DOCUMENT_ROUTES)
    for path, operations in sorted(openapi["paths"].items()):
        operation = operations.get("get")
        if operation is None:
            continue
        params = [
            p["name"] for p in operation.get("parameters", []) if p["in"] == "query"
        ]
        params.extend(API_EXTRA_PARAMS.get(path, ()))
        if path == "/api/v3/pages/":
            params.extend(page_field_names)
        # No security requirement, or an empty one among them ({}): open to
        # anonymous readers (campaign/partners/api/openapi.py).
        security = operation.get("security")
        anonymous = not security or {} in security
        routes.append(Route(path, tuple(dict.fromkeys(params)), token=not anonymous))
    return routes
