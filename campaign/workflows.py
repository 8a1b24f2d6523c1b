"""How a finished (approved) moderation workflow ends for campaign days.

Wagtail publishes an approved page at once. A campaign day must instead wait
for its date: approval only marks its revision approved, and an éditeur's
"Programmer la semaine" then schedules every approved day at its go-live
time. Any other page keeps Wagtail's behaviour. Set in the project settings:
WAGTAIL_FINISH_WORKFLOW_ACTION = "campaign.workflows.finish_workflow".
"""

from wagtail.workflows import publish_workflow_state


def finish_workflow(workflow_state, user=None):
    from campaign.models import CampaignDayPage

    if isinstance(workflow_state.content_object, CampaignDayPage) or (
        getattr(workflow_state.content_object, "specific_class", None)
        is CampaignDayPage
    ):
        return  # approved; scheduled later with the rest of the week
    publish_workflow_state(workflow_state, user=user)
