"""Import days into the CMS, from JSON interchange files or newsletter text.

One call is one transaction: every file is read and checked, every problem
of every file is collected, and if there is any, nothing is written.
"""

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page, Site

from campaign.dates import day_title, long_date, parse_iso_date
from campaign.interchange.day_json import body_from_list, body_to_list
from campaign.interchange.html import to_db_html
from campaign.interchange.json_format import json_path
from campaign.models import CampaignDayPage, CampaignPage, Establishment, match_key
from campaign.models.establishment import fold
from campaign.services.problems import ImportRefused, Problem, printable
from campaign.services.sources import read_file

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


# What a newsletter's values are, for its problems (by their last key).
_VALUE_NAMES = {
    "name": gettext_lazy("nom de l’établissement"),
    "town": gettext_lazy("commune de l’établissement"),
    "title": gettext_lazy("titre"),
    "heading": gettext_lazy("titre de la rubrique"),
    "url": gettext_lazy("adresse du lien"),
    "source": gettext_lazy("source du lien"),
    "description": gettext_lazy("description de l’action"),
    "body": gettext_lazy("texte"),
}


def _field_errors(model, name, value):
    """The French messages of a model field's own validation of `value`
    (its length above all, which only PostgreSQL would enforce, by failing)."""
    try:
        model._meta.get_field(name).clean(value, None)
    except ValidationError as error:
        return error.messages
    return []


def _overlaps(path, paths):
    return any(path[: len(p)] == p or p[: len(path)] == path for p in paths)


