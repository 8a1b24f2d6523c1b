"""What the campaign tells partners' flows about a day: `day_event`.

Sent (sender: CampaignDayPage; arguments `day`, `campaign`, `event`)
when a day becomes public (`day.published`), when a public day's new version
goes live (`day.updated`), and when a public day stops being public
(`day.unpublished`). Public means live under a live campaign: a day put live
under a campaign still in draft is announced when the campaign goes live,
and withdrawn with it. Never for a draft, a preview, or a revision merely
scheduled (Wagtail sends page_published for those too).

`event_key(event, day, campaign)` names the event and the publication it
reports (the day, its live version, how many times it and its campaign were
withdrawn), so a receiver that records events once per key ignores the same
go-live reported twice (computed by the receivers that need it: a few
queries, spared when nobody listens for it). Sent
inside the publishing transaction: a receiver that sends anything waits for
the commit (transaction.on_commit), as campaign.partners.webhooks does.
"""

from django.dispatch import Signal
from wagtail.models import PageLogEntry
from wagtail.signals import page_published, page_unpublished

from campaign.models import CampaignDayPage, CampaignPage, WebhookEvent
from campaign.publishing.go_live import went_live

day_event = Signal()

PUBLISH_ACTIONS = ["wagtail.publish", "wagtail.publish.scheduled"]
UNPUBLISH_ACTIONS = ["wagtail.unpublish", "wagtail.unpublish.scheduled"]


def was_live_before(page, revision=None):
    """Whether `page` was live before the publication of `revision` now
    under way.

    Read from the audit log: the entry of the current publication is
    written after page_published is sent, so the latest earlier entry says
    whether the page was last published or last withdrawn. If the entry of
    this very publication is already there (the same go-live reported
    again), the one before it decides.
    """
    entries = (
        PageLogEntry.objects.filter(
            page_id=page.pk, action__in=PUBLISH_ACTIONS + UNPUBLISH_ACTIONS
        )
        .order_by("-timestamp", "-pk")
        .values_list("action", "revision_id")[:2]
    )
    entries = list(entries)
    if (
        entries
        and revision is not None
        and entries[0][0] in PUBLISH_ACTIONS
        and entries[0][1] == revision.pk
    ):
        entries = entries[1:]
    return bool(entries) and entries[0][0] in PUBLISH_ACTIONS


def withdrawals(page):
    """How many times `page` was taken down (its audit log)."""
    return PageLogEntry.objects.filter(
        page_id=page.pk, action__in=UNPUBLISH_ACTIONS
    ).count()


def event_key(event, day, campaign):
    """The event and the publication it reports: the day's live version,
    and how many times the day and its campaign were withdrawn (a day put
    live again after a withdrawal is a new publication, even with the same
    version; the same go-live reported twice has the same key)."""
    return (
        f"{event}:{day.pk}:{day.live_revision_id or '-'}:"
        f"{withdrawals(day)}:{withdrawals(campaign)}"
    )


def emit(event, day, campaign):
    day_event.send(sender=CampaignDayPage, day=day, campaign=campaign, event=event)


def _live_campaign_of(day):
    parent = day.get_parent()
    if parent is None or not parent.live:
        return None
    return parent.specific


def on_day_published(sender, instance, revision, **kwargs):
    if not went_live(instance, revision):
        return
    campaign = _live_campaign_of(instance)
    if campaign is None:
        return  # announced when its campaign goes live
    event = (
        WebhookEvent.DAY_UPDATED
        if was_live_before(instance, revision)
        else WebhookEvent.DAY_PUBLISHED
    )
    emit(event, instance, campaign)


def on_day_unpublished(sender, instance, **kwargs):
    campaign = _live_campaign_of(instance)
    if campaign is not None:  # otherwise it was not public
        emit(WebhookEvent.DAY_UNPUBLISHED, instance, campaign)


def _live_days(campaign):
    return CampaignDayPage.objects.child_of(campaign).live().order_by("date")


def on_campaign_published(sender, instance, revision, **kwargs):
    # A campaign that was already live (an edit) changes no day's status.
    if not went_live(instance, revision) or was_live_before(instance, revision):
        return
    for day in _live_days(instance):
        emit(WebhookEvent.DAY_PUBLISHED, day, instance)


def on_campaign_unpublished(sender, instance, **kwargs):
    # Wagtail unpublishes the campaign before its days: they are still live.
    for day in _live_days(instance):
        emit(WebhookEvent.DAY_UNPUBLISHED, day, instance)


def register():
    """Connect the senders; called by CampaignConfig.ready()."""
    page_published.connect(
        on_day_published, sender=CampaignDayPage, dispatch_uid="campaign_day_event"
    )
    page_unpublished.connect(
        on_day_unpublished, sender=CampaignDayPage, dispatch_uid="campaign_day_event"
    )
    page_published.connect(
        on_campaign_published, sender=CampaignPage, dispatch_uid="campaign_day_event"
    )
    page_unpublished.connect(
        on_campaign_unpublished, sender=CampaignPage, dispatch_uid="campaign_day_event"
    )
