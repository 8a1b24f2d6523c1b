from django.apps import apps
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from campaign.blocks.establishments import EstablishmentChooserBlock
from campaign.blocks.kind import BlockKind
from campaign.blocks.rich_text import RICH_TEXT_FEATURES

DEFAULT_ACTIONS_HEADING = "Quelques actions de la région académique"


class ActionBlock(blocks.StructBlock):
    """One action of one or more establishments."""

    title = blocks.CharBlock(
        label=_("Intitulé de l’action"),
        max_length=300,
        help_text=_("Tel qu’il est annoncé, sans guillemets ni étoile."),
    )
    establishments = blocks.ListBlock(
        EstablishmentChooserBlock(),
        min_num=1,
        label=_("Établissements"),
        help_text=_(
            "Au moins un. Si un établissement manque, créez-le depuis la fenêtre de choix."
        ),
    )
    description = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        required=False,
        label=_("Description"),
        help_text=_("Facultatif : quelques lignes sur l’action."),
    )
    url = blocks.URLBlock(
        required=False,
        label=_("Lien"),
        help_text=_(
            "Facultatif : la page qui présente l’action (site de l’établissement…)."
        ),
    )

    class Meta:
        icon = "pick"
        label = _("Action")
        template = "campaign/blocks/actions/action.html"
        # The admin's block picker shows it with the public styles.
        preview_template = "campaign/blocks/block_preview.html"


class ActionsBlock(BlockKind, blocks.StructBlock):
    """The day's actions of schools, under one heading."""

    name = "actions"

    heading = blocks.CharBlock(
        label=_("Titre de la rubrique"),
        default=DEFAULT_ACTIONS_HEADING,
        max_length=200,
    )
    actions = blocks.ListBlock(ActionBlock(), min_num=1, label=_("Actions"))

    def get_preview_value(self):
        # The model by name: blocks sit below the models and import none.
        Establishment = apps.get_model("campaign", "Establishment")
        # Real establishments make a truthful preview: one for the first
        # action, two others for the second (fewer on a new site).
        establishments = list(Establishment.objects.order_by("pk")[:3])
        return self.to_python(
            {
                "heading": DEFAULT_ACTIONS_HEADING,
                "actions": [
                    {
                        "title": "Parce que revenir à la base est essentiel",
                        "establishments": [
                            e.pk for e in establishments[:1]
                        ],  # one school
                        "description": "",
                        "url": "",
                    },
                    {
                        "title": "De la gestion des émotions pour une scolarité réussie",
                        "establishments": [e.pk for e in establishments[1:]],
                        "description": "",
                        "url": "",
                    },
                ],
            }
        )

    class Meta:
        icon = "list-ul"
        label = _("Actions des établissements")
        description = _(
            "Les actions des écoles, collèges et lycées : un intitulé et les établissements qui la mènent."
        )
        template = "campaign/blocks/actions/page.html"
        # The admin's block picker shows it with the public styles.
        preview_template = "campaign/blocks/block_preview.html"
