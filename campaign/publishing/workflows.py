"""How a finished (approved) moderation workflow ends for campaign days.

Wagtail publishes an approved page at once. A campaign day must instead wait
for its date: approval only marks its revision approved, and an éditeur's
"Programmer la semaine" then schedules every approved day at its go-live
time. Any other page, and the approved correction of a day already live,
keep Wagtail's behaviour: published at once. Set in the project settings:
WAGTAIL_FINISH_WORKFLOW_ACTION = "campaign.publishing.workflows.finish_workflow".
"""

from django.apps import apps
from wagtail.workflows import publish_workflow_state


def finish_workflow(workflow_state, user=None):
    # The model by name: Wagtail imports this module while its own models
    # load (WorkflowState reads the setting), before any page model exists.
    CampaignDayPage = apps.get_model("campaign", "CampaignDayPage")
    page = workflow_state.content_object
    is_day = isinstance(page, CampaignDayPage) or (
        getattr(page, "specific_class", None) is CampaignDayPage
    )
    if is_day and not page.live:
        # Approved (campaign.publishing.timeline.approved_revision says
        # which revision); scheduled later with the rest of the week.
        return
    # Other pages, and the correction of a day already live (its time has
    # come, and "Programmer la semaine" leaves live days alone): publish.
    publish_workflow_state(workflow_state, user=user)
