"""The establishments in the admin: their snippet screens (list, create,
edit, delete, and the chooser that creates one without leaving a day), and
the refusal to delete one that a day names."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from campaign.authoring.establishment_usage import days_naming
from campaign.models import Establishment


class EstablishmentChooserViewSet(SnippetChooserViewSet):
    # With form fields, the chooser modal gets a "create" tab: a communicator
    # adds a missing establishment without leaving the day being written.
    form_fields = ["name", "kind", "town", "department"]
    create_action_label = _("Create this establishment")
    creation_tab_label = _("New establishment")


# Wagtail's generic wording builds on the verbose name, with gendered
# placeholders in French ("Ajouter un(e) établissement", "Le(la)
# établissement … a été créé(e)"): the establishment screens say it plainly.
class EstablishmentIndexView(snippet_views.IndexView):
    add_item_label = _("Add an establishment")

    def order_queryset(self, queryset):
        # The "Nom" column sorts like the list does by default: on the folded
        # name (case and accents ignored), both ways.
        if self.ordering in ("name", "-name"):
            desc = "-" if self.ordering.startswith("-") else ""
            return queryset.order_by(f"{desc}sort_name", f"{desc}town")
        return super().order_queryset(queryset)


class EstablishmentCreateView(snippet_views.CreateView):
    page_title = _("New establishment")
    error_message = _(
        "The establishment could not be created: correct the errors below."
    )

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        items[-1] = {**items[-1], "label": _("New establishment")}
        return items

    def get_success_message(self, instance=None):
        return _("Establishment “%(object)s” created.") % {
            "object": instance or self.object
        }


class EstablishmentEditView(snippet_views.EditView):
    error_message = _("The establishment could not be saved: correct the errors below.")

    def get_success_message(self, instance=None):
        return _("Establishment “%(object)s” updated.") % {
            "object": instance or self.object
        }


class EstablishmentDeleteView(snippet_views.DeleteView):
    success_message = _("Establishment “%(object)s” deleted.")

    @property
    def confirmation_message(self):
        return _("Delete this establishment?")


class EstablishmentViewSet(SnippetViewSet):
    model = Establishment
    index_view_class = EstablishmentIndexView
    add_view_class = EstablishmentCreateView
    edit_view_class = EstablishmentEditView
    delete_view_class = EstablishmentDeleteView
    icon = "home"
    menu_label = _("Establishments")
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


def keep_establishments_named_by_days(request, instances):
    """Hook before_delete_snippet: refuse to delete an establishment that a
    day's action names (live, or in the version being written): say which
    days, and go back."""
    if not instances or not isinstance(instances[0], Establishment):
        return None
    named = days_naming(instances)
    if not named:
        return None
    for establishment, days in named.items():
        messages.error(
            request,
            _(
                "“%(establishment)s” cannot be deleted: actions name it in %(days)s. Remove it from these days first, or correct it instead of deleting it."
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
    if campaign:
        return _("“%(title)s” (%(campaign)s)") % {
            "title": day.title,
            "campaign": campaign.title,
        }
    return _("“%(title)s”") % {"title": day.title}
