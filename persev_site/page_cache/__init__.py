"""The site's page cache: whole answers kept for anonymous visitors
(`middleware`), dropped as soon as content changes (`invalidation`), with a
system check that the cache is shared (`checks`). Installed as the app
persev_site.page_cache; settings PAGE_CACHE_SECONDS and
PAGE_CACHE_EXCLUDED_PATHS."""
