"""Keeps the search index of the days in step with the establishments they
name: a day is indexed with its establishments' names and towns
(CampaignDayPage.actions_search_text), so renaming an establishment reindexes
the live days whose actions list it."""

from django.db.models.signals import post_save
from wagtail.search.index import insert_or_update_object

from campaign.models import CampaignDayPage, Establishment


def reindex_days_naming(establishment):
    """Reindex the live days whose actions list `establishment`; returns them."""
    days = [
        day
        for day in CampaignDayPage.objects.live().only("pk", "body")
        if establishment.pk in day.establishment_ids()
    ]
    for day in CampaignDayPage.objects.filter(pk__in=[d.pk for d in days]):
        insert_or_update_object(day)
    return days


def on_establishment_saved(sender, instance, created, raw=False, **kwargs):
    # A new establishment is in no day yet; fixtures (raw) are indexed by update_index.
    if created or raw:
        return
    reindex_days_naming(instance)


def register():
    """Connect the receiver; called by CampaignConfig.ready()."""
    post_save.connect(
        on_establishment_saved,
        sender=Establishment,
        dispatch_uid="campaign_establishment_reindex_days",
    )
