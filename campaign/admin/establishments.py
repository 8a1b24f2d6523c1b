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
