"""One import call at work: the campaign, the establishments and the days of
the files being imported (campaign/authoring/importer.py runs it).

ImportRun keeps the caches of the call and every problem found so far
(a Problem per file and line); its steps write pages and establishments
inside the importer's transaction, which is rolled back on any problem.
"""

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Site

from campaign.authoring.interchange.day_json import body_from_list, body_to_list
from campaign.authoring.interchange.html import to_db_html
from campaign.authoring.interchange.json_format import json_path
from campaign.authoring.problems import Problem
from campaign.models import CampaignDayPage, CampaignPage, Establishment, match_key
from campaign.reference.dates import day_title, long_date, parse_iso_date

logger = logging.getLogger(__name__)

DRAFT, PUBLISH, SCHEDULE = "draft", "publish", "schedule"


@dataclass
class ImportedDay:
    """What became of one imported day."""

    filename: str
    day: CampaignDayPage
    created: bool
    state: str  # "brouillon", "publiée", "programmée", "inchangée"
    go_live_at: object = None

    def describe(self):
        if self.state == _("inchangée"):
            return f"{self.filename} : {self.day.title} ({self.day.date.isoformat()}) inchangée"
        verb = _("créée") if self.created else _("mise à jour")
        text = f"{self.filename} : {self.day.title} ({self.day.date.isoformat()}) {verb}, {self.state}"
        if self.go_live_at:
            local = timezone.localtime(self.go_live_at)
            text += _(" le %(date)s à %(time)s") % {
                "date": long_date(local.date()),
                "time": local.strftime("%H:%M"),
            }
        return text


