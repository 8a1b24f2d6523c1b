"""Where each day of a campaign stands in its way to the public, and the
"Programmer la semaine" action.

States, in the campaign's time zone:
draft → in moderation → approved → scheduled for <date time> → live since
<date time> (→ expired). A scheduled day whose time has passed by more
than LATE_AFTER without going live is late: the scheduler is not running.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Revision, WorkflowState

from campaign.models import CampaignDayPage
from campaign.publishing.scheduler import last_run
from campaign.reference.dates import campaign_timezone, long_date

LATE_AFTER = timedelta(minutes=2)

DRAFT = "draft"
IN_MODERATION = "in_moderation"
APPROVED = "approved"
SCHEDULED = "scheduled"
LIVE = "live"
EXPIRED = "expired"
MISSING = "missing"

LABELS = {
    DRAFT: pgettext_lazy("day state", "draft"),
    IN_MODERATION: pgettext_lazy("day state", "in review"),
    APPROVED: pgettext_lazy("day state", "approved"),
    SCHEDULED: pgettext_lazy("day state", "scheduled"),
    LIVE: pgettext_lazy("day state", "live"),
    EXPIRED: pgettext_lazy("day state", "expired"),
    MISSING: pgettext_lazy("day state", "not written yet"),
}


def local(dt):
    """`dt` in the campaign's time zone (Europe/Paris), not the admin user's:
    Wagtail shows the admin in each user's own time zone when they chose one."""
    return timezone.localtime(dt, campaign_timezone()) if dt else None


def format_moment(dt):
    """ "lundi 1er février 2021 à 08:00" in the site's time zone (Europe/Paris)."""
    dt = local(dt)
    return _("%(date)s at %(time)s") % {
        "date": long_date(dt.date()),
        "time": dt.strftime("%H:%M"),
    }


@dataclass
class DayStatus:
    date: object
    day: object  # CampaignDayPage or None
    state: str
    go_live_at: object = None  # when it goes (or should have gone) live
    live_since: object = None
    approved_revision: object = None
    late: bool = False
    has_pending_changes: bool = False

    @property
    def label(self):
        return LABELS[self.state]

    @property
    def description(self):
        if self.state == SCHEDULED:
            moment = {"moment": format_moment(self.go_live_at)}
            if self.late:
                return (
                    _("scheduled for %(moment)s — late: is the scheduler not running?")
                    % moment
                )
            return _("scheduled for %(moment)s") % moment
        if self.state == LIVE:
            since = {"since": format_moment(self.live_since)}
            if self.go_live_at:
                return _(
                    "live since %(since)s — new version scheduled for %(moment)s"
                ) % {**since, "moment": format_moment(self.go_live_at)}
            if self.has_pending_changes:
                return _("live since %(since)s — unpublished changes") % since
            return _("live since %(since)s") % since
        return self.label


def approved_revision(day):
    """The day's latest revision if a finished workflow approved it, else None.

    Approved: the revision the task was on, or one the approver saved while
    the task was open (in the day's editor, Wagtail's approve button saves
    the form as a new revision, then approves the task on the submitted one:
    what the éditeur approved is the version they saved). A revision saved by
    anyone else after the submission has not been reviewed.
    """
    state = (
        WorkflowState.objects.for_instance(day)
        .filter(status=WorkflowState.STATUS_APPROVED)
        .select_related("current_task_state")
        .order_by("-created_at")
        .first()
    )
    task = state.current_task_state if state is not None else None
    latest = day.latest_revision
    if task is None or latest is None:
        return None
    if task.revision_id == latest.pk:
        return latest
    saved_by_approver = (
        task.finished_by_id is not None
        and latest.user_id == task.finished_by_id
        and task.started_at <= latest.created_at <= task.finished_at
    )
    return latest if saved_by_approver else None


