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
    title = forms.CharField(label="Titre de la nouvelle édition", max_length=255)
    slug = forms.SlugField(
        label="Adresse (slug)",
        max_length=255,
        allow_unicode=False,
        help_text="La fin de l’adresse de la page, par exemple « semaine-perseverance-scolaire-2022 ».",
    )
    offset = forms.IntegerField(
        label="Décalage des dates (en jours)",
        initial=editions.DEFAULT_OFFSET,
        min_value=1,
        max_value=3660,
        help_text="364 jours : un an plus tard, les mêmes jours de la semaine.",
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign

    def clean_slug(self):
        slug = slugify(self.cleaned_data["slug"])
        if not slug:
            raise forms.ValidationError("Choisissez une adresse.")
        if not editions.slug_is_free(self.campaign, slug):
            raise forms.ValidationError("Une autre page utilise déjà cette adresse.")
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
                f"« {new.title} » est créée en brouillon, "
                f"avec ses journées décalées de {offset} jours.",
            )
            old_year = campaign.start_date.year
            to_reread = editions.texts_naming_the_year(new, old_year)
            if new.start_date.year != old_year and to_reread:
                names = ", ".join(f"« {label} »" for label in to_reread)
                verb = "cite" if len(to_reread) == 1 else "citent"
                messages.warning(
                    request,
                    f"Relisez les textes repris de l’édition précédente : "
                    f"{names} {verb} encore {old_year}.",
                )
            return redirect("wagtailadmin_pages:edit", new.pk)
        messages.error(
            request, "L’édition n’a pas été créée : corrigez les erreurs ci-dessous."
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
