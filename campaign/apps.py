from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    """A campaign week published day by day: pages, blocks, establishments,
    import and export. Reusable: it imports nothing from the host project."""

    name = "campaign"
    label = "campaign"
    verbose_name = _("Campagnes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from campaign import signal_handlers

        signal_handlers.register()

        from django.core import checks

        from campaign import cache_invalidation
        from campaign.http import page_cache

        # Anonymous visitors' cached pages are dropped when content changes.
        cache_invalidation.register()
        checks.register(page_cache.check_shared_cache, checks.Tags.caches)

        from django.apps import apps

        if apps.is_installed("wagtail.contrib.redirects"):
            from campaign import redirects

            # Old addresses lead nowhere until their page is public.
            redirects.install()

        if apps.is_installed("wagtail.api.v3"):
            from campaign import api

            api.register()
