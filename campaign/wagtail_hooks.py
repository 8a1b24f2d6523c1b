"""Admin wiring of the campaign app (kept off the models)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from campaign import visibility
from campaign.models import CampaignPage, DayEmailDelivery, Establishment
from campaign.permissions import LockedPageRevertAction
from campaign.public_links import PublicPageLinkHandler


class EstablishmentChooserViewSet(SnippetChooserViewSet):
    # With form fields, the chooser modal gets a "create" tab: a communicator
    # adds a missing establishment without leaving the day being written.
    form_fields = ["name", "kind", "town", "department"]
    create_action_label = _("Créer cet établissement")
    creation_tab_label = _("Nouvel établissement")


# Wagtail's generic wording builds on the verbose name, with gendered
# placeholders in French ("Ajouter un(e) établissement", "Le(la)
# établissement … a été créé(e)"): the establishment screens say it plainly.
class EstablishmentIndexView(snippet_views.IndexView):
    add_item_label = _("Ajouter un établissement")

    def order_queryset(self, queryset):
        # The "Nom" column sorts like the list does by default: on the folded
        # name (case and accents ignored), both ways.
        if self.ordering in ("name", "-name"):
            desc = "-" if self.ordering.startswith("-") else ""
            return queryset.order_by(f"{desc}sort_name", f"{desc}town")
        return super().order_queryset(queryset)


class EstablishmentCreateView(snippet_views.CreateView):
    page_title = _("Nouvel établissement")
    error_message = _(
        "L’établissement n’a pas été créé : corrigez les erreurs ci-dessous."
    )

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        items[-1] = {**items[-1], "label": _("Nouvel établissement")}
        return items

    def get_success_message(self, instance=None):
        return _("Établissement « %(object)s » créé.") % {
            "object": instance or self.object
        }


class EstablishmentEditView(snippet_views.EditView):
    error_message = _(
        "L’établissement n’a pas été enregistré : corrigez les erreurs ci-dessous."
    )

    def get_success_message(self, instance=None):
        return _("Établissement « %(object)s » mis à jour.") % {
            "object": instance or self.object
        }


class EstablishmentDeleteView(snippet_views.DeleteView):
    success_message = _("Établissement « %(object)s » supprimé.")

    @property
    def confirmation_message(self):
        return _("Supprimer cet établissement ?")


class EstablishmentViewSet(SnippetViewSet):
    model = Establishment
    index_view_class = EstablishmentIndexView
    add_view_class = EstablishmentCreateView
    edit_view_class = EstablishmentEditView
    delete_view_class = EstablishmentDeleteView
    icon = "home"
    menu_label = _("Établissements")
    menu_order = 300
    add_to_admin_menu = True
    chooser_viewset_class = EstablishmentChooserViewSet
    list_display = ["name", "town", "department", "kind"]
    list_filter = ["department", "kind"]
    search_fields = ["name", "town"]
    ordering = ["sort_name", "town"]  # case and accents ignored (see the model)
    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("town"), FieldPanel("department")]),
    ]


register_snippet(EstablishmentViewSet)


@hooks.register("register_actions")
def revert_respects_locks(registry):
    # For every page type: the API's actions/revert looks its action up on
    # Page itself (campaign/permissions.py says why).
    registry.register(Page, LockedPageRevertAction)


@hooks.register("before_move_page")
def confirm_only_allowed_moves(request, page, destination):
    """Wagtail's move confirmation page shows any move asked for by its
    address, and only the POST checks it: refuse it at once instead."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


@hooks.register("insert_editor_js")
def day_date_from_link():
    return format_html(
        '<script src="{}"></script>', static("campaign/js/day-date-from-link.js")
    )


@hooks.register("construct_page_action_menu")
def approve_days_without_publishing(menu_items, request, context):
    """A day that is not live yet is not published when approved (it waits
    for "Programmer la semaine"): its approval buttons say "Approuver", not
    Wagtail's "Approuver et publier"."""
    from wagtail.admin.action_menu import WorkflowMenuItem

    from campaign.models import CampaignDayPage

    page = context.get("page")
    if not isinstance(page, CampaignDayPage) or page.live:
        return
    task = page.current_workflow_task
    if task is None:
        return
    labels = [
        label
        for name, label, _modal in task.get_actions(page, request.user)
        if name == "approve"
    ]
    items = [
        item
        for item in menu_items
        if isinstance(item, WorkflowMenuItem) and item.name == "approve"
    ]
    for item, label in zip(items, labels, strict=False):
        item.label = label


@hooks.register("before_delete_snippet")
def keep_establishments_named_by_days(request, instances):
    """Refuse to delete an establishment that a day's action names (live, or
    in the version being written): say which days, and go back."""
    if not instances or not isinstance(instances[0], Establishment):
        return None
    from campaign.services.establishment_usage import days_naming

    named = days_naming(instances)
    if not named:
        return None
    for establishment, days in named.items():
        messages.error(
            request,
            _(
                "« %(establishment)s » ne peut pas être supprimé : des actions le "
                "citent dans %(days)s. Retirez-le d’abord de ces journées, ou "
                "corrigez-le au lieu de le supprimer."
            )
            % {
                "establishment": establishment,
                "days": ", ".join(_day_label(day) for day in days),
            },
        )
    viewset = Establishment.snippet_viewset
    if len(instances) == 1:
        return redirect(viewset.get_url_name("edit"), instances[0].pk)
    return redirect(viewset.get_url_name("list"))


