"""Whole answers cached for anonymous visitors, dropped as soon as content changes.

`AnonymousPageCacheMiddleware` keeps the 200 answers given to visitors who
carry no cookie but the CSRF one (nobody logged in, no flash message, no
language choice) and no Authorization header. A later request for the same
URL is answered from the cache before sessions, authentication and Wagtail's
routing run: no SQL at all. It sits right after WhiteNoise, so the security
and Content-Security-Policy middlewares above it still add their headers to
a cached answer.

Invalidation is by generation: every cached answer is stored with the
generation number in force when its request came in, and is served only
while that number is still the current one. The number lives in the cache
too (`invalidate()` increments it) and is read with the answer, in one round
trip. With a shared cache (Redis in production) one increment drops every
cached answer on every server at once; nothing is deleted, old entries are
overwritten or expire.
invalidation.py increments it when something a page shows changes
(publication, expiry, establishments, settings, images…).

What is cached, and keyed on:
- GET (HEAD is answered from the GET entry), on a path that the setting
  PAGE_CACHE_EXCLUDED_PATHS (regular expressions) does not exclude;
- the scheme, host, path and query string (its parameters sorted; none
  longer than MAX_QUERY_LENGTH, to bound the number of keys), the Origin
  header (partner endpoints answer CORS headers per origin, and Origin is
  in their Vary), and today's date in the campaign's time zone: pages that
  say "today", "to come" or "no day published" change at midnight.
  Anything else computed from the current time (nothing at the time of
  writing) would be as stale as PAGE_CACHE_SECONDS at most;
- only 200 answers, not streamed, setting no cookie, not marked private or
  no-store, and whose Vary names nothing but what the key covers.

A cached answer that carries an ETag or Last-Modified (the API, the feeds)
still answers a conditional request with 304.

The setting PAGE_CACHE_SECONDS is how long an answer is kept; 0 (or no
setting) turns the cache off. The cache must be shared by every process that
serves pages or publishes (web servers, the scheduler): a per-process cache
(LocMemCache) would miss the invalidations made by the other processes, and
the system check persev_site.W001 says so (checks.py).
"""

import hashlib
import pickle
import re
import secrets
from functools import cache
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language_from_request

from campaign.reference import dates

CACHE_ALIAS = "default"
GENERATION_KEY = "persev:page-cache:generation"
KEY_PREFIX = "persev:page-cache:v1"
# Longer query strings (or Origin headers) are not cached: each distinct one
# would be a new entry.
MAX_QUERY_LENGTH = 200
MAX_ORIGIN_LENGTH = 200
# The response header that tells a hit from a miss (tests, benchmark).
STATUS_HEADER = "X-Cache"
# Vary values the key covers: cookies (only cookie-less requests are served),
# Origin and Accept-Language (in the key), Authorization (never served),
# Accept-Encoding (answers with a Content-Encoding are not stored).
KEYED_VARY = {"cookie", "origin", "accept-language", "authorization", "accept-encoding"}


def backend():
    return caches[CACHE_ALIAS]


def ttl():
    """How long an answer is kept (seconds); 0: the cache is off."""
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


@cache
def _compiled(patterns):
    return [re.compile(pattern) for pattern in patterns]


def excluded(path):
    """Whether `path` is never cached (settings.PAGE_CACHE_EXCLUDED_PATHS)."""
    patterns = tuple(getattr(settings, "PAGE_CACHE_EXCLUDED_PATHS", ()))
    return any(pattern.search(path) for pattern in _compiled(patterns))


def _new_generation():
    """Create the generation (first use, or evicted); None if the cache is down."""
    store = backend()
    # A random start: if the key was evicted, the new generation never
    # reuses a number that entries still in the cache were stored with.
    store.add(GENERATION_KEY, secrets.randbelow(2**48), timeout=None)
    return store.get(GENERATION_KEY)


def process_local():
    """Whether the cache is this process's own (nobody else reads it)."""
    return isinstance(backend(), (LocMemCache, DummyCache))


def invalidation_needed():
    """Whether a change must drop cached answers from this process.

    Even with the page cache off here, a shared cache may hold the pages of
    other processes: the process that publishes (the scheduler, an admin
    server) need not be one that serves pages.
    """
    return bool(ttl()) or not process_local()


def invalidate():
    """Drop every cached answer (in every process sharing the cache)."""
    store = backend()
    try:
        store.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or evicted): start a new one
        store.set(GENERATION_KEY, secrets.randbelow(2**48), timeout=None)


def _anonymous(request):
    """No cookie that could change the answer, no credentials."""
    if "Authorization" in request.headers:
        return False
    return set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}


def cache_key(request):
    """The key of `request`'s answer, or None when it is not to be cached."""
    query = request.META.get("QUERY_STRING", "")
    origin = request.headers.get("Origin", "")
    if len(query) > MAX_QUERY_LENGTH or len(origin) > MAX_ORIGIN_LENGTH:
        return None
    # Parameters sorted by name (the order of a repeated one is kept).
    pairs = sorted(parse_qsl(query, keep_blank_values=True), key=lambda kv: kv[0])
    parts = [
        request.scheme,
        request.get_host(),
        request.path,
        urlencode(pairs),
        origin.lower(),
        dates.today().isoformat(),
    ]
    if len(settings.LANGUAGES) > 1:
        parts.append(get_language_from_request(request))
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"{KEY_PREFIX}:{digest}"


def _storable(request, response):
    if request.method != "GET" or response.status_code != 200:
        return False
    if response.streaming or response.cookies or "Content-Encoding" in response:
        return False
    cache_control = {
        part.split("=", 1)[0].strip().lower()
        for part in response.get("Cache-Control", "").split(",")
    }
    if cache_control & {"private", "no-store"}:
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v}
    if not vary <= KEYED_VARY:
        return False
    # Belt and braces: a request with no session cookie has no user, but
    # another authentication middleware might log one in.
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _conditional(request, response):
    """A 304 (or 412) for a conditional request on a cached answer, else it."""
    etag = response.get("ETag")
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    if not etag and last_modified is None:
        return response
    answer = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
    if answer is not response:
        # Django copies the validators; the CORS headers must follow too,
        # as on an uncached 304.
        for header, value in response.items():
            if header.lower().startswith("access-control-"):
                answer[header] = value
    return answer


class AnonymousPageCacheMiddleware:
    """Serve anonymous GET/HEAD requests from the cache (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = ttl()
        if (
            not seconds
            or request.method not in ("GET", "HEAD")
            or not _anonymous(request)
            or excluded(request.path_info)
        ):
            return self.get_response(request)
        try:
            key = cache_key(request)
        except DisallowedHost:
            key = None  # the usual 400, from the usual middleware
        if key is None:
            return self.get_response(request)

        found = backend().get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = _new_generation()
            if generation is None:  # the cache is unreachable
                return self.get_response(request)
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            response = _conditional(request, entry[1])
            response[STATUS_HEADER] = "HIT"
            return response

        response = self.get_response(request)
        # Stored with the generation read *before* the answer was built: if
        # content changed meanwhile, the entry is already out of date.
        if _storable(request, response):
            try:
                backend().set(key, (generation, response), seconds)
            except (pickle.PicklingError, TypeError, AttributeError):
                pass  # an answer that cannot be stored is simply not cached
        response[STATUS_HEADER] = "MISS"
        return response
