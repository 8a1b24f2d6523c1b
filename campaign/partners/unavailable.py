"""When the database is out of reach for a moment (a restart, a failover, no
connection left): answer 503 with Retry-After rather than 500, since the same
request will work again shortly. The site's error view (HTML pages) and the
API's problem documents both use this.

Only a lost or refused connection counts. Django raises OperationalError for
much more than that: SQLite's "unterminated string" of a malformed full-text
query, PostgreSQL's statement timeout or "statement too complex". Those are
errors of the query, which the same request meets again: a 503 would tell
clients and crawlers to retry, and hide a bug behind the outage page. The
driver's own error (which Django chains as `__cause__`) says which it is.
"""

import sqlite3

from django.db import InterfaceError, OperationalError

# What a client (a browser, a partner's site, a crawler) is told to wait
# before trying again.
RETRY_AFTER_SECONDS = 30

# PostgreSQL's SQLSTATE of a connection that failed or was cut: class 08
# (connection exception), the server shutting down or starting up (57P01,
# 57P02, 57P03), no connection slot left (53300).
POSTGRES_UNREACHABLE_STATES = {"57P01", "57P02", "57P03", "53300"}
POSTGRES_CONNECTION_CLASS = "08"

# SQLite's primary result codes of a database file that cannot be used for
# the moment: busy or locked by another process past the timeout, cannot be
# opened, input/output error.
SQLITE_UNREACHABLE_CODES = {
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_IOERR,
}


def _driver_says_unreachable(cause):
    if isinstance(cause, sqlite3.Error):
        code = getattr(cause, "sqlite_errorcode", None)
        # Extended result codes keep the primary code in their low byte.
        return code is not None and code & 0xFF in SQLITE_UNREACHABLE_CODES
    # psycopg (3) names it `sqlstate`, psycopg2 `pgcode`; None when the
    # client could not connect or the server closed the connection.
    state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if state is None:
        return True
    return (
        state.startswith(POSTGRES_CONNECTION_CLASS)
        or state in POSTGRES_UNREACHABLE_STATES
    )


def database_unreachable(error):
    """Whether `error` says the database could not be reached or used (a
    lost, refused or closed connection), not that a query failed."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if cause is None:
        # Django always chains the driver's error; without one there is
        # nothing that says a query failed.
        return True
    return _driver_says_unreachable(cause)
