from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.api import APIField
from wagtail.search import index

from campaign.reference.regions import (
    DEPARTMENT_CHOICES,
    DEPARTMENTS,
    academie_name,
    academie_of,
    department_name,
    region_of_department,
)
from campaign.reference.text import fold


def match_key(name, town):
    """The identity of an establishment: name and town, ignoring case, accents,
    hyphens, repeated blanks and the St/Ste abbreviations ("Lycée Jean Favard"
    in "Guéret" is "LYCEE JEAN FAVARD" in "gueret"; "St Léonard-de-Noblat" is
    "Saint-Léonard-de-Noblat").

    campaign/migrations/0007 recomputed the stored keys when the
    abbreviations were added: a change here needs such a migration too
    (and 0009 filled sort_name with fold())."""
    return f"{fold(name)}|{fold(town)}"


class EstablishmentKind(models.TextChoices):
    COLLEGE = "college", _("Middle school")
    LYCEE = "lycee", _("High school")
    LP = "lp", _("Vocational high school")
    CIO = "cio", _("Information and guidance centre (CIO)")
    EREA = "erea", _("EREA")
    ECOLE = "ecole", _("School")
    OTHER = "autre", _("Other")


# Prefixes of establishment names (folded: no case nor accent), most
# specific first.
KIND_PREFIXES = [
    ("lycee professionnel", EstablishmentKind.LP),
    ("lp ", EstablishmentKind.LP),
    ("lpo ", EstablishmentKind.LYCEE),
    ("lycee", EstablishmentKind.LYCEE),
    ("college", EstablishmentKind.COLLEGE),
    ("cio", EstablishmentKind.CIO),
    ("erea", EstablishmentKind.EREA),
    ("ecole", EstablishmentKind.ECOLE),
]


def guess_kind(name):
    """The kind of an establishment from the way its name starts."""
    folded = fold(name) + " "
    for prefix, kind in KIND_PREFIXES:
        if folded.startswith(prefix):
            return kind
    return EstablishmentKind.OTHER


class Establishment(index.Indexed, models.Model):
    """A school or service (collège, lycée, LP, CIO…), reused by the actions of
    every day and every year. Its département is one of France's; a day only
    names establishments of its campaign's région académique
    (campaign.models.day_page.check_establishments_region)."""

    name = models.CharField(
        _("name"),
        max_length=255,
        help_text=_("As the newsletter writes it, for example “Collège Henri Bretin”."),
    )
    kind = models.CharField(
        _("kind of establishment"),
        max_length=16,
        choices=EstablishmentKind.choices,
        blank=True,
        help_text=_(
            "Leave empty to deduce it from the name (“LP …”: vocational high school)."
        ),
    )
    town = models.CharField(_("town"), max_length=255)
    department = models.CharField(
        _("department"),
        max_length=3,
        choices=DEPARTMENT_CHOICES,
        help_text=_(
            "Its code (2A and 2B for Corsica, 971 to 976 overseas); the academy and the academic region follow from it."
        ),
    )
    match_key = models.CharField(max_length=600, unique=True, editable=False)
    # The name folded (fold()), the list's order: case and accents ignored,
    # and "CIO" before "CIO de Guéret" whatever the database's collation.
    sort_name = models.CharField(max_length=300, editable=False, default="")
    # When the establishment last changed: part of the HTTP validators (ETag,
    # Last-Modified) of the API, feeds and widget that show it.
    updated_at = models.DateTimeField(_("modified at"), auto_now=True, null=True)

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("town"),
        index.FilterField("department"),
        index.FilterField("kind"),
    ]

    api_fields = [
        APIField("name"),
        APIField("kind"),
        APIField("town"),
        APIField("department"),
        APIField("academie"),
    ]

    class Meta:
        verbose_name = _("establishment")
        verbose_name_plural = _("establishments")
        # Case and accents ignored, so "lycée Élie Vinet" sorts among the
        # other lycées.
        ordering = ["sort_name", "town"]

    def __str__(self):
        return f"{self.name} ({self.town} – {self.department})"

    def save(self, *args, **kwargs):
        self.match_key = match_key(self.name, self.town)
        self.sort_name = fold(self.name)
        if not self.kind:
            self.kind = guess_kind(self.name)
        super().save(*args, **kwargs)

    def as_dict(self, *, full=False):
        """The establishment as the channels give it, the one serialiser: by
        its name, town and département in the interchange (``persev-day/1``,
        which names establishments and has no ids); with its id, its
        académie and its kind for the API (`full`), where partners filter
        on them (EstablishmentChooserBlock.api_model describes it)."""
        data = {"name": self.name, "town": self.town, "department": self.department}
        if full:
            data = {
                "id": self.pk,
                **data,
                "department_name": self.department_name,
                "academie": self.academie,
                "academie_label": self.academie_label,
                "kind": self.kind,
            }
        return data

    @property
    def academie(self):
        """Code of the académie the establishment belongs to."""
        return academie_of(self.department)

    @property
    def academie_label(self):
        return academie_name(self.academie)

    @property
    def department_name(self):
        return department_name(self.department)

    @property
    def region_name(self):
        """Name of the région académique of the establishment's département."""
        region = region_of_department(self.department)
        return region.name if region else ""

    def clean(self):
        super().clean()
        self.name = " ".join((self.name or "").split())
        self.town = " ".join((self.town or "").split())
        if self.department and self.department not in DEPARTMENTS:
            raise ValidationError(
                {
                    "department": _(
                        "This department does not exist: give its code, for example 86, 2A or 974."
                    )
                }
            )
        key = match_key(self.name, self.town)
        duplicate = (
            Establishment.objects.filter(match_key=key).exclude(pk=self.pk).first()
        )
        if duplicate:
            raise ValidationError(
                _(
                    "This establishment already exists: %(existing)s. Choose it instead of creating it again."
                )
                % {"existing": duplicate}
            )
