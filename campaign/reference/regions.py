"""The national reference: every région académique of France, its académies
and their départements.

Since 1 January 2020 (the académies of Caen and Rouen merged into the
académie de Normandie; Mayotte became an académie and a région académique of
its own) France counts 18 régions académiques and 30 académies: 13 régions
in metropolitan France (Corse included, with the départements 2A and 2B) and
5 overseas (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte, départements
971 to 974 and 976), each overseas région having a single académie.

A campaign chooses its région académique (`CampaignPage.region`, stored as
the région's official name, the value its `persev-day/1` files and its API
already carry); whatever knows départements and académies follows it.

Listed beside the départements, with the académie their schools depend on:
the collectivités of Saint-Pierre-et-Miquelon (975, académie de Normandie),
Saint-Barthélemy (977) and Saint-Martin (978) (académie de Guadeloupe).

Not listed: Nouvelle-Calédonie, Polynésie française and Wallis-et-Futuna.
They have vice-rectorats, not académies, belong to no région académique, and
education there is largely the territory's own competence (its calendar
follows the southern seasons): a campaign of theirs would not be one of a
région académique. A département outside this list is an input error, never
a new département.
"""

from dataclasses import dataclass
from functools import cached_property

from django.utils.text import get_text_list
from django.utils.translation import pgettext

from campaign.reference.text import fold

# The région académique of a campaign that names none (the demo's, and every
# campaign created before campaigns had a choice).
NOUVELLE_AQUITAINE = "Nouvelle-Aquitaine"


@dataclass(frozen=True)
class Academie:
    code: str  # stable identifier, in URLs and the API: "bordeaux"
    name: str  # "Bordeaux", as "académie de Bordeaux" says it
    departments: tuple  # ((code, name), ...) in code order


@dataclass(frozen=True)
class Region:
    """One région académique: its name and its académies."""

    name: str
    academies: tuple

    def __str__(self):
        return self.name

    @cached_property
    def departments(self):
        """Code → (name, académie code), in code order, like DEPARTMENTS."""
        found = {
            code: (name, academie.code)
            for academie in self.academies
            for code, name in academie.departments
        }
        return {code: found[code] for code in sorted(found, key=department_order)}

    @cached_property
    def academie_codes(self):
        return [academie.code for academie in self.academies]

    @property
    def academie_choices(self):
        return [(academie.code, academie.name) for academie in self.academies]

    @property
    def department_choices(self):
        return [
            (code, f"{code} – {name}") for code, (name, _a) in self.departments.items()
        ]

    def has_department(self, code):
        return code in self.departments

    def has_academie(self, code):
        return code in self.academie_codes

    def department_list(self):
        """The département codes as a sentence lists them: "16, 17 et 87" (in French)."""
        return get_text_list(list(self.departments), _and())

    def academie_list(self):
        """The académies' names as a sentence lists them."""
        names = [academie.name for academie in self.academies]
        return get_text_list(names, _and())


def _and():
    """The word before the last item of a list: "16, 17 and 87"."""
    return pgettext("before the last item of a list", "and")


def department_order(code):
    """Sort key of département codes: 01…19, 2A, 2B, 21…95, then 971…"""
    if code in ("2A", "2B"):
        return (20, code)
    return (int(code), "")


def _academie(code, name, departments):
    return Academie(code, name, tuple(departments))


