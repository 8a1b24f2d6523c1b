from django.apps import AppConfig
from django.core import checks


class PageCacheConfig(AppConfig):
    """The anonymous visitors' page cache of the persev site."""

    name = "persev_site.page_cache"
    label = "persev_page_cache"
    verbose_name = "Cache des pages"

    def ready(self):
        # Django: modules that import models load once the app registry is
        # ready, hence these imports here.
        from persev_site.page_cache import checks as page_cache_checks
        from persev_site.page_cache import invalidation

        invalidation.register()
        checks.register(page_cache_checks.check_shared_cache, checks.Tags.caches)