def _day_label(day):
    campaign = day.campaign
    return f"« {day.title} » ({campaign.title})" if campaign else f"« {day.title} »"


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
    menu_label = _("Envois de la lettre")
    menu_order = 310
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = ["day", "day_date", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status"]
    form_fields = ["status"]

    index_view_class = DeliveryIndexView


register_permission_policy(DayEmailDelivery, ReadOnlyPolicy(DayEmailDelivery))


@hooks.register("register_admin_viewset")
def register_delivery_viewset():
    return DayEmailDeliveryViewSet("day_email_deliveries")


@hooks.register("register_admin_urls")
def register_import_newsletter_url():
    from campaign.views.import_newsletter import import_newsletter
    from campaign.views.schedule_week import schedule_week

    return [
        path(
            "campaign/<int:campaign_id>/import-newsletter/",
            import_newsletter,
            name="campaign_import_newsletter",
        ),
        path(
            "campaign/<int:campaign_id>/schedule-week/",
            schedule_week,
            name="campaign_schedule_week",
        ),
    ]


class ImportNewsletterButton(PageMenuItem):
    label = _("Importer une lettre")
    icon_name = "upload"

    @property
    def url(self):
        return reverse("campaign_import_newsletter", args=[self.page.pk])

    def is_shown(self, user):
        return self.page.permissions_for_user(user).can_add_subpage()


class ScheduleWeekButton(PageMenuItem):
    label = _("Programmer la semaine")
    icon_name = "calendar"

    @property
    def url(self):
        return reverse("campaign_schedule_week", args=[self.page.pk])

    def is_shown(self, user):
        return self.page.permissions_for_user(user).can_publish_subpage()


@hooks.register("register_page_header_buttons")
def campaign_header_buttons(page, user, view_name, next_url=None):
    if page.specific_class is CampaignPage:
        yield ImportNewsletterButton(page=page, priority=16)
        yield ScheduleWeekButton(page=page, priority=17)


@hooks.register("register_page_listing_more_buttons")
def campaign_listing_buttons(page, user, next_url=None):
    if page.specific_class is CampaignPage:
        yield ImportNewsletterButton(page=page, priority=16)
        yield ScheduleWeekButton(page=page, priority=17)


@hooks.register("construct_homepage_panels")
def add_publication_panel(request, panels):
    from campaign.dashboard import PublicationDashboardPanel

    panels.insert(0, PublicationDashboardPanel(request))


@hooks.register("construct_explorer_page_queryset")
def order_days_by_date(parent_page, pages, request):
    """A campaign's days are listed in date order in the page explorer."""
    if parent_page.specific_class is CampaignPage:
        return pages.order_by("campaigndaypage__date", "path")
    return pages


# -- "Créer l'édition suivante" (campaign/views/next_edition.py) -------------------


@hooks.register("register_admin_urls")
def register_next_edition_url():
    from campaign.views.next_edition import next_edition

    return [
        path(
            "campaign/<int:campaign_id>/next-edition/",
            next_edition,
            name="campaign_next_edition",
        )
    ]


class NextEditionButton(PageMenuItem):
    label = _("Créer l’édition suivante")
    icon_name = "copy"

    @property
    def url(self):
        return reverse("campaign_next_edition", args=[self.page.pk])

    def is_shown(self, user):
        from campaign.views.next_edition import can_create_next_edition

        return can_create_next_edition(self.page, user)


@hooks.register("register_page_header_buttons")
def next_edition_header_button(page, user, view_name, next_url=None):
    if page.specific_class is CampaignPage:
        yield NextEditionButton(page=page, priority=18)


@hooks.register("register_page_listing_more_buttons")
def next_edition_listing_button(page, user, next_url=None):
    if page.specific_class is CampaignPage:
        yield NextEditionButton(page=page, priority=18)


# -- what anonymous readers may reach (campaign.visibility) ---------------------


@hooks.register("register_rich_text_features", order=1)
def public_page_links(features):
    # After Wagtail's own features (order 0): replaces its "page" link type.
    features.register_link_type(PublicPageLinkHandler)


@hooks.register("before_serve_document", order=-1)
def serve_public_documents_only(document, request):
    """A document no public page uses answers 404, as one that never existed
    (before Wagtail's collection check, whose password form would tell it
    exists). Whoever may use the admin downloads every document, as in
    previews. Only a request with a session cookie may be theirs: reading
    the session of the others would add "Vary: Cookie" to their 404, which
    an id that never existed does not get."""
    if visibility.is_public_document(document, request):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.has_perm(
        "wagtailadmin.access_admin"
    ):
        return None
    raise Http404