class ImportRun:
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
        self.problems.append(Problem(source.filename, source.line(path), message))

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
                    "impossible de créer la campagne « %(slug)s » : le site n’a pas de page d’accueil qui puisse la recevoir."
                )
                % {"slug": data["slug"]},
            )
            return None
        start, end = (
            parse_iso_date(data["start_date"]),
            parse_iso_date(data["end_date"]),
        )
        if end < start:
            self.problem(
                source,
                ["campaign", "end_date"],
                _("le dernier jour précède le premier."),
            )
            return None
        campaign = CampaignPage(
            title=data["title"].strip(),
            slug=data["slug"],
            region=data.get("region")
            or CampaignPage._meta.get_field("region").get_default(),
            start_date=start,
            end_date=end,
            intro=to_db_html(data.get("intro", "")),
            closing=to_db_html(data.get("closing", "")),
            credits=to_db_html(data.get("credits", "")),
            live=False,
        )
        parent.add_child(instance=campaign)
        campaign.save_revision(user=self.user, log_action=True)
        slug = campaign.slug
        transaction.on_commit(
            lambda: logger.info("Campaign %s created by import", slug)
        )
        return campaign

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

    # -- establishments ---------------------------------------------------------

    def establishment_id(self, source, data, path):
        key = match_key(data["name"], data["town"])
        if key in self.establishments:
            establishment = self.establishments[key]
        else:
            establishment = Establishment.objects.filter(match_key=key).first()
            if establishment is None:
                establishment = Establishment(
                    name=" ".join(data["name"].split()),
                    town=" ".join(data["town"].split()),
                    department=data["department"],
                )
                establishment.save()
            self.establishments[key] = establishment
        if establishment.department != data["department"]:
            self.problem(
                source,
                path + ["department"],
                _(
                    "%(name)s (%(town)s) est déjà enregistré dans le département %(known)s, pas %(given)s : "
                    "corrigez le fichier ou la fiche de l’établissement."
                )
                % {
                    "name": establishment.name,
                    "town": establishment.town,
                    "known": establishment.department,
                    "given": data["department"],
                },
            )
            return None
        return establishment.pk

    # -- days -----------------------------------------------------------------

    def check_body(self, source, raw):
        block = CampaignDayPage._meta.get_field("body").stream_block
        value = block.to_python(raw)
        try:
            return block.clean(value)
        except ValidationError as error:
            for path, message in _flatten_block_errors(error, ["body"]):
                if source.campaign is not None:
                    # A JSON file: name the value, as schema problems do
                    # ("$.body[2].value.links[0].url : …").
                    message = f"{json_path(path)} : {message}"
                self.problem(source, path, message)
            return None

    def import_day(self, source, campaign):
        if not (campaign.start_date <= source.date <= campaign.end_date):
            self.problem(
                source,
                ["date"],
                _(
                    "le %(date)s est en dehors de la campagne « %(campaign)s », qui va du %(start)s au %(end)s."
                )
                % {
                    "date": long_date(source.date),
                    "campaign": campaign.title,
                    "start": long_date(campaign.start_date, weekday=False),
                    "end": long_date(campaign.end_date, weekday=False),
                },
            )
            return None
        seen_key = (campaign.pk, source.date)
        if seen_key in self.seen_dates:
            self.problem(
                source,
                ["date"],
                _("le %(date)s est déjà importé par %(other)s dans ce même envoi.")
                % {"date": long_date(source.date), "other": self.seen_dates[seen_key]},
            )
            return None
        self.seen_dates[seen_key] = source.filename

        known_problems = len(self.problems)
        raw = body_from_list(
            source.body, lambda data, path: self.establishment_id(source, data, path)
        )
        if len(self.problems) > known_problems:
            # An establishment was refused: checking the body without it would
            # only add a misleading "at least one establishment" problem.
            return None
        body = self.check_body(source, raw)
        if body is None:
            return None
        if source.campaign_texts:
            self.fill_campaign_texts(campaign, source.campaign_texts)
        self.ensure_campaign_live(campaign)
        title = source.title or day_title(source.date)

        existing = (
            CampaignDayPage.objects.child_of(campaign).filter(date=source.date).first()
        )
        if existing is None:
            day = CampaignDayPage(
                title=title,
                slug=self.free_slug(campaign, title, source.date),
                date=source.date,
                body=body,
                live=False,
            )
            campaign.add_child(instance=day)
            created = True
        else:
            day = existing.get_latest_revision_as_object()
            if self.skip_unchanged and self.is_unchanged(existing, day, title, body):
                return ImportedDay(source.filename, existing, False, _("inchangée"))
            day.title, day.body = title, body
            created = False
        return self.save(source, campaign, day, created)

    def free_slug(self, campaign, title, date):
        slug = slugify(title) or date.isoformat()
        if CampaignDayPage._slug_is_available(slug, campaign):
            return slug
        return f"{slug}-{date.isoformat()}"

    def is_unchanged(self, existing, latest, title, body):
        if latest.title != title or body_to_list(latest.body) != body_to_list(body):
            return False
        if self.mode == PUBLISH:
            return existing.live and not existing.has_unpublished_changes
        if self.mode == SCHEDULE:
            return existing.live or existing.approved_schedule
        return True

    def save(self, source, campaign, day, created):
        go_live_at = None
        if self.mode == SCHEDULE:
            go_live_at = campaign.day_go_live_at(source.date)
            day.go_live_at = go_live_at
        elif self.mode == PUBLISH:
            day.go_live_at = None
        revision = day.save_revision(user=self.user, log_action=True)
        if self.mode == DRAFT:
            state = _("brouillon")
        else:
            revision.publish(user=self.user)
            day.refresh_from_db()
            if day.live:
                state = _("publiée")
                go_live_at = None
            else:
                state = _("programmée")
        # Logged once committed: a dry run (the admin's preview) imports nothing.
        message = f"Day {source.date} of {campaign.slug} imported from {source.filename} ({state})"
        transaction.on_commit(lambda: logger.info(message))
        return ImportedDay(source.filename, day, created, state, go_live_at)


def _flatten_block_errors(error, path):
    """(path, message) pairs from a StreamField validation error."""
    data = (
        error.as_json_data()
        if hasattr(error, "as_json_data")
        else {"messages": error.messages}
    )
    found = []

    def walk(node, where, kinds):
        for message in node.get("messages", []):
            found.append((where, message))
        for key, child in (node.get("blockErrors") or {}).items():
            key = int(key) if str(key).isdigit() else key
            child_path = where + ([key, "value"] if kinds == "stream" else [key])
            walk(child, child_path, None)

    walk(data, path, "stream")
    return found