REGIONS = (
    Region(
        "Auvergne-Rhône-Alpes",
        (
            _academie(
                "clermont-ferrand",
                "Clermont-Ferrand",
                [
                    ("03", "Allier"),
                    ("15", "Cantal"),
                    ("43", "Haute-Loire"),
                    ("63", "Puy-de-Dôme"),
                ],
            ),
            _academie(
                "grenoble",
                "Grenoble",
                [
                    ("07", "Ardèche"),
                    ("26", "Drôme"),
                    ("38", "Isère"),
                    ("73", "Savoie"),
                    ("74", "Haute-Savoie"),
                ],
            ),
            _academie(
                "lyon", "Lyon", [("01", "Ain"), ("42", "Loire"), ("69", "Rhône")]
            ),
        ),
    ),
    Region(
        "Bourgogne-Franche-Comté",
        (
            _academie(
                "besancon",
                "Besançon",
                [
                    ("25", "Doubs"),
                    ("39", "Jura"),
                    ("70", "Haute-Saône"),
                    ("90", "Territoire de Belfort"),
                ],
            ),
            _academie(
                "dijon",
                "Dijon",
                [
                    ("21", "Côte-d’Or"),
                    ("58", "Nièvre"),
                    ("71", "Saône-et-Loire"),
                    ("89", "Yonne"),
                ],
            ),
        ),
    ),
    Region(
        "Bretagne",
        (
            _academie(
                "rennes",
                "Rennes",
                [
                    ("22", "Côtes-d’Armor"),
                    ("29", "Finistère"),
                    ("35", "Ille-et-Vilaine"),
                    ("56", "Morbihan"),
                ],
            ),
        ),
    ),
    Region(
        "Centre-Val de Loire",
        (
            _academie(
                "orleans-tours",
                "Orléans-Tours",
                [
                    ("18", "Cher"),
                    ("28", "Eure-et-Loir"),
                    ("36", "Indre"),
                    ("37", "Indre-et-Loire"),
                    ("41", "Loir-et-Cher"),
                    ("45", "Loiret"),
                ],
            ),
        ),
    ),
    Region(
        "Corse",
        (_academie("corse", "Corse", [("2A", "Corse-du-Sud"), ("2B", "Haute-Corse")]),),
    ),
    Region(
        "Grand Est",
        (
            _academie(
                "nancy-metz",
                "Nancy-Metz",
                [
                    ("54", "Meurthe-et-Moselle"),
                    ("55", "Meuse"),
                    ("57", "Moselle"),
                    ("88", "Vosges"),
                ],
            ),
            _academie(
                "reims",
                "Reims",
                [
                    ("08", "Ardennes"),
                    ("10", "Aube"),
                    ("51", "Marne"),
                    ("52", "Haute-Marne"),
                ],
            ),
            _academie(
                "strasbourg", "Strasbourg", [("67", "Bas-Rhin"), ("68", "Haut-Rhin")]
            ),
        ),
    ),
    Region(
        "Hauts-de-France",
        (
            _academie(
                "amiens",
                "Amiens",
                [("02", "Aisne"), ("60", "Oise"), ("80", "Somme")],
            ),
            _academie("lille", "Lille", [("59", "Nord"), ("62", "Pas-de-Calais")]),
        ),
    ),
    Region(
        "Île-de-France",
        (
            _academie(
                "creteil",
                "Créteil",
                [
                    ("77", "Seine-et-Marne"),
                    ("93", "Seine-Saint-Denis"),
                    ("94", "Val-de-Marne"),
                ],
            ),
            _academie("paris", "Paris", [("75", "Paris")]),
            _academie(
                "versailles",
                "Versailles",
                [
                    ("78", "Yvelines"),
                    ("91", "Essonne"),
                    ("92", "Hauts-de-Seine"),
                    ("95", "Val-d’Oise"),
                ],
            ),
        ),
    ),
    Region(
        "Normandie",
        (
            _academie(
                "normandie",
                "Normandie",
                [
                    ("14", "Calvados"),
                    ("27", "Eure"),
                    ("50", "Manche"),
                    ("61", "Orne"),
                    ("76", "Seine-Maritime"),
                    ("975", "Saint-Pierre-et-Miquelon"),
                ],
            ),
        ),
    ),
    Region(
        NOUVELLE_AQUITAINE,
        (
            _academie(
                "bordeaux",
                "Bordeaux",
                [
                    ("24", "Dordogne"),
                    ("33", "Gironde"),
                    ("40", "Landes"),
                    ("47", "Lot-et-Garonne"),
                    ("64", "Pyrénées-Atlantiques"),
                ],
            ),
            _academie(
                "limoges",
                "Limoges",
                [("19", "Corrèze"), ("23", "Creuse"), ("87", "Haute-Vienne")],
            ),
            _academie(
                "poitiers",
                "Poitiers",
                [
                    ("16", "Charente"),
                    ("17", "Charente-Maritime"),
                    ("79", "Deux-Sèvres"),
                    ("86", "Vienne"),
                ],
            ),
        ),
    ),
    Region(
        "Occitanie",
        (
            _academie(
                "montpellier",
                "Montpellier",
                [
                    ("11", "Aude"),
                    ("30", "Gard"),
                    ("34", "Hérault"),
                    ("48", "Lozère"),
                    ("66", "Pyrénées-Orientales"),
                ],
            ),
            _academie(
                "toulouse",
                "Toulouse",
                [
                    ("09", "Ariège"),
                    ("12", "Aveyron"),
                    ("31", "Haute-Garonne"),
                    ("32", "Gers"),
                    ("46", "Lot"),
                    ("65", "Hautes-Pyrénées"),
                    ("81", "Tarn"),
                    ("82", "Tarn-et-Garonne"),
                ],
            ),
        ),
    ),
    Region(
        "Pays de la Loire",
        (
            _academie(
                "nantes",
                "Nantes",
                [
                    ("44", "Loire-Atlantique"),
                    ("49", "Maine-et-Loire"),
                    ("53", "Mayenne"),
                    ("72", "Sarthe"),
                    ("85", "Vendée"),
                ],
            ),
        ),
    ),
    Region(
        "Provence-Alpes-Côte d’Azur",
        (
            _academie(
                "aix-marseille",
                "Aix-Marseille",
                [
                    ("04", "Alpes-de-Haute-Provence"),
                    ("05", "Hautes-Alpes"),
                    ("13", "Bouches-du-Rhône"),
                    ("84", "Vaucluse"),
                ],
            ),
            _academie("nice", "Nice", [("06", "Alpes-Maritimes"), ("83", "Var")]),
        ),
    ),
    Region(
        "Guadeloupe",
        (
            _academie(
                "guadeloupe",
                "Guadeloupe",
                [
                    ("971", "Guadeloupe"),
                    ("977", "Saint-Barthélemy"),
                    ("978", "Saint-Martin"),
                ],
            ),
        ),
    ),
    Region(
        "Martinique",
        (_academie("martinique", "Martinique", [("972", "Martinique")]),),
    ),
    Region("Guyane", (_academie("guyane", "Guyane", [("973", "Guyane")]),)),
    Region(
        "La Réunion",
        (_academie("la-reunion", "La Réunion", [("974", "La Réunion")]),),
    ),
    Region("Mayotte", (_academie("mayotte", "Mayotte", [("976", "Mayotte")]),)),
)

