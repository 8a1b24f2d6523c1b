"""What the newsletter reader says of a line it cannot read, whatever the
kind of block (each kind says the rest in its own module).

Each message names what was found (quoting at most 80 characters of it) and
what was expected, with an example a communicator can copy; the msgids are
English, the catalogue gives the French. Whoever reads the line gives each
message its line (:class:`~campaign.formats.problems.Problem`).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaign.formats import markup

EMPTY_FILE = gettext_lazy(
    "empty file: expected a daily newsletter (introduction, “Quelques actions "
    "de la région académique :”, “ZOOM du jour”, …)"
)
NOTHING_FOUND = gettext_lazy(
    "no section recognised: expected at least one of the lines “Quelques "
    "actions de la région académique :”, “ZOOM du jour”, “Ressources ONISEP ou "
    "autres”, “Actions de partenariat à l'échelle de la région académique” or "
    "the closing sentence “Du … retrouvez …”"
)
MISPLACED_ACTION = gettext_lazy(
    "action outside the actions section: add above the first action the line "
    "“Quelques actions de la région académique :”"
)


def shown(protected):
    """A line's text (escapes protected) as a message quotes it."""
    return markup.shorten(markup.unprotect(protected, literal=True))


def establishment_expected():
    return _(
        "expected “NAME (TOWN - DEPARTMENT)”, for example “Collège Henri "
        "Bretin (Neuvic - 24)”"
    )


def unreadable_establishment(protected):
    return _("unreadable establishment “%(line)s”: %(expected)s") % {
        "line": shown(protected),
        "expected": establishment_expected(),
    }


def unknown_department(department):
    return _(
        "unknown department “%(department)s”: expected the code of a French "
        "department, for example 86, 2A or 974"
    ) % {"department": department}


def unknown_tag(tag, tags):
    """`tags`: the tags the reader knows, as written ("{actions}", …)."""
    names = (
        tags[0]
        if len(tags) == 1
        else _("%(some)s or %(last)s")
        % {
            "some": ", ".join(tags[:-1]),
            "last": tags[-1],
        }
    )
    return _("unknown tag “{%(tag)s}”: expected %(tags)s") % {
        "tag": markup.shorten(tag),
        "tags": names,
    }


def section_after_the_end(protected):
    return _(
        "section “%(line)s” placed after the closing sentence or the credits: "
        "those end the newsletter"
    ) % {"line": shown(protected)}


def second_final(kind):
    if kind == "closing":
        return _("second closing sentence: a newsletter has only one")
    return _("second credits line: a newsletter has only one")
