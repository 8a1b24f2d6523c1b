from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    """A campaign week published day by day: pages, blocks, establishments,
    import and export. Reusable: it imports nothing from the host project."""

    name = "campaign"
    label = "campaign"
    verbose_name = _("Campagnes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django: the modules below import the models, which load only once
        # the app registry is ready; hence the imports in ready().
        from campaign.admin import edit_handlers
        from campaign.models import CampaignDayPage
        from campaign.publishing import day_email, go_live, search_index, signals

        edit_handlers.attach()
        CampaignDayPage.email_renderer = day_email.render_html
        go_live.register()
        search_index.register()
        signals.register()

        if apps.is_installed("wagtail.contrib.redirects"):
            # Optional: Wagtail's redirects, when the site installs them.
            from campaign.public import redirects

            # Old addresses: recorded once public, lead nowhere until their
            # page is public.
            redirects.install()

        if apps.is_installed("wagtail.api.v3"):
            # Optional: the API's modules need wagtail.api.v3 installed, and
            # Wagtail's image and document routers, which exist only once
            # their apps are ready (checked first).
            from wagtail.api.v3.api import api

            from campaign.partners.api import app_order

            app_order.check_app_order()

            from campaign.partners.api import setup

            setup.register(api)
