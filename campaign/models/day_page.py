from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.search import index

from campaign.blocks.day_body import (
    DayBodyBlock,
    cleaned_body,
    establishment_ids_in,
    listing_title,
    search_text,
)
from campaign.conf import get_config
from campaign.models.establishment import Establishment
from campaign.models.permissions import DayPermissionTester
from campaign.models.sites import site_ancestors
from campaign.reference.dates import day_title, long_date

# The e-mail preview's Content-Security-Policy: inline styles and images, the
# rest forbidden.
EMAIL_PREVIEW_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)


class CampaignDayPageQuerySet(PageQuerySet):
    """Read queries of the days: what readers and partners may see."""

    def live_of(self, campaign):
        """The live, public days of `campaign`, in date order."""
        return self.child_of(campaign).live().public().order_by("date")

    def public_of(self, campaign):
        """The live, public days of a live campaign (none of a campaign that
        is not live: its days answer 404), in date order."""
        if not campaign.live:
            return self.live_of(campaign).none()
        return self.live_of(campaign)

    def public_on(self, campaign, date):
        """The public day of `campaign` dated `date`, or None."""
        return self.public_of(campaign).filter(date=date).first()


class CampaignDayPage(Page):
    """One day of a campaign week: its actions, its zoom, its resources…

    Goes live on its date at the campaign's go-live time.
    """

    date = models.DateField(
        _("date"),
        help_text=_("A day of the campaign; one day per date."),
    )
    body = StreamField(
        DayBodyBlock(),
        blank=True,
        verbose_name=_("content"),
        help_text=_(
            "The day’s sections, in the newsletter’s order: actions, ZOOM of the day, resources, partnership…"
        ),
    )

    # The admin adds its own panel (the partners' preview link) and form
    # (title and slug from the date): campaign/admin/edit_handlers.py.
    content_panels = [
        FieldPanel("date"),
        *Page.content_panels,
        FieldPanel("body"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        # What the blocks say of themselves beyond Wagtail's own indexing:
        # action titles, establishment names and towns (the body's chooser
        # blocks index nothing by themselves).
        index.SearchField("actions_search_text"),
        index.FilterField("date"),
    ]

    api_fields = [APIField("date"), APIField("body")]

    parent_page_types = ["campaign.CampaignPage"]
    subpage_types = []
    template = "campaign/campaign_day_page.html"

    objects = PageManager.from_queryset(CampaignDayPageQuerySet)()

    # The renderer of the "E-mail" preview (day, campaign, request → HTML):
    # the day's e-mail belongs to the publishing flow, which
    # CampaignConfig.ready() plugs in here (models import no flow).
    email_renderer = None

    class Meta:
        verbose_name = pgettext_lazy("campaign", "day")
        verbose_name_plural = pgettext_lazy("campaign", "days")

    def permissions_for_user(self, user):
        # Who may delete, move, copy it: campaign/models/permissions.py.
        return DayPermissionTester(user, self)

    def _fill_title_from_date(self):
        # The title (and so the slug) comes from the date when left empty.
        if not self.title and self.date:
            self.title = day_title(self.date)
        if not self.slug and self.title:
            self.slug = slugify(self.title)

    def full_clean(self, *args, **kwargs):
        self._fill_title_from_date()
        self._clean_rich_text()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        # Page.save() only runs this on drafts (not full_clean): they need a
        # title too, and the date rules hold for drafts as well.
        if self.date is None:
            # Only a route that has no date field gets here (the API's
            # create: its write schema has no date): a 422, not a NOT NULL
            # error from the database.
            raise ValidationError({"date": _("A day needs a date.")})
        self._fill_title_from_date()
        self._clean_rich_text()
        super().minimal_clean()
        self._check_date()
        self._check_region()

    def clean(self):
        super().clean()
        self._check_date()
        self._check_region()

    def _clean_rich_text(self):
        """No script, event handler or javascript: link in the stored body,
        whatever wrote it (import, code): see campaign/blocks/rich_text.py."""
        raw = list(self.body.raw_data) if self.body else []
        cleaned = cleaned_body(raw)
        if cleaned != raw:
            self.body = cleaned

    def _check_date(self):
        parent = self.get_parent() if self.path else None
        if parent is not None and self.date:
            problems = check_day_date(parent.specific, self.date, exclude=self)
            if problems:
                raise ValidationError({"date": problems})

    def _check_region(self):
        """The establishments of the actions are in the départements of the
        campaign's région académique."""
        parent = self.get_parent() if self.path else None
        if parent is None or not self.body:
            return
        problems = check_establishments_region(
            parent.specific, establishment_ids_in(self.body.raw_data)
        )
        if problems:
            raise ValidationError({"body": problems})

    @property
    def campaign(self):
        """The campaign this day belongs to."""
        if not hasattr(self, "_campaign"):
            parent = self.get_parent()
            self._campaign = parent.specific if parent else None
        return self._campaign

    def neighbours(self):
        """The previous and next live days of the same campaign (or None)."""
        # One query for both (a campaign has a handful of days). Not .public(),
        # which costs a query of its own: this day is being shown, so its
        # campaign and the pages above are open to the reader; only a
        # restriction set on a sibling itself can hide it.
        siblings = list(
            self.__class__.objects.sibling_of(self, inclusive=False)
            .live()
            .filter(view_restrictions__isnull=True)
            .order_by("date")
            # Only their titles and URLs are shown: decoding the other days'
            # bodies (40 actions each) would cost more than the whole query.
            .defer_streamfields()
        )
        previous = [day for day in siblings if day.date < self.date]
        following = [day for day in siblings if day.date > self.date]
        return (previous[-1] if previous else None), (
            following[0] if following else None
        )

    def serve(self, request, *args, **kwargs):
        campaign = self.campaign
        if campaign is None or not campaign.live:
            # A day never shows before its campaign does.
            raise Http404
        return super().serve(request, *args, **kwargs)

    @property
    def preview_modes(self):
        return [("", _("Web page")), ("email", _("E-mail"))]

    def serve_preview(self, request, mode_name):
        if mode_name == "email":
            render = type(self).email_renderer
            response = HttpResponse(render(self, self.campaign, request))
            # Wagtail serves the preview through the day's public URL, whose
            # policy forbids inline styles, and an e-mail has nothing else.
            # The CSP middleware keeps a policy already set.
            response.headers["Content-Security-Policy"] = EMAIL_PREVIEW_POLICY
            return response
        return super().serve_preview(request, mode_name)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["campaign"] = self.campaign
        context["previous_day"], context["next_day"] = self.neighbours()
        context["breadcrumb_ancestors"] = site_ancestors(request, self, self.campaign)
        # The site's base template, which campaign/page_base.html extends.
        context["campaign_base_template"] = get_config()["BASE_TEMPLATE"]
        return context

    def actions_search_text(self):
        """The day's blocks as the search index reads them beyond Wagtail's
        own indexing of the body: each block's search text
        (campaign.blocks.kind.BlockKind.search_text), such as its actions'
        titles and their establishments' names and towns."""
        return search_text(self.body)

    def date_problems_in(self, campaign):
        """Problems with this day's date in `campaign` (check_day_date)."""
        return check_day_date(campaign, self.date, exclude=self)

    def establishment_ids(self):
        """Ids of the establishments of the day's actions, read from the raw data."""
        return establishment_ids_in(self.body.raw_data)

    def zoom_title(self):
        """The title listings show for the day (its first zoom's), read from
        the raw data: converting the body would load every establishment."""
        return listing_title(self.body.raw_data)


def check_day_date(campaign, date, exclude=None):
    """Problems (French messages) with giving `date` to a day of `campaign`.

    A day's date must fall within its campaign and no other day of the
    campaign may have it already. `exclude` is the day being edited.
    """
    problems = []
    start, end = (
        getattr(campaign, "start_date", None),
        getattr(campaign, "end_date", None),
    )
    if start and end and not (start <= date <= end):
        problems.append(
            gettext(
                "%(date)s is outside the campaign, which runs from %(start)s to %(end)s."
            )
            % {
                "date": long_date(date),
                "start": long_date(start, weekday=False),
                "end": long_date(end, weekday=False),
            }
        )
    others = CampaignDayPage.objects.child_of(campaign).filter(date=date)
    if exclude is not None and exclude.pk:
        others = others.exclude(pk=exclude.pk)
    existing = others.first()
    if existing:
        problems.append(
            gettext("The campaign already has a day on %(date)s: “%(title)s”.")
            % {"date": long_date(date), "title": existing.title}
        )
    return problems


def check_establishments_region(campaign, establishment_ids):
    """French messages for the establishments (by id) outside the
    départements of the campaign's région académique."""
    region = getattr(campaign, "academic_region", None)
    if region is None or not establishment_ids:
        return []
    outside = Establishment.objects.filter(pk__in=establishment_ids).exclude(
        department__in=list(region.departments)
    )
    return [
        gettext(
            "%(establishment)s is outside the campaign’s academic region %(region)s (departments %(departments)s): choose an establishment of the region."
        )
        % {
            "establishment": establishment,
            "region": region.name,
            "departments": region.department_list(),
        }
        for establishment in outside.order_by("sort_name", "town")
    ]
