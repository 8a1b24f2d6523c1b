from django.apps import apps
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from wagtail import blocks

from campaign.blocks.api_models import HTML, built_once
from campaign.blocks.establishments import EstablishmentChooserBlock
from campaign.blocks.kind import BlockKind, items, mapping, string, text
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
        template = "campaign/blocks/action_block.html"
        # The admin's block picker shows it with the public styles.
        preview_template = "campaign/blocks/block_preview.html"


def _api_model():
    """The API's model of an actions block (its establishments' model names
    the kinds of establishment: built when first used)."""

    class ActionOut(Schema):
        title: str = Field(min_length=1)
        establishments: list[EstablishmentChooserBlock.api_model] = Field(min_length=1)
        description: HTML | None = None
        url: str | None = Field(default=None, description=_("Absolute address (uri)."))

    class ActionsValue(Schema):
        heading: str
        actions: list[ActionOut] = Field(min_length=1)

    return ActionsValue


class ActionsBlock(BlockKind, blocks.StructBlock):
    """The day's actions of schools, under one heading."""

    name = "actions"

    @built_once
    def api_model():
        return _api_model()

    heading = blocks.CharBlock(
        label=_("Titre de la rubrique"),
        default=DEFAULT_ACTIONS_HEADING,
        max_length=200,
    )
    actions = blocks.ListBlock(ActionBlock(), min_num=1, label=_("Actions"))

    def to_interchange(self, value, out):
        actions = []
        for action in value["actions"]:
            item = {
                "title": action["title"],
                "establishments": [
                    out.establishment(e) for e in action["establishments"] if e
                ],
            }
            if not item["establishments"]:
                # Deleted from a shell (the admin refuses to): the format
                # needs one establishment per action, at least. The site
                # still shows the action by its title.
                out.left_out(
                    f"action « {action['title']} » (none of its establishments "
                    "exists any more)"
                )
                continue
            description = out.html(action["description"])
            if description:
                item["description"] = description
            if action["url"]:
                item["url"] = action["url"]
            actions.append(item)
        if not actions:
            return None
        return {"heading": value["heading"], "actions": actions}

    def from_interchange(self, data, into, where):
        data = mapping(data)
        actions = []
        for index, action in enumerate(items(data.get("actions"))):
            action = mapping(action)
            at = [*where, "actions", index]
            ids = [
                into.establishment_id(e, [*at, "establishments", e_index])
                for e_index, e in enumerate(items(action.get("establishments")))
                if isinstance(e, dict)
            ]
            actions.append(
                {
                    "title": text(action.get("title")),
                    "establishments": [pk for pk in ids if pk is not None],
                    "description": into.html(
                        action.get("description", ""), [*at, "description"]
                    ),
                    "url": string(action.get("url")),
                }
            )
        return {
            "heading": string(data.get("heading")) or DEFAULT_ACTIONS_HEADING,
            "actions": actions,
        }

    def search_text(self, value):
        """Each action's title, then the names and towns of its
        establishments (the chooser blocks index nothing by themselves)."""
        titles = [action["title"] for action in value["actions"]]
        return "\n".join([*titles, super().search_text(value)]).strip("\n")

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
        template = "campaign/blocks/actions_block.html"
        # The admin's block picker shows it with the public styles.
        preview_template = "campaign/blocks/block_preview.html"
