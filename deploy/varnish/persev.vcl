# persev behind Varnish (Debian's package, 7.x): the reference edge cache.
#
#   readers ── HTTPS ──▶ nginx (TLS) ──▶ Varnish :6081 ──▶ gunicorn :8000
#   the site (web servers, scheduler) ── PURGE ──▶ Varnish (FRONTEND_CACHE_URL)
#
# What is kept: only answers the site marks `Cache-Control: public` (anonymous
# pages, the campaign API, feeds, calendar, widget), for their s-maxage.
# Never: the admin, previews, documents, search, a request carrying a session
# or a flash message, an answer setting a cookie or marked private/no-store
# (persev_site/edge/headers.py decides, this file enforces).
#
# A PURGE from the site refreshes the page in place: Varnish fetches it again
# (hash_always_miss) and the new copy replaces the old one, which readers keep
# getting until then; the path's other variants (query strings, partner
# origins) are dropped. `X-Purge-Prefix: 1` drops every page under the path.
# See the README ("Cache en frontal").
#
# Started as: varnishd -a :6081 -f /etc/varnish/persev.vcl -s malloc,256m
# Change the backend below to gunicorn's address (or a director of several)
# and its .host_header to the site's public name.

vcl 4.1;

import std;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
    # The Host of the health probe: a name in DJANGO_ALLOWED_HOSTS (the
    # public name in production), or Django answers it 400.
    .host_header = "localhost";
    # A cheap view that reads no database: tells Varnish when the site is
    # down, so it serves stale pages (stale-if-error) instead of errors.
    .probe = {
        .url = "/robots.txt";
        .interval = 2s;
        .timeout = 1s;
        .window = 5;
        .threshold = 3;
        # Healthy from the start, not after the first probes.
        .initial = 3;
    }
}

# Who may purge: the application servers and the scheduler.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # nginx says https; a request without the header came in plain HTTP
    # (the purger always says which).
    if (!req.http.X-Forwarded-Proto) {
        set req.http.X-Forwarded-Proto = "http";
    }
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.X-Purge-Prefix) {
            std.ban("obj.http.X-Persev-Host == " + req.http.host
                + " && obj.http.X-Persev-Path ~ ^" + regsub(req.url, "\?.*$", ""));
            return (synth(200, "Banned"));
        }
        # Other variants of this path go; the plain copy is replaced below.
        std.ban("obj.http.X-Persev-Host == " + req.http.host
            + " && obj.http.X-Persev-Path == " + regsub(req.url, "\?.*$", "")
            + " && obj.http.X-Persev-Variant != plain");
        set req.method = "GET";
        set req.hash_always_miss = true;
        set req.http.X-Persev-Refresh = "1";
        unset req.http.Cookie;
        unset req.http.Authorization;
        unset req.http.Origin;
        unset req.http.Accept-Language;
        # As readers' browsers ask (Varnish keeps one copy, gzipped or not,
        # per Vary: Accept-Encoding).
        set req.http.Accept-Encoding = "gzip";
        return (hash);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # What belongs to one person, or must check who asks on every request.
    if (req.url ~ "^/(admin|documents|_util|recherche)(/|$)"
        || req.url ~ "^/api/v3/campaigns/preview/"
        || req.http.Authorization
        || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Anonymous: no cookie reaches the site, so every reader gets (and
    # shares) the same page. A page with a form sets its CSRF cookie and is
    # not kept.
    unset req.http.Cookie;
    # One language (French): Django's Vary: Accept-Language must not make
    # one copy per browser setting, which a purge would not all refresh.
    unset req.http.Accept-Language;
    # The site is down: serve what we have for as long as stale-if-error
    # allows; up: only for the short stale-while-revalidate.
    if (!std.healthy(req.backend_hint)) {
        set req.grace = 24h;
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    # HTTP and HTTPS answers differ (the redirection, absolute links).
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_backend_response {
    # What a ban matches on (removed before delivery).
    set beresp.http.X-Persev-Host = bereq.http.host;
    set beresp.http.X-Persev-Path = regsub(bereq.url, "\?.*$", "");
    if (bereq.url ~ "\?" || (bereq.http.Origin && beresp.http.Vary ~ "(?i)origin")) {
        set beresp.http.X-Persev-Variant = "other";
    } else {
        set beresp.http.X-Persev-Variant = "plain";
    }
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control !~ "public"
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        # Not for sharing: remember not to wait on it (hit-for-miss).
        set beresp.uncacheable = true;
        set beresp.ttl = 30s;
        return (deliver);
    }
    # Stored compressed once, sent as such to every browser that accepts it
    # (nearly all), decompressed for the others.
    if (!beresp.http.Content-Encoding && beresp.http.Content-Type ~
        "^(text/|application/([a-z+]*json|javascript|[a-z+]*xml))") {
        set beresp.do_gzip = true;
    }
    # beresp.ttl comes from s-maxage, beresp.grace from
    # stale-while-revalidate; keep the copy for stale-if-error too.
    if (beresp.http.Cache-Control ~ "stale-if-error=\d+") {
        set beresp.keep = std.duration(
            regsub(beresp.http.Cache-Control, ".*stale-if-error=(\d+).*", "\1s"), 0s);
    }
    return (deliver);
}

sub vcl_deliver {
    if (req.http.X-Persev-Refresh) {
        # The purger waits for this: 200 once the new copy is stored, 503
        # when the site could not give it (the purger tries again later).
        if (resp.status >= 500) {
            return (synth(503, "Refresh failed"));
        }
        return (synth(200, "Refreshed"));
    }
    unset resp.http.X-Persev-Host;
    unset resp.http.X-Persev-Path;
    unset resp.http.X-Persev-Variant;
    if (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "HIT";
    } else {
        set resp.http.X-Edge-Cache = "MISS";
    }
}
