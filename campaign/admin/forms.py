"""Admin forms of the campaign pages."""

import datetime as dt

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets import AdminDateInput

from campaign.models.day_page import check_day_date
from campaign.reference.dates import (
    day_title,
    slug_following_date,
    title_following_date,
)


class DayDateInput(AdminDateInput):
    """Wagtail's date picker, opening on a given date when the field is empty
    (the campaign's first day: not today's month, months before the week)."""

    def __init__(self, attrs=None, format=None, opens_on=None):
        super().__init__(attrs=attrs, format=format)
        self.opens_on = opens_on

    def get_config(self):
        config = super().get_config()
        if self.opens_on:
            # The picker reads it in the field's own format (WAGTAIL_DATE_FORMAT).
            config["defaultDate"] = self.opens_on.strftime(self.format)
        return config


class CampaignPageForm(WagtailAdminPageForm):
    """The rules on a campaign's dates live in CampaignPage.clean(), which the
    form runs like any model validation (checking them here too would show
    each message twice)."""


class CampaignDayPageForm(WagtailAdminPageForm):
    """The title and the slug of a day may be left empty: they come from its date.

    When the date of a day changes, the date written in its title and its
    slug follow ("Jeudi 4 février" → "Vendredi 5 février", `jeudi-4-fevrier`
    → `vendredi-5-fevrier`), as in « Créer l’édition suivante »; a title or
    slug that does not write the old date is left as the editor wrote it.
    Once the day has been live, its old address leads to the new one (a
    redirect Wagtail records when the new slug is published).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "title" in self.fields:
            self.fields["title"].required = False
            # Wagtail's title placeholder ends with "*": this one is optional.
            self.fields["title"].widget.attrs["placeholder"] = _(
                "Title of the day (optional)"
            )
            self.fields["title"].help_text = _(
                "Leave empty: it comes from the date (for example “%(example)s”)."
            ) % {"example": day_title(dt.date(2021, 2, 1))}
        if "slug" in self.fields:
            self.fields["slug"].required = False
        if "date" in self.fields:
            campaign = self.parent_page.specific if self.parent_page else None
            widget = self.fields["date"].widget
            self.fields["date"].widget = DayDateInput(
                attrs=widget.attrs,
                format=widget.format,
                opens_on=getattr(campaign, "start_date", None),
            )
            self.fields["date"].help_text = _(
                "A day of the campaign; one day per date. Changing the date also changes the day’s title and address when they write it (“%(before)s” becomes “%(after)s”)."
            ) % {
                "before": day_title(dt.date(2021, 2, 4)),
                "after": day_title(dt.date(2021, 2, 5)),
            }

    def clean(self):
        date = self.cleaned_data.get("date")
        self._follow_the_date(date)
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
            if problems and (slug_derived or "slug" in self.followed_fields):
                # A slug made from the date clashes when the date does: the
                # date's message says it; Wagtail's "slug déjà utilisé", on
                # another tab, would only add jargon.
                self._errors.pop("slug", None)
        elif not date and not self.cleaned_data.get("title"):
            self.add_error("title", forms.ValidationError(_("Give a date or a title.")))
        return cleaned_data

    def _follow_the_date(self, date):
        """The title and slug follow a changed date (see the class)."""
        # The instance is the day's latest version, before this form's values.
        old_date = self.instance.date if self.instance.pk else None
        self.followed_fields = {}
        if not (old_date and date) or old_date == date:
            return
        for name, follow in (
            ("title", title_following_date),
            ("slug", slug_following_date),
        ):
            written = self.cleaned_data.get(name)
            if not written:
                continue
            followed = follow(written, old_date, date)
            if followed != written:
                self.cleaned_data[name] = followed
                self.followed_fields[name] = followed

    def get_field_updates_for_resave(self):
        # Saved in the background (autosave), the form stays open: its title
        # and slug fields take the values that followed the date, or the next
        # save would put back the old ones.
        return [
            *super().get_field_updates_for_resave(),
            *getattr(self, "followed_fields", {}).items(),
        ]
