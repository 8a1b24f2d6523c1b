"""One import call at work on its days: the establishments each action
names (matched or created) and each day, checked then saved as a draft,
published or scheduled (campaign/authoring/importer.py runs it).
"""

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaign.authoring.import_campaign import (
    DRAFT,
    PUBLISH,
    SCHEDULE,
    CampaignImport,
    field_errors,
)
from campaign.authoring.interchange.day_json import body_from_list, body_to_list
from campaign.models import CampaignDayPage, Establishment, match_key
from campaign.reference.dates import day_title, long_date
from campaign.reference.regions import department_name
from campaign.reference.text import fold

logger = logging.getLogger("campaign.authoring.importer")


# What became of an imported day (ImportedDay.state).
DRAFTED, PUBLISHED, SCHEDULED, UNCHANGED = (
    "draft",
    "published",
    "scheduled",
    "unchanged",
)

# One sentence per outcome (created or updated, and its state), so that a
# translation says each as its language does.
_OUTCOMES = {
    (True, DRAFTED): gettext_lazy("%(file)s: %(title)s (%(date)s) created, as a draft"),
    (False, DRAFTED): gettext_lazy(
        "%(file)s: %(title)s (%(date)s) updated, as a draft"
    ),
    (True, PUBLISHED): gettext_lazy(
        "%(file)s: %(title)s (%(date)s) created, published"
    ),
    (False, PUBLISHED): gettext_lazy(
        "%(file)s: %(title)s (%(date)s) updated, published"
    ),
    (True, SCHEDULED): gettext_lazy(
        "%(file)s: %(title)s (%(date)s) created, scheduled"
    ),
    (False, SCHEDULED): gettext_lazy(
        "%(file)s: %(title)s (%(date)s) updated, scheduled"
    ),
}
_SCHEDULED_AT = {
    True: gettext_lazy(
        "%(file)s: %(title)s (%(date)s) created, scheduled for %(day)s at %(time)s"
    ),
    False: gettext_lazy(
        "%(file)s: %(title)s (%(date)s) updated, scheduled for %(day)s at %(time)s"
    ),
}


@dataclass
class ImportedDay:
    """What became of one imported day."""

    filename: str
    day: CampaignDayPage
    created: bool
    state: str  # DRAFTED, PUBLISHED, SCHEDULED or UNCHANGED
    go_live_at: object = None

    @property
    def changed(self):
        return self.state != UNCHANGED

    def describe(self):
        values = {
            "file": self.filename,
            "title": self.day.title,
            "date": self.day.date.isoformat(),
        }
        if self.state == UNCHANGED:
            return _("%(file)s: %(title)s (%(date)s) unchanged") % values
        if self.state == SCHEDULED and self.go_live_at:
            local = timezone.localtime(self.go_live_at)
            return _SCHEDULED_AT[self.created] % {
                **values,
                "day": long_date(local.date()),
                "time": local.strftime("%H:%M"),
            }
        return _OUTCOMES[self.created, self.state] % values


def _overlaps(path, paths):
    return any(path[: len(p)] == p or p[: len(path)] == path for p in paths)


class ImportRun(CampaignImport):
    """The campaign steps of CampaignImport, and then the establishments and
    the days."""

    # -- establishments ---------------------------------------------------------

    def establishment_id(self, source, data, path):
        name, town = data["name"], data["town"]
        known = len(self.problems)
        for field_name, value in (("name", name), ("town", town)):
            for message in field_errors(Establishment, field_name, value):
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
                    "establishment name too long once its abbreviations are "
                    "written out in full: shorten it."
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
                    "%(name)s (%(town)s) is already recorded in département "
                    "%(known)s, not %(given)s: correct the file or the "
                    "establishment’s record."
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

    def outside_region(self, source, data, path, campaign):
        """Whether the establishment's département is outside the campaign's
        région académique, having said so."""
        region = campaign.academic_region
        department = data["department"]
        if region.has_department(department):
            return False
        self.value_problem(
            source,
            path + ["department"],
            _(
                "département %(department)s (%(name)s) outside the région "
                "académique %(region)s of the campaign “%(campaign)s”: "
                "expected %(codes)s."
            )
            % {
                "department": department,
                "name": department_name(department),
                "region": region.name,
                "campaign": campaign.slug,
                "codes": region.department_list(),
            },
        )
        return True

    def check_body(self, source, campaign=None):
        """The day's body, cleaned by its StreamField, or None after recording
        every problem of it (those the reading did not already report)."""
        refused = []  # establishment lists missing a refused establishment

        def establishment(data, path):
            if source.is_covered(path):
                return None
            if campaign is not None and self.outside_region(
                source, data, path, campaign
            ):
                refused.append(path[:-1])
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
                    "%(date)s is outside the campaign “%(campaign)s”, which runs "
                    "from %(start)s to %(end)s."
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
                _("%(date)s is already imported by %(other)s in this same upload.")
                % {"date": long_date(source.date), "other": self.seen_dates[seen_key]},
            )
            return
        self.seen_dates[seen_key] = source.filename

    def check_title(self, source):
        if source.title:
            for message in field_errors(CampaignDayPage, "title", source.title):
                self.value_problem(source, ["title"], message)

    def import_day(self, source, campaign):
        """Check everything of the day, then save it if nothing is wrong."""
        known = len(self.problems)
        if campaign is not None and source.date is not None:
            self.check_date(source, campaign)
        self.check_title(source)
        body = self.check_body(source, campaign)
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
                return ImportedDay(source.filename, existing, False, UNCHANGED)
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
            state = DRAFTED
        else:
            revision.publish(user=self.user)
            day.refresh_from_db()
            if day.live:
                state = PUBLISHED
                go_live_at = None
            else:
                state = SCHEDULED
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