class _Run:
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

    def value_problem(self, source, path, message):
        """A problem about one value: a JSON file names it by its path
        ("$.body[2].value.links[0].url : …"), as schema problems do; a
        newsletter by what it is, its line saying where."""
        if source.format == "json":
            message = f"{json_path(path)} : {message}"
        elif path and _VALUE_NAMES.get(path[-1]):
            message = f"{_VALUE_NAMES[path[-1]]} : {message}"
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
                    "impossible de créer la campagne « %(slug)s » : le site n’a pas de page d’accueil qui puisse la recevoir."
                )
                % {"slug": data["slug"]},
            )
            return None
        known = len(self.problems)
        fields = {
            "title": data["title"].strip(),
            "slug": data["slug"],
            "region": data.get("region")
            or CampaignPage._meta.get_field("region").get_default(),
        }
        for name, value in fields.items():
            for message in _field_errors(CampaignPage, name, value):
                self.value_problem(source, ["campaign", name], message)
        if not Page._slug_is_available(fields["slug"], parent):
            self.value_problem(
                source,
                ["campaign", "slug"],
                _(
                    "l’adresse « %(slug)s » est déjà celle d’une autre page du site : "
                    "choisissez un autre identifiant de campagne."
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
                _("le dernier jour précède le premier."),
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
        name, town = data["name"], data["town"]
        known = len(self.problems)
        for field_name, value in (("name", name), ("town", town)):
            for message in _field_errors(Establishment, field_name, value):
                self.value_problem(source, path + [field_name], message)
        key = match_key(name, town)
        if len(self.problems) == known and (
            len(key) > Establishment._meta.get_field("match_key").max_length
            or len(fold(name)) > Establishment._meta.get_field("sort_name").max_length
        ):
            self.value_problem(
                source,
                path + ["name"],
                _(
                    "nom d’établissement trop long une fois les abréviations écrites "
                    "en entier : raccourcissez-le."
                ),
            )
        if len(self.problems) > known:
            return None
        if key in self.establishments:
            establishment = self.establishments[key]
        else:
            establishment = Establishment.objects.filter(match_key=key).first()
            if establishment is None:
                establishment = Establishment(
                    name=" ".join(name.split()),
                    town=" ".join(town.split()),
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

    def check_body(self, source):
        """The day's body, cleaned by its StreamField, or None after recording
        every problem of it (those the reading did not already report)."""
        refused = []  # establishment lists missing a refused establishment

        def establishment(data, path):
            if source.is_covered(path):
                return None
            pk = self.establishment_id(source, data, path)
            if pk is None:
                refused.append(path[:-1])
            return pk

        converted = body_from_list(
            source.body,
            establishment,
            lambda path, message: self.value_problem(source, path, message),
        )
        origins = [index for index, _raw in converted]
        block = CampaignDayPage._meta.get_field("body").stream_block
        value = block.to_python([raw for _index, raw in converted])
        try:
            return block.clean(value)
        except ValidationError as error:
            for path, message in _flatten_block_errors(error, ["body"]):
                if len(path) > 1 and isinstance(path[1], int):
                    path = [path[0], origins[path[1]], *path[2:]]
                # Told already: by the reading, or by a refused establishment
                # (the action then lacks one: saying so would mislead).
                if not (source.is_covered(path) or _overlaps(path, refused)):
                    self.value_problem(source, path, message)
            return None

    def check_date(self, source, campaign):
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
            return
        seen_key = (campaign.pk, source.date)
        if seen_key in self.seen_dates:
            self.problem(
                source,
                ["date"],
                _("le %(date)s est déjà importé par %(other)s dans ce même envoi.")
                % {"date": long_date(source.date), "other": self.seen_dates[seen_key]},
            )
            return
        self.seen_dates[seen_key] = source.filename

    def check_title(self, source):
        if source.title:
            for message in _field_errors(CampaignDayPage, "title", source.title):
                self.value_problem(source, ["title"], message)

    def import_day(self, source, campaign):
        """Check everything of the day, then save it if nothing is wrong."""
        known = len(self.problems)
        if campaign is not None and source.date is not None:
            self.check_date(source, campaign)
        self.check_title(source)
        body = self.check_body(source)
        if (
            len(self.problems) > known
            or not source.complete
            or campaign is None
            or body is None
        ):
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
        # Room for the date, added when the slug is taken.
        room = CampaignDayPage._meta.get_field("slug").max_length - 11
        slug = slugify(title)[:room].rstrip("-") or date.isoformat()
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


def import_files(
    files,
    *,
    campaign_slug=None,
    date=None,
    mode=DRAFT,
    dry_run=False,
    user=None,
    skip_unchanged=False,
    inspect=None,
    problems=(),
):
    """Import `files`, a list of (filename, bytes).

    Returns the list of ImportedDay; raises ImportRefused (having written
    nothing) when any file has a problem. With dry_run, everything is
    checked and done, then rolled back. `inspect(results)` is called before
    the transaction ends, while the imported days still exist (to preview a
    dry run). `problems` found before (files that could not be read) refuse
    the import too, once the other files are checked.
    """
    run = _Run(mode, user, skip_unchanged)
    run.problems.extend(problems)
    results = []
    with transaction.atomic():
        for filename, data in files:
            sources, problems = read_file(filename, data, date=date)
            run.problems.extend(problems)
            for source in sources:
                result = _import_source(run, source, campaign_slug, date)
                if result is not None:
                    results.append(result)
        if run.problems:
            raise ImportRefused(run.problems)
        if inspect is not None:
            inspect(results)
        if dry_run:
            transaction.set_rollback(True)
    return results


def _import_source(run, source, campaign_slug, date):
    return run.import_day(source, _campaign_of(run, source, campaign_slug, date))


def _campaign_of(run, source, campaign_slug, date):
    """The campaign the day goes into, or None having said why (the day's
    other checks run all the same: every problem is told at once)."""
    if source.format == "json":
        if source.campaign is None:
            return None  # the reading told what is wrong with it
        slug = source.campaign["slug"]
        if campaign_slug and campaign_slug != slug:
            run.problem(
                source,
                ["campaign", "slug"],
                _(
                    "ce fichier est une journée de la campagne « %(slug)s », pas de « %(asked)s »."
                )
                % {"slug": slug, "asked": campaign_slug},
            )
            return None
        if date and source.date and date != source.date:
            run.problem(
                source,
                ["date"],
                _("ce fichier est la journée du %(date)s, pas du %(asked)s.")
                % {"date": source.date.isoformat(), "asked": date.isoformat()},
            )
    else:
        slug = campaign_slug
        if not slug:
            run.problem(
                source,
                [],
                _(
                    "indiquez la campagne (--campaign SLUG) pour une lettre au format texte."
                ),
            )
            return None
    # A slug from the command line may hold what no database query takes
    # (undecodable bytes of the terminal become lone surrogates).
    campaign = run.campaign_for(source, slug) if printable(slug) == slug else None
    if campaign is None and source.format == "text":
        run.problem(
            source,
            [],
            _(
                "campagne « %(slug)s » introuvable : créez-la d’abord ou vérifiez son identifiant."
            )
            % {"slug": slug},
        )
    return campaign
