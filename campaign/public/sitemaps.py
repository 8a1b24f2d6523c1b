"""Sitemap classes (django.contrib.sitemaps) a host puts in its sitemap.xml:
the public pages, where a day of a campaign that is not live is left out
like drafts, scheduled and private pages (it answers 404); the actions page
of each public campaign; the page of each establishment with a public
action."""

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap

from campaign.models import CampaignPage, Establishment
from campaign.public import discovery


class PublicPagesSitemap(Sitemap):
    def items(self):
        pages = super().items()
        for campaign in CampaignPage.objects.not_live():
            pages = pages.not_descendant_of(campaign)
        return pages


class CampaignActionsSitemap(DjangoSitemap):
    def items(self):
        return list(CampaignPage.objects.public_for(None))

    def location(self, campaign):
        return reverse("campaign:actions", kwargs={"slug": campaign.slug})

    def lastmod(self, campaign):
        return campaign.last_published_at


class EstablishmentsSitemap(DjangoSitemap):
    """The establishments that have at least one public action (their page
    lists their actions: one that only another kind of block names, a
    testimony, has no page)."""

    def items(self):
        ids = {
            establishment.pk
            for campaign in CampaignPage.objects.public_for(None)
            for action in discovery.campaign_actions(campaign)
            for establishment in action.establishments
        }
        return list(Establishment.objects.filter(pk__in=ids).order_by("pk"))

    def location(self, establishment):
        return discovery.establishment_url(establishment)
