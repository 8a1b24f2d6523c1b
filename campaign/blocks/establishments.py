from typing import Literal

from django.apps import apps
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from wagtail.snippets.blocks import SnippetChooserBlock

from campaign.blocks.api_models import built_once
from campaign.reference.regions import ACADEMIES, DEPARTMENTS

#: Codes of the whole country: one static document cannot list each
#: campaign's own (its région académique's); the API refuses, with a 400, a
#: code outside the campaign's.
DepartmentCode = Literal[tuple(DEPARTMENTS)]
AcademieCode = Literal[tuple(ACADEMIES)]


def _establishment_model():
    """The API's model of an establishment (Establishment.as_dict(full=True))."""
    # The model by name: blocks sit below the models and import none.
    Establishment = apps.get_model("campaign", "Establishment")
    kinds = Establishment._meta.get_field("kind").choices

    class EstablishmentOut(Schema):
        id: int
        name: str
        town: str
        department: DepartmentCode
        department_name: str
        academie: AcademieCode
        academie_label: str
        kind: Literal[tuple(value for value, _label in kinds)]

    return EstablishmentOut


class EstablishmentChooserBlock(SnippetChooserBlock):
    """Pick an establishment from the shared list (or create it from the chooser).

    The model is named by string: SnippetChooserBlock resolves it when first
    needed, so the blocks import no model."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Establishment"))
        super().__init__("campaign.Establishment", **kwargs)

    @cached_property
    def widget(self):
        # Wagtail builds "Choisir %(object)s" from the verbose name, which
        # reads "Choisir établissement" in French: the articles, here.
        widget = super().widget
        widget.choose_one_text = _("Choose an establishment")
        widget.choose_another_text = _("Choose another establishment")
        widget.link_to_chosen_text = _("Edit this establishment")
        return widget

    @built_once
    def api_model():
        return _establishment_model()

    def get_api_representation(self, value, context=None):
        # Headless clients get the establishment itself, never a bare id: as
        # the campaign API gives it (the one serialiser, Establishment.as_dict).
        if value is None:
            return None
        return value.as_dict(full=True)

    class Meta:
        icon = "home"
