"""What the newsletter reader says, in French, of a line it cannot read.

Each message names what was found (quoting at most 80 characters of it) and
what was expected, with an example a communicator can copy. The reader
(`reader`, `sections`, `grammar`) gives each one its line.
"""

from campaign.authoring.interchange import markup

ESTABLISHMENT_EXPECTED = (
    "attendu « NOM (VILLE - DÉPARTEMENT) », "
    "par exemple « Collège Henri Bretin (Neuvic - 24) »"
)
TITLE_EXPECTED = 'attendu « - ★ " **TITRE** " »'
LINK_EXPECTED = (
    "attendu un lien « - [TITRE](https://…) », éventuellement suivi de sa source "
    "« (ONISEP) »"
)
EMPTY_FILE = (
    "fichier vide : attendu une lettre quotidienne (introduction, « Quelques "
    "actions de la région académique : », « ZOOM du jour », …)"
)
NOTHING_FOUND = (
    "aucune rubrique reconnue : attendu au moins une des lignes « Quelques actions "
    "de la région académique : », « ZOOM du jour », « Ressources ONISEP ou "
    "autres », « Actions de partenariat à l'échelle de la région académique » ou "
    "la phrase de clôture « Du … retrouvez … »"
)
TAG_NAMES = "{actions}, {ressources}, {partenariat}, {texte}, {clôture} ou {crédits}"
MISPLACED_ACTION = (
    "action placée hors de la rubrique des actions : ajoutez au-dessus de la "
    "première action la ligne « Quelques actions de la région académique : »"
)
NO_ZOOM_TITLE = (
    "« ZOOM du jour » sans titre : attendu le titre du zoom sur la ligne "
    "suivante, par exemple « Les clauses sociales »"
)
ESTABLISHMENT_AFTER_DESCRIPTION = (
    "établissement placé après la description de l'action : les "
    "établissements suivent directement le titre de l'action"
)
EMPTY_TITLE = f"titre d'action vide : {TITLE_EXPECTED}"
LINK_WITHOUT_TITLE = f"lien sans titre : {LINK_EXPECTED}"


def shown(protected):
    """A line's text (escapes protected) as a message quotes it."""
    return markup.shorten(markup.unprotect(protected, literal=True))


def unreadable_establishment(protected):
    return f"établissement illisible « {shown(protected)} » : {ESTABLISHMENT_EXPECTED}"


def unknown_department(department):
    return (
        f"département « {department} » inconnu : attendu le code d’un "
        "département français, par exemple 86, 2A ou 974"
    )


def unexpected_resource_line(protected):
    return (
        f"ligne inattendue dans les ressources « {shown(protected)} » : {LINK_EXPECTED}"
    )


def unexpected_line_before_actions(protected):
    return (
        f"ligne inattendue avant la première action « {shown(protected)} » : "
        f"{TITLE_EXPECTED}"
    )


def second_link(title, url):
    return (
        f"deuxième lien pour l'action « {markup.shorten(title)} » : "
        f"une action n'a qu'un lien (déjà « {markup.shorten(url)} »)"
    )


def missing_establishment(title):
    return (
        f"action « {markup.shorten(title)} » sans établissement : attendu sur la "
        "ligne suivante « NOM (VILLE - DÉPARTEMENT) », par exemple « Collège "
        "Henri Bretin (Neuvic - 24) »"
    )


def no_action(heading):
    return (
        f"rubrique « {markup.shorten(heading or 'actions')} » sans action : "
        f"{TITLE_EXPECTED} suivi d'un établissement"
    )


def unknown_tag(tag):
    return f"balise « {{{markup.shorten(tag)}}} » inconnue : attendu {TAG_NAMES}"


def section_after_the_end(protected):
    return (
        f"rubrique « {shown(protected)} » placée après la phrase de clôture ou "
        "les crédits : ceux-ci terminent la lettre"
    )


def second_final(kind):
    what = "phrase de clôture" if kind == "closing" else "ligne de crédits"
    return f"deuxième {what} : une lettre n'en a qu'une"
