from django import template
from wagtail.models import Site

from campaign.models import CampaignDayPage, CampaignPage
from home.models import StandardPage
from persev_site.search.forms import SEARCH_MAX_LENGTH

register = template.Library()


@register.simple_tag(takes_context=True)
def footer_pages(context):
    """The site's plain pages ("Mentions légales", "Accessibilité"…) for the footer."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    # Not .public(), which costs a query of its own: these pages hang right
    # under the home page being shown, so only their own restrictions count.
    pages = StandardPage.objects.live().filter(view_restrictions__isnull=True)
    if site is not None:
        pages = pages.child_of(site.root_page)
    return list(pages.order_by("path").only("id", "title", "url_path", "path"))


@register.simple_tag
def search_max_length():
    """The longest search the site reads: the search fields' maxlength."""
    return SEARCH_MAX_LENGTH


@register.simple_tag(takes_context=True)
def campaign_footer_credits(context):
    """The credits the footer shows on a campaign's pages: a campaign's own on
    its page and on the pages about it (its actions); none on a day, whose
    letter already ends with them. None: the site's own line."""
    page = context.get("page")
    if isinstance(page, CampaignDayPage):
        return None
    if isinstance(page, CampaignPage):
        return page.credits or None
    campaign = context.get("campaign")
    return (campaign.credits or None) if campaign is not None else None
