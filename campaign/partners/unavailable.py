"""When the database is out of reach for a moment (a restart, a failover, no
connection left): answer 503 with Retry-After rather than 500, since the same
request will work again shortly. The site's error view (HTML pages) and the
API's problem documents both use this."""

from django.db import InterfaceError, OperationalError

# What a client (a browser, a partner's site, a crawler) is told to wait
# before trying again.
RETRY_AFTER_SECONDS = 30


def database_unreachable(error):
    """Whether `error` says the database could not be reached or used."""
    return isinstance(error, (OperationalError, InterfaceError))
