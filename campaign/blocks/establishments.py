from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.blocks import SnippetChooserBlock


class EstablishmentChooserBlock(SnippetChooserBlock):
    """Pick an establishment from the shared list (or create it from the chooser).

    The model is named by string: SnippetChooserBlock resolves it when first
    needed, so the blocks import no model."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Établissement"))
        super().__init__("campaign.Establishment", **kwargs)

    @cached_property
    def widget(self):
        # Wagtail builds "Choisir %(object)s" from the verbose name, which
        # reads "Choisir établissement" in French: the articles, here.
        widget = super().widget
        widget.choose_one_text = _("Choisir un établissement")
        widget.choose_another_text = _("Choisir un autre établissement")
        widget.link_to_chosen_text = _("Modifier cet établissement")
        return widget

    def get_api_representation(self, value, context=None):
        # Headless clients get the establishment itself, never a bare id.
        if value is None:
            return None
        return {
            "id": value.pk,
            "name": value.name,
            "town": value.town,
            "department": value.department,
            "academie": value.academie,
        }

    class Meta:
        icon = "home"
