"""The campaign's page types in Wagtail's page views (PageViewSet, Wagtail 8).

- **Nothing is created before the first explicit save.** Wagtail's autosave
  (WAGTAIL_AUTOSAVE_INTERVAL) also runs on the creation form: the day was
  created as a draft while the communicant was still filling it in, and an
  abandoned form left a « Brouillon » day on the calendar, holding its date
  (one day per date). The creation form of a campaign or a day has no
  autosave: the page exists once « Enregistrer le brouillon » (or submit,
  publish) is clicked; leaving before that, Wagtail's "unsaved changes"
  warning asks first. Autosave stays on when editing an existing page.
- **A day's state in its campaign's page list** says what the publication
  calendar says: « approuvée » for a day approved and waiting for its date
  (Wagtail shows « brouillon »), « en relecture », « programmée »…
- **The day's editor says the same**, from the same source
  (`timeline.state_of`): its header shows the day's state next to the
  status panel's toggle while it is not live (Wagtail shows a tag only for a
  live page), and the status panel titles an approved or scheduled day
  « Approuvée » / « Programmée » where Wagtail writes « Brouillon ». An
  autosave refreshes both (a communicant's save of an approved day makes it
  a draft again).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import MediaContainer
from wagtail.admin.ui.side_panels import PageStatusSidePanel
from wagtail.admin.ui.tables.pages import PageStatusColumn
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.viewsets.pages import PageViewSet

from campaign.models import CampaignDayPage, CampaignPage
from campaign.publishing import timeline


class CreateWithoutAutosaveView(CreateView):
    """Wagtail's creation view, without autosave."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The template turns Wagtail's autosave controller on with this, and
        # shows its indicator ("Enregistré") in the header with that.
        context["autosave_enabled"] = False
        context["autosave_indicator"] = None
        return context

    def post(self, request):
        # A background save can only come from a form opened before this
        # rule (autosave is what posts here asking for JSON): it creates
        # nothing either.
        if self.expects_json_response:
            return self.json_error_response(
                "autosave_disabled",
                _(
                    "Nothing is saved automatically before the first save: click “Save draft”."
                ),
            )
        return super().post(request)


class DayStatusColumn(PageStatusColumn):
    """The status column, with the calendar's word for a day not live yet."""

    cell_template_name = "campaign/admin/day_status_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        if isinstance(instance, CampaignDayPage) and not instance.live:
            context["day_state"] = timeline.LABELS[timeline.state_of(instance)]
        return context


class DayIndexView(ExplorableIndexView):
    """A campaign's page list (its days), with the days' states."""

    base_columns = [
        DayStatusColumn(
            column.name,
            label=column.label,
            sort_key=column.sort_key,
            width=column.width,
        )
        if isinstance(column, PageStatusColumn)
        else column
        for column in ExplorableIndexView.base_columns
    ]


# Wagtail's status panel says « Brouillon » for these (unpublished changes,
# no workflow in progress): the panel names them itself.
OWN_TITLE_STATES = {
    timeline.APPROVED: "calendar",
    timeline.SCHEDULED: "calendar-check",
}


class DayStatusSidePanel(PageStatusSidePanel):
    """Wagtail's status panel, with the calendar's word for a day not live."""

    class SidePanelToggle(PageStatusSidePanel.SidePanelToggle):
        # The header's toggle, after the day's state tag.
        template_name = "campaign/admin/day_status_toggle.html"

        def get_context_data(self, parent_context):
            context = super().get_context_data(parent_context)
            context["day_state"] = self.panel.day_state_label
            return context

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page's record as it is now (what the page list reads): not the
        # form's object (the latest revision's content) nor the view's
        # record, read before the save an autosave answers.
        self.day_state = None
        if self.object.pk:
            day = type(self.object).objects.get(pk=self.object.pk)
            if not day.live:
                self.day_state = timeline.state_of(day)

    @property
    def day_state_label(self):
        return timeline.LABELS[self.day_state] if self.day_state else None

    def get_status_templates(self, context):
        templates = super().get_status_templates(context)
        return [
            "campaign/admin/day_status_panel.html"
            if template.endswith("/status/workflow.html")
            else template
            for template in templates
        ]

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        if self.day_state in OWN_TITLE_STATES:
            context["day_state"] = self.day_state_label
            context["day_state_icon"] = OWN_TITLE_STATES[self.day_state]
        return context


class DayEditView(EditView):
    """Wagtail's edit view of a day, with the day's state in its status."""

    # An autosave's answer also refreshes the header's state tag.
    partials_template_name = "campaign/admin/day_edit_partials.html"

    def get_side_panels(self):
        return MediaContainer(
            [
                DayStatusSidePanel(
                    self.page,
                    self.request,
                    show_schedule_publishing_toggle=(
                        self.form.show_schedule_publishing_toggle
                    ),
                    live_object=self.real_page_record,
                    scheduled_object=self.scheduled_page,
                    locale=self.locale,
                    translations=self.translations,
                    parent_page=self.page.get_parent(),
                )
                if type(panel) is PageStatusSidePanel
                else panel
                for panel in super().get_side_panels()
            ]
        )


class CampaignDayPageViewSet(PageViewSet):
    model = CampaignDayPage
    add_view_class = CreateWithoutAutosaveView
    edit_view_class = DayEditView
    # Used for the children of a campaign (parent_models: CampaignPage).
    index_view_class = DayIndexView


class CampaignPageViewSet(PageViewSet):
    model = CampaignPage
    add_view_class = CreateWithoutAutosaveView


def day_page_viewset():
    """Hook register_admin_viewset."""
    return CampaignDayPageViewSet()


def campaign_page_viewset():
    """Hook register_admin_viewset."""
    return CampaignPageViewSet()