def state_of(day):
    """The state of `day`, without its moments (DRAFT … LIVE): what a list of
    pages shows. Reads what Wagtail's page listing has loaded already
    (`approved_schedule`, the workflow states): only a day neither live,
    scheduled nor in review asks whether it was approved (a query)."""
    if day.live:
        return LIVE
    if day.expired:
        return EXPIRED
    if day.approved_schedule:
        return SCHEDULED
    if day.workflow_in_progress:
        return IN_MODERATION
    if approved_revision(day) is not None:
        return APPROVED
    return DRAFT


def status_of(day, date=None, now=None):
    now = now or timezone.now()
    if day is None:
        return DayStatus(date=date, day=None, state=MISSING)
    scheduled = day.scheduled_revision
    go_live_at = scheduled.approved_go_live_at if scheduled else None
    if day.live:
        return DayStatus(
            date=day.date,
            day=day,
            state=LIVE,
            live_since=day.last_published_at or day.first_published_at,
            go_live_at=go_live_at,
            has_pending_changes=day.has_unpublished_changes,
        )
    if day.expired:
        return DayStatus(date=day.date, day=day, state=EXPIRED)
    if scheduled:
        return DayStatus(
            date=day.date,
            day=day,
            state=SCHEDULED,
            go_live_at=go_live_at,
            late=go_live_at + LATE_AFTER < now,
        )
    if day.workflow_in_progress:
        return DayStatus(date=day.date, day=day, state=IN_MODERATION)
    revision = approved_revision(day)
    if revision is not None:
        return DayStatus(
            date=day.date, day=day, state=APPROVED, approved_revision=revision
        )
    return DayStatus(date=day.date, day=day, state=DRAFT)


def timeline(campaign, now=None):
    """One DayStatus per date of the campaign, in date order."""
    days = {
        day.date: day
        for day in CampaignDayPage.objects.child_of(campaign)
        .defer_streamfields()
        .select_related("latest_revision")
    }
    statuses = [status_of(days.get(date), date, now) for date in campaign.dates()]
    # Days left outside the campaign's dates (moved dates) still need to be seen.
    known = set(campaign.dates())
    statuses += [
        status_of(day, date, now)
        for date, day in sorted(days.items())
        if date not in known
    ]
    return statuses


def scheduler_health(now=None):
    """(last run or None, whether it is overdue) of the publication scheduler."""
    now = now or timezone.now()
    last = last_run()
    return last, last is None or last < now - LATE_AFTER


def late_days(now=None):
    """Scheduled days whose time has passed without going live (any campaign)."""
    now = now or timezone.now()
    late = []
    revisions = Revision.page_revisions.filter(approved_go_live_at__lt=now - LATE_AFTER)
    ids = {int(r.object_id) for r in revisions}
    for day in CampaignDayPage.objects.filter(
        pk__in=ids, live=False
    ).defer_streamfields():
        late.append(status_of(day, now=now))
    return late


def schedule_plan(campaign, now=None, statuses=None):
    """What "Programmer la semaine" would do: [(DayStatus, go_live_at)] for
    approved days (of `statuses`, when the caller already has the timeline)."""
    plan = []
    for status in statuses if statuses is not None else timeline(campaign, now):
        if status.state == APPROVED:
            plan.append((status, campaign.day_go_live_at(status.date)))
    return plan


def schedule_week(campaign, user):
    """Schedule every approved day at its date and the campaign's go-live time.

    Live days, days in moderation and drafts are left alone. A day whose time
    has already passed goes live at once. Returns [(day, go_live_at, went_live)].
    """
    done = []
    with transaction.atomic():
        if not campaign.live:
            campaign.get_latest_revision_as_object().save_revision(user=user).publish(
                user=user
            )
        for status, go_live_at in schedule_plan(campaign):
            page = status.approved_revision.as_object()
            page.go_live_at = go_live_at
            revision = page.save_revision(user=user, log_action=True)
            revision.publish(user=user)
            page.refresh_from_db(fields=["live"])
            done.append((page, go_live_at, page.live))
    return done
