"""System check of the page cache: it needs a cache shared by every process."""

from django.core import checks

from persev_site.page_cache import middleware


def check_shared_cache(app_configs=None, **kwargs):
    """Warn when the page cache is on with a cache each process keeps to itself."""
    if not middleware.ttl() or not middleware.process_local():
        return []
    backend = type(middleware.backend()).__name__
    if backend != "DummyCache":  # DummyCache keeps nothing: no page is cached
        return [
            checks.Warning(
                f"The page cache (PAGE_CACHE_SECONDS) uses the "
                f"per-process cache {backend}: a page published or edited in "
                "another process (the scheduler, another worker) stays stale "
                "in this one until its entry expires.",
                hint="Configure a shared cache (REDIS_URL) or set "
                "PAGE_CACHE_SECONDS=0.",
                id="persev_site.W001",
            )
        ]
    return []
