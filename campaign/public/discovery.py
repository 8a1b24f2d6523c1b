"""The public actions of the campaigns: listed, filtered, counted.

Built on the read queries of the models (what is public): only the live,
public days of live, public campaigns ever give an action. Used by the actions page of a campaign,
its chart per department and the page of each establishment.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.text import slugify

from campaign.models import CampaignDayPage, CampaignPage
from campaign.reference.regions import academie_name


@dataclass
class PublicAction:
    """One action of a live day, with its establishments loaded."""

    title: str
    url: str
    description: object  # RichText or ""
    establishments: list = field(default_factory=list)
    day: object = None
    campaign: object = None

    @property
    def departments(self):
        return sorted({e.department for e in self.establishments})

    def matches(self, department="", academie="", kind=""):
        """Whether one of its establishments is of this department, académie
        and kind (all that are given, on the same establishment)."""
        for establishment in self.establishments:
            if department and establishment.department != department:
                continue
            if academie and establishment.academie != academie:
                continue
            if kind and establishment.kind != kind:
                continue
            return True
        return False


def day_actions(day, campaign):
    """The actions of one day, in the order of its body."""
    actions = []
    for block in day.body:
        # Each kind says which actions it holds (campaign.blocks.kind).
        for value in block.block.school_actions(block.value):
            actions.append(
                PublicAction(
                    title=value["title"],
                    url=value.get("url") or "",
                    description=value.get("description") or "",
                    establishments=[
                        e for e in value["establishments"] if e is not None
                    ],
                    day=day,
                    campaign=campaign,
                )
            )
    return actions


def campaign_actions(campaign):
    """Every action of the live days of a live campaign, day by day."""
    actions = []
    for day in CampaignDayPage.objects.public_of(campaign):
        actions.extend(day_actions(day, campaign))
    return actions


def filter_actions(actions, department="", academie="", kind=""):
    if not (department or academie or kind):
        return list(actions)
    return [a for a in actions if a.matches(department, academie, kind)]


@dataclass(frozen=True)
class DepartmentCount:
    code: str
    name: str
    academie_label: str
    count: int
    percent: int  # of the largest count, for the bar's length


def counts_per_department(actions, academic_region):
    """How many actions each department of the campaign's région académique
    has (an action with establishments in two departments counts for both),
    in department order."""
    departments = academic_region.departments
    counts = dict.fromkeys(departments, 0)
    for action in actions:
        for department in action.departments:
            if department in counts:
                counts[department] += 1
    largest = max(counts.values(), default=0) or 1
    return [
        DepartmentCount(
            code=code,
            name=departments[code][0],
            academie_label=academie_name(departments[code][1]),
            count=count,
            percent=round(100 * count / largest),
        )
        for code, count in counts.items()
    ]


def establishment_actions(establishment, request=None):
    """The actions of an establishment in every public campaign of the
    request's site, latest campaign first, then by date."""
    actions = []
    for campaign in CampaignPage.objects.public_for(request):
        for day in CampaignDayPage.objects.public_of(campaign):
            if establishment.pk not in day.establishment_ids():
                continue
            actions.extend(
                action
                for action in day_actions(day, campaign)
                if any(e.pk == establishment.pk for e in action.establishments)
            )
    return actions


def establishment_slug(establishment):
    return slugify(establishment.name) or "etablissement"


def establishment_url(establishment):
    """The path of an establishment's public page."""
    return reverse(
        "campaign:establishment",
        kwargs={"pk": establishment.pk, "slug": establishment_slug(establishment)},
    )
