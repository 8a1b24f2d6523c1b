"""The campaign, registered with Wagtail: nothing but registrations (the
admin itself is campaign/admin/)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from campaign.admin import (
    dashboard,
    deliveries,
    editor,
    establishments,
    explorer,
    page_views,
)
from campaign.admin.urls import admin_urls
from campaign.blocks.page_links import register_public_page_links
from campaign.models import DayEmailDelivery
from campaign.models.permissions import register_revert_action
from campaign.public.documents import serve_public_documents_only

register_snippet(establishments.EstablishmentViewSet)
register_permission_policy(
    DayEmailDelivery, deliveries.ReadOnlyPolicy(DayEmailDelivery)
)

# The admin.
hooks.register("register_admin_urls", admin_urls)
hooks.register("register_admin_viewset", deliveries.delivery_viewset)
hooks.register("register_admin_viewset", page_views.day_page_viewset)
hooks.register("register_admin_viewset", page_views.campaign_page_viewset)
hooks.register("construct_homepage_panels", dashboard.add_publication_panel)
hooks.register(
    "before_delete_snippet", establishments.keep_establishments_named_by_days
)
hooks.register("insert_editor_js", editor.day_date_from_link)
hooks.register("construct_page_action_menu", editor.approve_days_without_publishing)
hooks.register("after_edit_page", editor.say_what_the_review_did)
hooks.register("register_page_header_buttons", explorer.header_buttons)
hooks.register("register_page_listing_more_buttons", explorer.listing_buttons)
hooks.register("construct_explorer_page_queryset", explorer.order_days_by_date)
hooks.register("before_move_page", explorer.confirm_only_allowed_moves)

# Who may do what (campaign/models/permissions.py): the API's revert too.
hooks.register("register_actions", register_revert_action)

# What anonymous readers may reach (campaign/visibility.py): links to pages
# that are not public, and documents no public page uses.
hooks.register("register_rich_text_features", register_public_page_links, order=1)
hooks.register("before_serve_document", serve_public_documents_only, order=-1)
