"""The Varnish backend of Wagtail's frontend cache, as the purger needs it.

Wagtail's HTTPBackend sends `PURGE <path>` to the cache with the page's host
name in `Host`, and only logs a failure. This one:

- raises `PurgeFailed` instead, so the purger can try again;
- also sends `X-Forwarded-Proto` (the scheme of the page's URL), which the
  VCL hashes on: the refreshed copy is the one HTTPS readers get;
- can ban every page under a path prefix (`purge_prefix`), for the pages
  too many to refresh one by one (establishment pages).

What Varnish does with them is in deploy/varnish/persev.vcl: a PURGE
fetches the page again and replaces the stored copy (readers get the old
copy until the new one is stored), and drops the other variants of that
path (query strings, partner origins).
"""

from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from wagtail import __version__
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.backends.http import PurgeRequest

# Seconds to wait for Varnish to refetch one page.
TIMEOUT = 30


class PurgeFailed(Exception):
    """The cache did not confirm the purge of a URL."""


class VarnishBackend(HTTPBackend):
    def _request(self, url, headers=None):
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
        target = urlunsplit(
            [self.cache_scheme, self.cache_netloc, parts.path or "/", parts.query, ""]
        )
        request = PurgeRequest(
            url=target,
            headers={
                "Host": host,
                "X-Forwarded-Proto": parts.scheme or "http",
                "User-Agent": "persev-frontendcache/wagtail-" + __version__,
                **(headers or {}),
            },
        )
        try:
            with urlopen(request, timeout=TIMEOUT) as answer:  # noqa: S310 - LOCATION is ours
                answer.read()
        except HTTPError as error:
            raise PurgeFailed(f"{url}: HTTP {error.code} {error.reason}") from error
        except (URLError, OSError) as error:
            raise PurgeFailed(f"{url}: {getattr(error, 'reason', error)}") from error

    def purge(self, url):
        """Refresh `url` in the cache (and drop its other variants)."""
        self._request(url)

    def purge_prefix(self, url):
        """Drop every stored page whose path starts with `url`'s path."""
        self._request(url, {"X-Purge-Prefix": "1"})
