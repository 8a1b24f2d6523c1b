"""HTTP caching of the partner endpoints: ETag, Last-Modified, Cache-Control, 304.

The validators come from the content's version (see
`campaign.partners.headless.content_version`), so a conditional request is
answered without building the answer, and the validators change as soon as a
day goes live or is edited.
"""

from functools import wraps

from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

# How long (seconds) a cache may still serve each kind of answer when this
# site is down (stale-if-error). Otherwise every cache must revalidate each
# time (max-age=0, must-revalidate; a 304 is cheap): a day that goes live
# shows in every channel at once, with no cache to clear by hand.
LIST_MAX_AGE = 60
DETAIL_MAX_AGE = 300
FEED_MAX_AGE = 600
WIDGET_MAX_AGE = 300


def _timestamp(version):
    return int(version.last_modified.timestamp()) if version.last_modified else None


def not_modified(request, version, max_age):
    """A 304 answer when the client's copy is current, else None."""
    response = get_conditional_response(
        request, etag=quote_etag(version.etag), last_modified=_timestamp(version)
    )
    if response is not None:
        set_validators(response, version, max_age)
    return response


def set_validators(response, version, max_age):
    """ETag, Last-Modified and a public Cache-Control on `response`."""
    response.headers["ETag"] = quote_etag(version.etag)
    if version.last_modified:
        response.headers["Last-Modified"] = http_date(_timestamp(version))
    patch_cache_control(
        response, public=True, max_age=0, must_revalidate=True, stale_if_error=max_age
    )
    return response


def never_cache_private(response):
    """For answers that must not be stored (previews of drafts)."""
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response


def conditional_view(version_of, max_age):
    """Decorate a plain Django view: `version_of(request, **kwargs)` returns
    the answer's Version (or None when there is nothing to answer, the view
    then runs and gives its 404)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            version = version_of(request, *args, **kwargs)
            if version is not None:
                response = not_modified(request, version, max_age)
                if response is not None:
                    return response
            response = view(request, *args, **kwargs)
            if version is not None and response.status_code == 200:
                set_validators(response, version, max_age)
            return response

        return wrapper

    return decorator
