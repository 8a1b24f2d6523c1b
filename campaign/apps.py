from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

# The system checks of the host contract register themselves on import.
from campaign import checks


class CampaignConfig(AppConfig):
    """A campaign week published day by day: pages, blocks, establishments,
    import and export. Reusable: it imports nothing from the host project."""

    name = "campaign"
    label = "campaign"
    verbose_name = _("Campaigns")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django: the modules below import the models, which load only once
        # the app registry is ready; hence the imports in ready().
        from campaign.admin import edit_handlers
        from campaign.models import CampaignDayPage
        from campaign.partners.webhooks import recording as webhooks
        from campaign.publishing import (
            day_email,
            day_events,
            go_live,
            search_index,
            signals,
        )

        edit_handlers.attach()
        CampaignDayPage.email_renderer = day_email.render_html
        go_live.register()
        search_index.register()
        signals.register()
        day_events.register()
        webhooks.register()

        if apps.is_installed("wagtail.contrib.redirects"):
            # Optional: Wagtail's redirects, when the site installs them.
            from campaign.public import redirects

            # Old addresses: recorded once public, lead nowhere until their
            # page is public.
            redirects.install()

        if apps.is_installed("wagtail.api.v3") and checks.app_order_ok():
            # The API's modules need wagtail.api.v3 (host contract) and
            # Wagtail's image and document routers, which exist only once
            # their apps are ready. Without them, the system checks
            # campaign.E001 and campaign.E002 say what to fix, and nothing
            # is registered meanwhile (an import would fail).
            from wagtail.api.v3.api import api

            from campaign.partners.api import setup

            setup.register(api)
