"""How a finished (approved) moderation workflow ends for campaign days.

Wagtail publishes an approved page at once. A campaign day must instead wait
for its date: approval only marks its revision approved, and an éditeur's
"Programmer la semaine" then schedules every approved day at its go-live
time. Any other page, and the approved correction of a day already live,
keep Wagtail's behaviour: published at once. Set in the project settings:
WAGTAIL_FINISH_WORKFLOW_ACTION = "campaign.workflows.finish_workflow".

An éditeur may also approve from the day's editor, after changing it: Wagtail
then saves the form as a new revision first, and approves the task state of
the revision that was submitted. What the éditeur approved is the version
they just saved, so the approval is carried over to it (the approved
revision is the latest one, which is what "Programmer la semaine" schedules).
A revision saved by someone else after the submission is never approved this
way: it has not been reviewed.
"""

from wagtail.workflows import publish_workflow_state


def finish_workflow(workflow_state, user=None):
    from campaign.models import CampaignDayPage

    page = workflow_state.content_object
    is_day = isinstance(page, CampaignDayPage) or (
        getattr(page, "specific_class", None) is CampaignDayPage
    )
    if is_day and not page.live:
        _approve_the_approvers_own_edits(workflow_state, page, user)
        return  # approved; scheduled later with the rest of the week
    # Other pages, and the correction of a day already live (its time has
    # come, and "Programmer la semaine" leaves live days alone): publish.
    publish_workflow_state(workflow_state, user=user)


def _approve_the_approvers_own_edits(workflow_state, page, user):
    task_state = workflow_state.current_task_state
    latest = page.get_latest_revision()
    if user is None or task_state is None or latest is None:
        return
    edited_by_approver = (
        latest.pk != task_state.revision_id
        and latest.user_id == user.pk
        and latest.created_at >= task_state.started_at
    )
    if edited_by_approver:
        # Imported here: this module is loaded while wagtail.models is.
        from wagtail.models import TaskState

        TaskState.objects.filter(pk=task_state.pk).update(revision=latest)
