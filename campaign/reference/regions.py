"""Reference data of the Nouvelle-Aquitaine academic region.

The region has twelve departments spread over three académies. A department
outside this list is an input error, never a new department.
"""

from django.utils.translation import gettext_lazy as _

BORDEAUX = "bordeaux"
LIMOGES = "limoges"
POITIERS = "poitiers"

ACADEMIE_CHOICES = [
    (BORDEAUX, _("Bordeaux")),
    (LIMOGES, _("Limoges")),
    (POITIERS, _("Poitiers")),
]

# Department code -> (name, académie).
DEPARTMENTS = {
    "16": ("Charente", POITIERS),
    "17": ("Charente-Maritime", POITIERS),
    "19": ("Corrèze", LIMOGES),
    "23": ("Creuse", LIMOGES),
    "24": ("Dordogne", BORDEAUX),
    "33": ("Gironde", BORDEAUX),
    "40": ("Landes", BORDEAUX),
    "47": ("Lot-et-Garonne", BORDEAUX),
    "64": ("Pyrénées-Atlantiques", BORDEAUX),
    "79": ("Deux-Sèvres", POITIERS),
    "86": ("Vienne", POITIERS),
    "87": ("Haute-Vienne", LIMOGES),
}

DEPARTMENT_CHOICES = [
    (code, f"{code} – {name}") for code, (name, _a) in DEPARTMENTS.items()
]


def academie_of(department):
    """Return the académie code of a department code, or None when unknown."""
    entry = DEPARTMENTS.get(department)
    return entry[1] if entry else None
