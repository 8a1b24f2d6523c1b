"""Wagtail's v3 redirect endpoints take an API token.

Wagtail 8.0.1 opens `/api/v3/redirects/` (listing, `find/`, detail) to
anonymous callers: the whole redirect table, with the old addresses of drafts
(Wagtail records one whenever a page is moved or its slug changes, drafts
included) and the addresses of the pages they lead to, published or not.
Nothing public needs it: the site itself follows the redirects that lead to
public pages (campaign/public/redirects.py). So reading it takes a token, as
Wagtail's snippets and sites endpoints do: without one, every route answers
401, whatever the redirect asked for, existing or not.
"""

from functools import wraps

from ninja.errors import AuthenticationError
from wagtail.contrib.redirects.api.v3.router import router


def token_required(view):
    """Refuse anonymous callers. Wagtail's authentication has run: a valid
    token made `request.user` its user, anything else an AnonymousUser."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise AuthenticationError()
        return view(request, *args, **kwargs)

    return checked


def install():
    """Guard every operation of Wagtail's redirects router (idempotent)."""
    if not getattr(router, "_campaign_token_required", False):
        router.add_decorator(token_required)
        router._campaign_token_required = True
