"""Admin: bring a newsletter file into a campaign, with a preview first.

Step 1, the communicator uploads a file (newsletter text or JSON) and picks
the day; the import runs as a dry run and the page shows either the day as
it will be (its e-mail rendering) or every problem with its line. Step 2,
they confirm: the same file is imported for real, as a draft.
"""

import base64
import binascii

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaign.authoring import importer
from campaign.authoring.problems import ImportRefused
from campaign.authoring.sources import MAX_FILE_SIZE
from campaign.models import CampaignDayPage, CampaignPage
from campaign.publishing.day_email import render_html
from campaign.reference.dates import day_title


class NewsletterUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier de la lettre"),
        help_text=gettext_lazy(
            "Texte (.txt, .md) au format de la lettre quotidienne, ou JSON (.json)."
        ),
    )
    date = forms.TypedChoiceField(
        label=gettext_lazy("Journée"),
        coerce=lambda value: CampaignDayPage._meta.get_field("date").to_python(value),
        help_text=gettext_lazy(
            "La journée que la lettre décrit (un fichier JSON porte déjà la sienne)."
        ),
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].choices = [
            (d.isoformat(), day_title(d)) for d in campaign.dates()
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(_("Fichier trop volumineux : 2 Mo au plus."))
        return upload


class ConfirmForm(forms.Form):
    filename = forms.CharField(max_length=255, widget=forms.HiddenInput)
    content = forms.CharField(widget=forms.HiddenInput)
    date = forms.DateField(widget=forms.HiddenInput)

    def clean_content(self):
        try:
            return base64.b64decode(
                self.cleaned_data["content"].encode(), validate=True
            )
        except (binascii.Error, ValueError) as error:
            raise forms.ValidationError(
                _("Contenu du fichier illisible : recommencez l’envoi.")
            ) from error


def _check_permission(request, campaign):
    if not campaign.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied


def import_newsletter(request, campaign_id):
    campaign = get_object_or_404(CampaignPage, pk=campaign_id)
    _check_permission(request, campaign)
    campaign = campaign.get_latest_revision_as_object()
    context = {
        "campaign": campaign,
        "problems": None,
        "preview": None,
        "confirm_form": None,
    }

    if request.method == "POST" and "confirm" in request.POST:
        confirm = ConfirmForm(request.POST)
        if not confirm.is_valid():
            messages.error(
                request, _("L’envoi n’a pas pu être confirmé : recommencez.")
            )
            return redirect("campaign_admin:import_newsletter", campaign.pk)
        files = [(confirm.cleaned_data["filename"], confirm.cleaned_data["content"])]
        try:
            (result,) = importer.import_files(
                files,
                campaign_slug=campaign.slug,
                date=confirm.cleaned_data["date"],
                user=request.user,
            )
        except ImportRefused as refused:
            context["problems"] = refused.problems
            form = NewsletterUploadForm(campaign=campaign)
        else:
            verb = _("créée") if result.created else _("mise à jour")
            messages.success(
                request,
                _("La journée « %(title)s » a été %(verb)s en brouillon.")
                % {"title": result.day.title, "verb": verb},
            )
            return redirect("wagtailadmin_pages:edit", result.day.pk)
    elif request.method == "POST":
        form = NewsletterUploadForm(request.POST, request.FILES, campaign=campaign)
        if form.is_valid():
            upload, date = form.cleaned_data["file"], form.cleaned_data["date"]
            data = upload.read()
            previews = []

            def inspect(results):
                for result in results:
                    day = result.day.get_latest_revision_as_object()
                    # The campaign as the import leaves it: a first newsletter
                    # fills its intro, closing and credits.
                    imported = CampaignPage.objects.get(pk=campaign.pk)
                    imported = imported.get_latest_revision_as_object()
                    previews.append(
                        {"result": result, "html": render_html(day, imported, request)}
                    )

            try:
                importer.import_files(
                    [(upload.name, data)],
                    campaign_slug=campaign.slug,
                    date=date,
                    user=request.user,
                    dry_run=True,
                    inspect=inspect,
                )
            except ImportRefused as refused:
                context["problems"] = refused.problems
            else:
                context["preview"] = previews[0] if previews else None
                existing = (
                    CampaignDayPage.objects.child_of(campaign).filter(date=date).first()
                )
                context["existing"] = existing
                context["confirm_form"] = ConfirmForm(
                    initial={
                        "filename": upload.name,
                        "content": base64.b64encode(data).decode(),
                        "date": date.isoformat(),
                    }
                )
    else:
        form = NewsletterUploadForm(campaign=campaign)

    context["form"] = form
    # Not "action_url": Wagtail's header would show it as an unlabelled "+" button.
    context["form_url"] = reverse(
        "campaign_admin:import_newsletter", args=[campaign.pk]
    )
    return TemplateResponse(request, "campaign/admin/import_newsletter.html", context)
