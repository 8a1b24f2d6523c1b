"""The site's guide for communicants and éditeurs, in French, with
screenshots of this site (home/static/home/guide/, made by
`make guide-screenshots`, tests/browser/guide_screenshots.py). Served in the
admin (its login guards it), reached from the help menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

GUIDE_TITLE = _("Guide d’utilisation")

# The guide's sections, in the order of a campaign's life: (anchor, title,
# screenshot). The text of each is in home/templates/home/guide/<anchor>.html.
SECTIONS = [
    ("ecrire", _("Écrire une journée"), "ecrire-une-journee.png"),
    ("importer", _("Importer une lettre"), "importer-une-lettre.png"),
    ("etablissement", _("Ajouter un établissement"), "ajouter-un-etablissement.png"),
    ("soumettre", _("Soumettre à la relecture"), "soumettre.png"),
    ("approuver", _("Approuver une journée"), "approuver.png"),
    ("programmer", _("Programmer la semaine"), "programmer-la-semaine.png"),
    ("calendrier", _("Lire le calendrier de publication"), "calendrier.png"),
    ("retard", _("Corriger une journée en retard"), "journee-en-retard.png"),
    (
        "edition-suivante",
        _("Préparer l’édition de l’an prochain"),
        "edition-suivante.png",
    ),
]


class GuideView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "home/guide/guide.html"
    page_title = GUIDE_TITLE
    header_icon = "help"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": GUIDE_TITLE}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = [
            {
                "anchor": anchor,
                "title": title,
                "template": f"home/guide/{anchor}.html",
                "screenshot": f"home/guide/{screenshot}",
            }
            for anchor, title, screenshot in SECTIONS
        ]
        return context


def admin_urls():
    """Hook register_admin_urls: the guide at /admin/guide/."""
    return [path("guide/", GuideView.as_view(), name="persev_guide")]


def replace_wagtails_guide(request, menu_items):
    """Hook construct_help_menu: our guide instead of Wagtail's (English,
    on guide.wagtail.org) and of its "What's new in Wagtail" item."""
    menu_items[:] = [
        item
        for item in menu_items
        if item.name != "editor-guide" and not item.name.startswith("whats-new")
    ]
    menu_items.insert(
        0,
        MenuItem(
            GUIDE_TITLE,
            reverse("persev_guide"),
            name="persev-guide",
            icon_name="help",
            order=1000,
        ),
    )
