"""The API v3's OpenAPI document, made valid and true to what is served.

Wagtail 8.0.1 marks its public read routes `auth=[BearerTokenAuth(),
AllowAnonymous()]`, and the campaign router's routes `auth=[AllowAnonymous()]`
(it makes `request.user` anonymous, so that an editor's session cookie
changes nothing). `AllowAnonymous` is an `HttpAuthBase` without
`openapi_scheme`, so django-ninja writes it into the document as the
security scheme `{"type": "http"}`, which OpenAPI 3.1 refuses: an "http"
scheme needs its `scheme` (openapi-spec-validator fails on the document).
Client generators then take every public route for one that needs
credentials (openapi-python-client asks for an AuthenticatedClient).

Anonymous access is no security scheme in OpenAPI: it is the empty security
requirement `{}`. `install` post-processes the document the API serves:

- `AllowAnonymous` leaves `components.securitySchemes`; in each operation's
  `security`, its requirement becomes `{}` ("no credentials needed"): a route
  that takes a token or nothing says `[{"BearerTokenAuth": []}, {}]`, and a
  route open to all (every campaign route) says `security: []`;
- every error answer (4xx, 5xx) is declared with the media type it is sent
  with, `application/problem+json` (campaign.partners.api.errors makes every
  error of the v3 API a problem document), not django-ninja's
  `application/json`;
- the campaign routes' tag gets its description;
- the campaign routes are described in the active language: their
  summaries and descriptions (and those of their parameters, answers and the
  schemas they use) are English message ids, marked where they are written
  (gettext_noop: django-ninja and pydantic want plain strings there) and
  translated here, on each request (French from campaign/locale on a French
  site).

The document is built on each request (django-ninja does not keep it), so
the post-processing wraps `api.get_openapi_schema` on the API object itself.
"""

import functools

from django.utils.functional import Promise
from django.utils.translation import gettext
from wagtail.api.v3.errors import PROBLEM_JSON

# The security scheme Wagtail declares for anonymous access.
ANONYMOUS_SCHEME = "AllowAnonymous"


def without_anonymous_scheme(document):
    """`document` with anonymous access written as OpenAPI writes it."""
    schemes = document.get("components", {}).get("securitySchemes", {})
    schemes.pop(ANONYMOUS_SCHEME, None)
    if not schemes:
        document.get("components", {}).pop("securitySchemes", None)
    for operation in operations(document):
        security = operation.get("security")
        if security is None:
            continue
        requirements = []
        for requirement in security:
            requirement = {
                name: scopes
                for name, scopes in requirement.items()
                if name != ANONYMOUS_SCHEME
            }
            if requirement not in requirements:
                requirements.append(requirement)
        # Only "no credentials": no security requirement at all.
        operation["security"] = [] if requirements == [{}] else requirements
    return document


def with_problem_media_type(document):
    """`document` with every error answer declared as a problem document."""
    for operation in operations(document):
        for status, answer in operation.get("responses", {}).items():
            content = answer.get("content")
            if int(status) < 400 or not content or "application/json" not in content:
                continue
            answer["content"] = {
                PROBLEM_JSON if media_type == "application/json" else media_type: spec
                for media_type, spec in content.items()
            }
    return document


def operations(document):
    for path_item in document.get("paths", {}).values():
        for method, operation in path_item.items():
            if method in ("get", "put", "post", "delete", "patch", "head", "options"):
                yield operation


def with_tag_descriptions(document, tags):
    known = {tag["name"] for tag in document.get("tags", [])}
    document.setdefault("tags", []).extend(
        {"name": name, "description": str(description)}
        for name, description in tags.items()
        if name not in known
    )
    return document


# The texts of the document that are words for people, translated.
TRANSLATED_KEYS = ("summary", "description")


def _translated(node):
    """`node` (a part of the document) with its summaries and descriptions
    translated, in place; the `$ref`s it holds."""
    refs = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key in TRANSLATED_KEYS and isinstance(value, (str, Promise)):
                node[key] = gettext(str(value)) if str(value) else ""
            elif key == "$ref" and isinstance(value, str):
                refs.add(value)
            else:
                refs |= _translated(value)
    elif isinstance(node, list):
        for item in node:
            refs |= _translated(item)
    return refs


def with_translations(document, operation_id_prefix):
    """`document` with the operations whose operationId starts with
    `operation_id_prefix` (the campaign router's), and the component
    schemas they use, in the active language."""
    schemas = document.get("components", {}).get("schemas", {})
    pending = set()
    for operation in operations(document):
        if str(operation.get("operationId", "")).startswith(operation_id_prefix):
            pending |= _translated(operation)
    done = set()
    while pending:
        ref = pending.pop()
        done.add(ref)
        name = ref.rpartition("/")[2]
        if ref.startswith("#/components/schemas/") and name in schemas:
            pending |= _translated(schemas[name]) - done
    return document


def install(api, tags, operation_id_prefix=None):
    """Post-process the OpenAPI document of `api` (idempotent). `tags` maps a
    tag name to its (translated) description; the operations whose
    operationId starts with `operation_id_prefix` are translated."""
    if getattr(api, "_campaign_openapi_installed", False):
        return
    api._campaign_openapi_installed = True
    build = api.get_openapi_schema

    @functools.wraps(build)
    def get_openapi_schema(*args, **kwargs):
        document = build(*args, **kwargs)
        without_anonymous_scheme(document)
        with_problem_media_type(document)
        if operation_id_prefix:
            with_translations(document, operation_id_prefix)
        return with_tag_descriptions(document, tags)

    api.get_openapi_schema = get_openapi_schema
