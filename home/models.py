from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from campaign.blocks import RICH_TEXT_FEATURES
from campaign.models import CampaignPage

# Plain pages may have headings; the rest is the campaign's rich text.
TEXT_FEATURES = ["h2", "h3", *RICH_TEXT_FEATURES]


class HomePage(Page):
    """The site's home page: puts forward the current campaign and its day."""

    intro = RichTextField(
        _("introduction"),
        features=TEXT_FEATURES,
        blank=True,
        help_text=_(
            "Quelques lignes de présentation, au-dessus de la campagne en cours."
        ),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["campaign.CampaignPage", "home.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("page d’accueil")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # One query for the campaigns, shared by "featured" and the list.
        campaigns = list(CampaignPage.objects.live_under(self))
        context.update(CampaignPage.objects.featured(root=self, campaigns=campaigns))
        featured_pk = getattr(context["campaign"], "pk", None)
        context["past_campaigns"] = [c for c in campaigns if c.pk != featured_pk]
        return context


class StandardPage(Page):
    """A plain page of text: "Mentions légales", "Accessibilité"…"""

    body = RichTextField(_("contenu"), features=TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("page de contenu")
        verbose_name_plural = _("pages de contenu")
