"""The filters of the public actions page: a plain GET form, no JavaScript."""

from django import forms

from campaign.models.establishment import EstablishmentKind
from campaign.reference.regions import ACADEMIE_CHOICES, DEPARTMENT_CHOICES


class ActionFilterForm(forms.Form):
    academie = forms.ChoiceField(
        label="Académie",
        required=False,
        choices=[("", "Toutes les académies"), *ACADEMIE_CHOICES],
    )
    departement = forms.ChoiceField(
        label="Département",
        required=False,
        choices=[("", "Tous les départements"), *DEPARTMENT_CHOICES],
    )
    type = forms.ChoiceField(
        label="Type d’établissement",
        required=False,
        choices=[("", "Tous les types"), *EstablishmentKind.choices],
    )

    def filters(self):
        """The chosen filters as keyword arguments of discovery.filter_actions
        (an unknown value is ignored)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "academie": data.get("academie", ""),
            "department": data.get("departement", ""),
            "kind": data.get("type", ""),
        }