REGION_NAMES = [region.name for region in REGIONS]
REGION_CHOICES = [(region.name, region.name) for region in REGIONS]
_BY_NAME = {region.name: region for region in REGIONS}
_BY_FOLDED_NAME = {fold(region.name): region for region in REGIONS}

# The whole country. Code → (name, académie code), in code order.
DEPARTMENTS = dict(
    sorted(
        (
            (code, (name, academie.code))
            for region in REGIONS
            for academie in region.academies
            for code, name in academie.departments
        ),
        key=lambda item: department_order(item[0]),
    )
)
ACADEMIES = {
    academie.code: academie for region in REGIONS for academie in region.academies
}
# (code, name) of every académie, by name.
ACADEMIE_CHOICES = sorted(
    ((code, academie.name) for code, academie in ACADEMIES.items()),
    key=lambda choice: fold(choice[1]),
)
DEPARTMENT_CHOICES = [
    (code, f"{code} – {name}") for code, (name, _a) in DEPARTMENTS.items()
]
REGION_OF_ACADEMIE = {
    academie.code: region for region in REGIONS for academie in region.academies
}


def region_named(name):
    """The région académique of this name, or None. Case, accents, hyphens
    and apostrophes do not matter: "nouvelle aquitaine" is Nouvelle-Aquitaine."""
    if name in _BY_NAME:
        return _BY_NAME[name]
    return _BY_FOLDED_NAME.get(fold(str(name or "")))


def region(name):
    """The région académique of a campaign's `region` value; Nouvelle-Aquitaine
    when the value is unknown (validation refuses it before it is saved)."""
    return region_named(name) or _BY_NAME[NOUVELLE_AQUITAINE]


def academie_of(department):
    """Return the académie code of a department code, or None when unknown."""
    entry = DEPARTMENTS.get(department)
    return entry[1] if entry else None


def academie_name(code):
    academie = ACADEMIES.get(code)
    return academie.name if academie else ""


def department_name(code):
    entry = DEPARTMENTS.get(code)
    return entry[0] if entry else ""


def region_of_department(code):
    academie = academie_of(code)
    return REGION_OF_ACADEMIE.get(academie) if academie else None
