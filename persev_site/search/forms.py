"""The site search's form, read from the address (a plain GET form)."""

from django import forms
from django.utils.translation import gettext_lazy

# The longest search the site reads (characters); the search fields of the
# pages say so to the browser (maxlength, site_tags.search_max_length).
SEARCH_MAX_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Rechercher",
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        error_messages={
            "max_length": gettext_lazy(
                "La recherche compte %(show_value)d caractères, %(limit_value)d "
                "au plus : raccourcissez-la."
            )
        },
    )

    def query(self):
        """The words searched, or "" when there are none or they are refused."""
        return self.cleaned_data["q"].strip() if self.is_valid() else ""
