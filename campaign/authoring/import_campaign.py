"""One import call: its state, its problems and its campaign (what
campaign/authoring/import_run.py builds on).

CampaignImport keeps the caches of the call and every problem found so far
(a Problem per file and line); it finds the campaign a file names, or
creates it from a JSON file, and fills a newsletter's campaign texts, inside
the importer's transaction, which is rolled back on any problem.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.models import Page, Site

from campaign.authoring.interchange.html import to_db_html
from campaign.authoring.interchange.json_format import json_path
from campaign.authoring.problems import Problem, printable
from campaign.models import CampaignPage
from campaign.reference import regions
from campaign.reference.dates import parse_iso_date

logger = logging.getLogger("campaign.authoring.importer")

DRAFT, PUBLISH, SCHEDULE = "draft", "publish", "schedule"


# What a newsletter's values are, for its problems (by their last key).
_VALUE_NAMES = {
    "name": gettext_lazy("establishment name"),
    "town": gettext_lazy("establishment town"),
    "title": pgettext_lazy("newsletter value", "title"),
    "heading": gettext_lazy("section heading"),
    "url": gettext_lazy("link address"),
    "source": gettext_lazy("link source"),
    "description": gettext_lazy("action description"),
    "body": pgettext_lazy("newsletter value", "text"),
}


def field_errors(model, name, value):
    """The messages of a model field's own validation of `value`
    (its length above all, which only PostgreSQL would enforce, by failing)."""
    try:
        model._meta.get_field(name).clean(value, None)
    except ValidationError as error:
        return error.messages
    return []


class CampaignImport:
    """State of one import call: caches and the problems found so far."""

    def __init__(self, mode, user, skip_unchanged):
        self.mode = mode
        self.user = user
        self.skip_unchanged = skip_unchanged
        self.problems = []
        self.campaigns = {}
        self.establishments = {}
        self.seen_dates = {}

    def problem(self, source, path, message):
        self.problems.append(Problem(source.line(path), message, source.filename))

    def value_problem(self, source, path, message):
        """A problem about one value: a JSON file names it by its path
        ("$.body[2].value.links[0].url : …"), as schema problems do; a
        newsletter by what it is, its line saying where."""
        where = None
        if source.format == "json":
            where = json_path(path)
        elif path and _VALUE_NAMES.get(path[-1]):
            where = _VALUE_NAMES[path[-1]]
        if where is not None:
            message = _("%(where)s: %(message)s") % {"where": where, "message": message}
        self.problem(source, path, message)

    # -- campaign -------------------------------------------------------------

    def campaign_for(self, source, slug):
        if slug in self.campaigns:
            return self.campaigns[slug]
        campaign = CampaignPage.objects.filter(slug=slug).order_by("path").first()
        if campaign is None and source.campaign is not None:
            campaign = self.create_campaign(source)
        elif campaign is not None:
            campaign = campaign.get_latest_revision_as_object()
        self.campaigns[slug] = campaign
        return campaign

    def create_campaign(self, source):
        data = source.campaign
        site = (
            Site.objects.filter(is_default_site=True)
            .select_related("root_page")
            .first()
        )
        parent = site.root_page.specific if site else None
        if parent is None or not CampaignPage.can_create_at(parent):
            self.problem(
                source,
                ["campaign"],
                _(
                    "cannot create the campaign “%(slug)s”: the site has no home "
                    "page that can hold it."
                )
                % {"slug": data["slug"]},
            )
            return None
        known = len(self.problems)
        fields = {"title": data["title"].strip(), "slug": data["slug"]}
        for name, value in fields.items():
            for message in field_errors(CampaignPage, name, value):
                self.value_problem(source, ["campaign", name], message)
        # Written as the file likes ("nouvelle aquitaine"), stored by its name.
        region = regions.region_named(
            data.get("region") or CampaignPage._meta.get_field("region").get_default()
        )
        if region is None:
            self.unknown_region(source, data["region"])
        else:
            fields["region"] = region.name
        if not Page._slug_is_available(fields["slug"], parent):
            self.value_problem(
                source,
                ["campaign", "slug"],
                _(
                    "the address “%(slug)s” is already another page’s on the "
                    "site: choose another campaign slug."
                )
                % {"slug": fields["slug"]},
            )
        start, end = (
            parse_iso_date(data["start_date"]),
            parse_iso_date(data["end_date"]),
        )
        if end < start:
            self.problem(
                source,
                ["campaign", "end_date"],
                _("the last day comes before the first."),
            )
        texts = {
            name: to_db_html(
                data.get(name, ""),
                lambda message, name=name: self.value_problem(
                    source, ["campaign", name], message
                ),
            )
            for name in ("intro", "closing", "credits")
        }
        if len(self.problems) > known:
            return None
        campaign = CampaignPage(
            **fields, start_date=start, end_date=end, **texts, live=False
        )
        parent.add_child(instance=campaign)
        campaign.save_revision(user=self.user, log_action=True)
        slug = campaign.slug
        transaction.on_commit(
            lambda: logger.info("Campaign %s created by import", slug)
        )
        return campaign

    def unknown_region(self, source, named):
        self.value_problem(
            source,
            ["campaign", "region"],
            _("unknown région académique “%(named)s”: expected one of %(names)s.")
            % {
                "named": printable(named)[:60],
                "names": ", ".join(regions.REGION_NAMES),
            },
        )

    def fill_campaign_texts(self, campaign, texts):
        """A newsletter fills the campaign's texts that are still empty, never more."""
        changed = False
        # Publishing the new revision would also publish someone's pending
        # draft of the campaign, or bypass the user's own rights: then the
        # texts stay in the campaign's draft, for an editor to publish.
        may_publish = (
            campaign.live
            and not campaign.has_unpublished_changes
            and (
                self.user is None
                or campaign.permissions_for_user(self.user).can_publish()
            )
        )
        for name, html in texts.items():
            if html and not getattr(campaign, name):
                setattr(campaign, name, to_db_html(html))
                changed = True
        if changed:
            revision = campaign.save_revision(user=self.user, log_action=True)
            if may_publish:
                revision.publish(user=self.user)

    def ensure_campaign_live(self, campaign):
        if self.mode != DRAFT and not campaign.live:
            campaign.save_revision(user=self.user, log_action=True).publish(
                user=self.user
            )
            campaign.live = True
