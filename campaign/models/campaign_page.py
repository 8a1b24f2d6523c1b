import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from campaign.blocks.rich_text import RICH_TEXT_FEATURES, clean_rich_text
from campaign.conf import get_config
from campaign.models.day_page import CampaignDayPage, check_establishments_region
from campaign.models.permissions import CampaignPermissionTester
from campaign.models.sites import site_ancestors, site_root
from campaign.reference import dates, regions


def default_go_live_time():
    hours, minutes = get_config()["DEFAULT_GO_LIVE_TIME"].split(":")
    return dt.time(int(hours), int(minutes))


def default_region():
    return get_config()["DEFAULT_REGION"]


class CampaignPageQuerySet(PageQuerySet):
    """Read queries of the campaigns: what readers and partners may see."""

    def live_under(self, root=None):
        """Published, public campaigns (under `root` when given), latest first."""
        campaigns = self.live().public()
        if root is not None:
            campaigns = campaigns.descendant_of(root)
        return campaigns.order_by("-start_date")

    def public_for(self, request=None):
        """Live, public campaigns of the request's site (the default site
        without a request), latest first."""
        root = site_root(request)
        campaigns = self.live_under(root)
        if root is None:
            return campaigns.none()
        return campaigns

    def find_public(self, slug, request=None):
        """The live, public campaign with this slug on the request's site, or None."""
        return self.public_for(request).filter(slug=slug).order_by("path").first()

    def establishment_ids(self):
        """Ids of the establishments named by the public days of these campaigns."""
        ids = set()
        for campaign in self:
            for day in CampaignDayPage.objects.public_of(campaign):
                ids |= day.establishment_ids()
        return ids

    def featured(self, root=None, on=None, campaigns=None):
        """What a home page puts forward on date `on` (today by default).

        Returns a dict with:
        - "campaign": the current campaign, else the next one, else the last one;
        - "day": that campaign's live day of the date, else its last live day;
        - "is_today": whether "day" is the day of the date.

        `campaigns`: the list of live_under(root) when the caller has it
        already (the home page lists them too). Two queries in all (three
        with .public()'s own), whatever the number of campaigns and days.
        """
        on = on or dates.today()
        if campaigns is None:
            campaigns = list(self.live_under(root))  # latest first
        current = [c for c in campaigns if c.start_date <= on <= c.end_date]
        upcoming = sorted(
            (c for c in campaigns if c.start_date > on), key=lambda c: c.start_date
        )
        past = [c for c in campaigns if c.end_date < on]
        campaign = (current or upcoming or past or [None])[0]
        if campaign is None:
            return {"campaign": None, "day": None, "is_today": False}
        # The latest live day up to the date: the day of the date when there is one.
        day = (
            CampaignDayPage.objects.child_of(campaign)
            .live()
            .public()
            .filter(date__lte=on)
            .order_by("-date")
            .first()
        )
        is_today = day is not None and day.date == on
        return {"campaign": campaign, "day": day, "is_today": is_today}


