"""gunicorn configuration: `gunicorn persev_site.wsgi` reads it from the
project root (or `-c gunicorn.conf.py`). Every value comes from the environment.

GUNICORN_BIND (default 127.0.0.1:8000; a comma-separated list for several),
GUNICORN_WORKERS (default 2), GUNICORN_THREADS (default 1), GUNICORN_TIMEOUT,
GUNICORN_GRACEFUL_TIMEOUT, GUNICORN_ACCESS_LOG ("-" = stdout, "" = off),
GUNICORN_LOG_LEVEL.
"""

import os

wsgi_app = "persev_site.wsgi:application"

bind = [
    address.strip()
    for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
    if address.strip()
]
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Load the application once in the master, then fork: faster start, shared memory.
# (Connections to the database and Redis are opened lazily, in each worker.)
preload_app = True

timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM/HUP, workers finish their current requests for up to this long.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so a slow leak can't grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'

# X-Forwarded-Proto from the proxy in front (settings: SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
