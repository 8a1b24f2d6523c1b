"""The site's edge cache: an HTTP cache in front of the application
(Varnish, deploy/varnish/persev.vcl, or a CDN) that serves the anonymous
pages, told what it may keep (`headers`) and refreshed when content changes
(`changes` → `targets` → `purger` → `backends`). Installed as the app
persev_site.edge; settings EDGE_CACHE_SECONDS, EDGE_STALE_WHILE_REVALIDATE,
EDGE_STALE_IF_ERROR, EDGE_PURGE_RETRY_DELAYS and WAGTAILFRONTENDCACHE (from
FRONTEND_CACHE_URL and the CDN variables, see the README)."""
