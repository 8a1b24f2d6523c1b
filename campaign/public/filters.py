"""The filters of the public actions page, read from the address: a plain
GET form, no JavaScript.

Their names are the API's (`academie`, `department`, `kind`: one
vocabulary for readers and partners); the older spellings of the page
(`departement`, `type`), in links already shared, are sent on to the new
ones (`renamed_query`). The académies and departments offered are those of
the campaign's région académique.

A value the form refuses is said on its field, in the site's language (DSFR error
message), and what is valid is kept: an unknown department does not drop the
académie chosen with it. The views answer such a page with 400, the status
of a request refused in part, with the whole page and its message.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from campaign.models.establishment import EstablishmentKind
from campaign.reference.regions import NOUVELLE_AQUITAINE, region

# Older parameter names of the page → the names it (and the API) takes now.
RENAMED_PARAMETERS = {"departement": "department", "type": "kind"}

# How much of a refused value a message repeats.
SHOWN_VALUE_LENGTH = 40


def shortened(value):
    """A value typed by the reader, as a message repeats it: cut if long."""
    value = str(value)
    if len(value) > SHOWN_VALUE_LENGTH:
        return value[:SHOWN_VALUE_LENGTH] + "…"
    return value


class ListedChoiceField(forms.ChoiceField):
    """A choice among the values the page lists; the message of an unknown
    one repeats it, shortened."""

    def validate(self, value):
        try:
            super().validate(value)
        except ValidationError as error:
            if error.code != "invalid_choice":
                raise
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": shortened(value)},
            ) from error


class ActionFilterForm(forms.Form):
    academie = ListedChoiceField(
        label=_("Académie"),
        required=False,
        error_messages={
            "invalid_choice": _(
                "The académie “%(value)s” is not in this campaign: choose an "
                "académie in the list."
            )
        },
    )
    department = ListedChoiceField(
        label=_("Department"),
        required=False,
        error_messages={
            "invalid_choice": _(
                "The department “%(value)s” is not in this campaign: choose a "
                "department in the list."
            )
        },
    )
    kind = ListedChoiceField(
        label=_("Kind of school"),
        required=False,
        choices=[("", _("Every kind")), *EstablishmentKind.choices],
        error_messages={
            "invalid_choice": _(
                "The kind of school “%(value)s” does not exist: choose a kind "
                "in the list."
            )
        },
    )

    def __init__(self, data=None, *, academic_region=None, **kwargs):
        super().__init__(data, **kwargs)
        academic_region = academic_region or region(NOUVELLE_AQUITAINE)
        self.fields["academie"].choices = [
            ("", _("Every académie")),
            *academic_region.academie_choices,
        ]
        self.fields["department"].choices = [
            ("", _("Every department")),
            *academic_region.department_choices,
        ]

    def filters(self):
        """The valid filters as keyword arguments of discovery.filter_actions;
        a field whose value is refused filters nothing (and has its error)."""
        self.is_valid()  # cleaned_data then holds the valid fields only
        data = self.cleaned_data
        return {
            "academie": data.get("academie", ""),
            "department": data.get("department", ""),
            "kind": data.get("kind", ""),
        }


def renamed_query(query):
    """The query string with the older parameter names written the new way,
    or None when it has none of them. A new name given too wins over its old
    spelling."""
    if not any(name in query for name in RENAMED_PARAMETERS):
        return None
    renamed = query.copy()
    for old, new in RENAMED_PARAMETERS.items():
        values = renamed.pop(old, [])
        if new not in renamed and values:
            renamed.setlist(new, values)
    return renamed.urlencode()