class CampaignPage(Page):
    """One edition of the week: its dates, the texts every day repeats, its partners.

    Its children are the days, one page per date.
    """

    region = models.CharField(
        _("academic region"),
        max_length=100,
        choices=regions.REGION_CHOICES,
        default=default_region,
        help_text=_(
            "Its academies and departments are those the campaign knows: establishments of the actions, imports, filters, API."
        ),
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    go_live_time = models.TimeField(
        _("go-live time"),
        default=default_go_live_time,
        help_text=_("Each day goes live on its date, at this time (Paris time)."),
    )
    intro = RichTextField(
        _("introduction"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("The paragraph that opens each daily newsletter."),
    )
    closing = RichTextField(
        _("closing sentence"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_(
            "For example “From February 1 to 5, 2021, find on your academy’s website…”."
        ),
    )
    credits = RichTextField(
        _("credits"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_(
            "The partnership’s mention, for example with Onisep Nouvelle-Aquitaine."
        ),
    )

    recipients = models.TextField(
        _("newsletter recipients"),
        blank=True,
        help_text=_(
            "One e-mail address per line (often a mailing list’s). Each day is sent to them once, as soon as it goes live."
        ),
    )

    # The admin adds its own panels (the week's publication timeline, the
    # partners' widget) and form: campaign/admin/edit_handlers.py.
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("go_live_time"),
                FieldPanel("region"),
            ],
            heading=_("Dates"),
        ),
        FieldPanel("intro"),
        FieldPanel("closing"),
        FieldPanel("credits"),
        InlinePanel("partners", heading=_("Partners"), label=_("Partner")),
        FieldPanel("recipients", heading=_("Sending by e-mail")),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
    ]

    api_fields = [
        APIField("region"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("go_live_time"),
        APIField("intro"),
        APIField("closing"),
        APIField("credits"),
    ]

    parent_page_types = get_config()["CAMPAIGN_PARENT_PAGE_TYPES"]
    subpage_types = ["campaign.CampaignDayPage"]
    # Days are shown in date order (campaign/admin/explorer.py), so keep that order.
    admin_default_ordering = "ord"
    template = "campaign/campaign_page.html"

    objects = PageManager.from_queryset(CampaignPageQuerySet)()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    @property
    def academic_region(self):
        """The région académique (campaign.reference.regions.Region) of the
        campaign: its académies and départements."""
        return regions.region(self.region)

    def permissions_for_user(self, user):
        # Who may delete, move, copy it: campaign/models/permissions.py.
        return CampaignPermissionTester(user, self)

    def full_clean(self, *args, **kwargs):
        self._clean_rich_text()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        # A draft needs its dates too. Only a route with no date fields gets
        # here without them (the API's create: its write schema has none):
        # a 422, not a NOT NULL error from the database.
        needed = {
            "start_date": _("A campaign needs its first day."),
            "end_date": _("A campaign needs its last day."),
        }
        missing = {
            name: message
            for name, message in needed.items()
            if getattr(self, name) is None
        }
        if missing:
            raise ValidationError(missing)
        self._clean_rich_text()
        super().minimal_clean()

    def _clean_rich_text(self):
        """No script, event handler or javascript: link in the stored rich
        text, whatever wrote it (import, code): campaign/blocks/rich_text.py."""
        for name in ("intro", "closing", "credits"):
            setattr(self, name, clean_rich_text(getattr(self, name)))

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date:
            # The admin form gets these through the model, like any model error.
            for field, message in check_campaign_range(
                self, self.start_date, self.end_date
            ):
                errors.setdefault(field or NON_FIELD_ERRORS, []).append(message)
        problems = check_recipients(self.recipients)
        if problems:
            errors["recipients"] = problems
        problems = self._region_problems()
        if problems:
            errors["region"] = problems
        if errors:
            raise ValidationError(errors)

    def _region_problems(self):
        """A campaign changing région académique keeps none of its days'
        establishments outside the new one."""
        if not self.pk or regions.region_named(self.region) is None:
            return []
        ids = set()
        for day in CampaignDayPage.objects.child_of(self).only("body"):
            ids |= day.establishment_ids()
        return check_establishments_region(self, ids)

    def recipient_list(self):
        """The addresses the daily e-mail goes to."""
        return [
            line.strip()
            for line in (self.recipients or "").splitlines()
            if line.strip()
        ]

    def dates(self):
        """Every date of the campaign, first to last."""
        if not (self.start_date and self.end_date):
            return []
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + dt.timedelta(days=n) for n in range(count)]

    def live_days(self):
        return CampaignDayPage.objects.live_of(self)

    # Not `go_live_at`: that name is Page's scheduling field, and an instance's
    # field value would hide a method of that name.
    def day_go_live_at(self, date):
        """When the day dated `date` goes live (aware datetime)."""
        return dates.go_live_datetime(date, self.go_live_time)

    def programme(self):
        """The week as readers see it: for each date, its live day or None."""
        days = {day.date: day for day in self.live_days()}
        return [(date, days.get(date)) for date in self.dates()]

    def is_current(self, today=None):
        today = today or timezone.localdate(timezone=dates.campaign_timezone())
        return self.start_date <= today <= self.end_date

    def route(self, request, path_components):
        if path_components:
            # A campaign's children are its days (subpage_types): fetch the day
            # itself in one query, instead of Wagtail's page then specific
            # page, and give it its campaign so it need not load it again.
            day = (
                CampaignDayPage.objects.child_of(self)
                .filter(slug=path_components[0])
                .first()
            )
            if day is not None:
                day._cached_parent_obj = self
                return day.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programme"] = self.programme()
        context["partners"] = self.partners.all()
        context["breadcrumb_ancestors"] = site_ancestors(request, self)
        # The site's base template, which campaign/page_base.html extends.
        context["campaign_base_template"] = get_config()["BASE_TEMPLATE"]
        return context


class CampaignPartner(Orderable):
    """A partner of the campaign, shown on its pages."""

    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. The partner’s name serves as alternative text."),
    )

    panels = [FieldPanel("name"), FieldPanel("url"), FieldPanel("logo")]

    class Meta(Orderable.Meta):
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name


def check_campaign_range(campaign, start, end):
    """Problems as (field, message) with giving a campaign these first and last days."""
    if end < start:
        return [
            (
                "end_date",
                gettext("The last day must be the first day or after it."),
            )
        ]
    if not campaign.pk:
        return []
    outside = (
        CampaignDayPage.objects.child_of(campaign)
        .exclude(date__range=(start, end))
        .order_by("date")
        .first()
    )
    if outside:
        return [
            (
                None,
                gettext(
                    "The day “%(title)s” (%(date)s) would no longer be in the campaign."
                )
                % {"title": outside.title, "date": dates.long_date(outside.date)},
            )
        ]
    return []


def check_recipients(text):
    """Problems with a list of e-mail addresses, one per line."""
    problems = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        address = line.strip()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            problems.append(
                gettext("Line %(line)s: “%(address)s” is not a valid e-mail address.")
                % {"line": number, "address": address}
            )
    return problems
