"""What became of each day's e-mail, in the admin: a read-only listing of
the deliveries (sent, waiting, failing, and why)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from campaign.models import DayEmailDelivery


class ReadOnlyPolicy(BasePermissionPolicy):
    """Anyone with admin access may look; nobody edits by hand."""

    def user_has_permission(self, user, action):
        return (
            action == "view"
            and user.is_active
            and user.has_perm("wagtailadmin.access_admin")
        )

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class DeliveryIndexView(IndexView):
    def get_base_queryset(self):
        # The day (title, date) of every row in the listing's own query.
        return super().get_base_queryset().select_related("day")


class DayEmailDeliveryViewSet(ModelViewSet):
    """What became of each day's e-mail: sent, waiting, failing (and why)."""

    model = DayEmailDelivery
    icon = "mail"
    menu_label = _("Newsletter deliveries")
    menu_order = 310
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = ["day", "day_date", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status"]
    form_fields = ["status"]

    index_view_class = DeliveryIndexView


def delivery_viewset():
    """Hook register_admin_viewset."""
    return DayEmailDeliveryViewSet("day_email_deliveries")
