"""Admin: "Créer l'édition suivante", for éditeurs.

GET asks the new title, slug and day offset; POST copies the campaign and
its days as drafts, every date shifted (campaign/authoring/editions.py).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from campaign.authoring import editions
from campaign.models import CampaignPage


def can_create_next_edition(campaign, user):
    """Those who may copy the campaign beside itself: éditeurs
    (campaign/models/permissions.py)."""
    parent = campaign.get_parent()
    return parent is not None and campaign.permissions_for_user(user).can_copy_to(
        parent
    )


class NextEditionForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title of the new edition"), max_length=255
    )
    slug = forms.SlugField(
        label=gettext_lazy("Address (slug)"),
        max_length=255,
        allow_unicode=False,
        help_text=gettext_lazy(
            "The end of the page’s address, for example “semaine-perseverance-scolaire-2022”."
        ),
    )
    offset = forms.IntegerField(
        label=gettext_lazy("Date shift (in days)"),
        initial=editions.DEFAULT_OFFSET,
        min_value=1,
        max_value=3660,
        help_text=gettext_lazy("364 days: a year later, on the same days of the week."),
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign

    def clean_slug(self):
        slug = slugify(self.cleaned_data["slug"])
        if not slug:
            raise forms.ValidationError(_("Choose an address."))
        if not editions.slug_is_free(self.campaign, slug):
            raise forms.ValidationError(_("Another page already uses this address."))
        return slug


@require_http_methods(["GET", "POST"])
def next_edition(request, campaign_id):
    campaign = get_object_or_404(CampaignPage, pk=campaign_id)
    if not can_create_next_edition(campaign, request.user):
        raise PermissionDenied
    campaign = campaign.specific
    if request.method == "POST":
        form = NextEditionForm(request.POST, campaign=campaign)
        if form.is_valid():
            new = editions.create_next_edition(
                campaign,
                title=form.cleaned_data["title"],
                slug=form.cleaned_data["slug"],
                offset_days=form.cleaned_data["offset"],
                user=request.user,
            )
            offset = form.cleaned_data["offset"]
            messages.success(
                request,
                ngettext(
                    "“%(title)s” is created as a draft, with its days shifted by %(offset)s day.",
                    "“%(title)s” is created as a draft, with its days shifted by %(offset)s days.",
                    offset,
                )
                % {"title": new.title, "offset": offset},
            )
            old_year = campaign.start_date.year
            to_reread = editions.texts_naming_the_year(new, old_year)
            if new.start_date.year != old_year and to_reread:
                names = ", ".join(
                    _("“%(label)s”") % {"label": label} for label in to_reread
                )
                messages.warning(
                    request,
                    ngettext(
                        "Reread the texts taken from the previous edition: %(names)s still names %(year)s.",
                        "Reread the texts taken from the previous edition: %(names)s still name %(year)s.",
                        len(to_reread),
                    )
                    % {"names": names, "year": old_year},
                )
            return redirect("wagtailadmin_pages:edit", new.pk)
        messages.error(
            request, _("The edition could not be created: correct the errors below.")
        )
    else:
        form = NextEditionForm(
            campaign=campaign,
            initial={
                "title": editions.suggested_title(campaign),
                "slug": editions.suggested_slug(campaign),
                "offset": editions.DEFAULT_OFFSET,
            },
        )
    return TemplateResponse(
        request,
        "campaign/admin/next_edition.html",
        {"campaign": campaign, "form": form, "days": campaign.get_children().count()},
    )
