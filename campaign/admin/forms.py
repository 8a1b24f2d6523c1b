"""Admin forms of the campaign pages."""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from campaign.models.day_page import check_day_date
from campaign.reference.dates import day_title


class CampaignPageForm(WagtailAdminPageForm):
    """The rules on a campaign's dates live in CampaignPage.clean(), which the
    form runs like any model validation (checking them here too would show
    each message twice)."""


class CampaignDayPageForm(WagtailAdminPageForm):
    """The title and the slug of a day may be left empty: they come from its date."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "title" in self.fields:
            self.fields["title"].required = False
            # Wagtail's title placeholder ends with "*": this one is optional.
            self.fields["title"].widget.attrs["placeholder"] = _(
                "Titre de la journée (facultatif)"
            )
            self.fields["title"].help_text = _(
                "Laissez vide : il vient de la date (par exemple « Lundi 1er février »)."
            )
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean(self):
        date = self.cleaned_data.get("date")
        if date and not self.cleaned_data.get("title"):
            self.cleaned_data["title"] = day_title(date)
        slug_derived = "slug" in self.fields and not self.cleaned_data.get("slug")
        if slug_derived:
            self.cleaned_data["slug"] = slugify(self.cleaned_data.get("title") or "")
        cleaned_data = super().clean()
        if date and self.parent_page is not None:
            campaign = self.parent_page.specific
            problems = check_day_date(campaign, date, exclude=self.instance)
            for message in problems:
                self.add_error("date", message)
            if problems and slug_derived:
                # A slug made from the date clashes when the date does: the
                # date's message says it; Wagtail's "slug déjà utilisé", on
                # another tab, would only add jargon.
                self._errors.pop("slug", None)
        elif not date and not self.cleaned_data.get("title"):
            self.add_error(
                "title", forms.ValidationError(_("Indiquez une date ou un titre."))
            )
        return cleaned_data
