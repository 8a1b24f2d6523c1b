"""Partner webhooks in the admin: the endpoints (éditeurs add, change and
delete them: Django's model permissions, which the site gives the Éditeurs
group) and what became of each event sent to them (read-only, like the
e-mail deliveries)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies.base import ModelPermissionPolicy

from campaign.models import WebhookDelivery, WebhookEndpoint, WebhookEvent


class WebhookEndpointForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
        help_text=_("What the partner receives."),
    )
    secret = forms.CharField(
        label=_("Secret"),
        min_length=16,
        max_length=200,
        widget=forms.PasswordInput(render_value=True),
        error_messages={
            "min_length": _("The secret must be at least 16 characters long."),
        },
        help_text=WebhookEndpoint._meta.get_field("secret").help_text,
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "secret", "events", "active"]
        error_messages = {
            "url": {"invalid": _("Enter a full web address (https://…).")}
        }


class WebhookEndpointViewSet(ModelViewSet):
    """The addresses partners gave to be told when a day goes live."""

    model = WebhookEndpoint
    icon = "link-external"
    menu_label = _("Partner webhooks")
    list_display = ["name", "url", "event_labels", "active"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return WebhookEndpointForm


class ViewOnlyFor(ModelPermissionPolicy):
    """Who may see the deliveries: whoever may change the endpoints (their
    addresses show there). Nobody edits a delivery."""

    def __init__(self, model, reference):
        super().__init__(model)
        self.reference = ModelPermissionPolicy(reference)

    def user_has_permission(self, user, action):
        return action == "view" and self.reference.user_has_permission(user, "change")

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class WebhookDeliveryIndexView(IndexView):
    def get_base_queryset(self):
        # The endpoint of every row in the listing's own query.
        return super().get_base_queryset().select_related("endpoint")


class WebhookDeliveryViewSet(ModelViewSet):
    """What became of each event sent to each partner: sent, waiting,
    failing (and why)."""

    model = WebhookDelivery
    icon = "history"
    menu_label = _("Webhook deliveries")
    inspect_view_enabled = True
    list_display = [
        "endpoint",
        "event",
        "day_label",
        "status",
        "attempts",
        "response_status",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "event", "endpoint"]
    form_fields = ["status"]
    index_view_class = WebhookDeliveryIndexView


class WebhookMenuGroup(ModelViewSetGroup):
    menu_label = _("Webhooks")
    menu_icon = "link-external"
    menu_order = 320
    items = (
        WebhookEndpointViewSet("webhook_endpoints"),
        WebhookDeliveryViewSet("webhook_deliveries"),
    )


def webhook_viewsets():
    """Hook register_admin_viewset."""
    return WebhookMenuGroup()


def delivery_policy():
    return ViewOnlyFor(WebhookDelivery, WebhookEndpoint)
