"""Admin: bring a newsletter file into a campaign, with a preview first.

Step 1, the communicator uploads a file (newsletter text or JSON) and picks
the day; the import runs as a dry run and the page shows either the day as
it will be (its e-mail rendering) or every problem with its line. Step 2,
they confirm: the same file, kept on the server since step 1 (the page
carries only a signed token, see campaign.authoring.pending_imports), is
imported for real, as a draft.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaign.authoring import importer, pending_imports
from campaign.authoring.problems import ImportRefused
from campaign.authoring.sources import MAX_FILE_SIZE, display_name
from campaign.models import CampaignDayPage, CampaignPage
from campaign.publishing.day_email import render_html
from campaign.reference.dates import day_title

# Problems listed on the page at most (the command lists them all): a file
# of thousands of bad lines still gives a page one can read and fix from.
SHOWN_PROBLEMS = 200


class NewsletterUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Newsletter file"),
        help_text=gettext_lazy(
            "Text (.txt, .md) in the daily newsletter’s format, or JSON (.json)."
        ),
    )
    date = forms.TypedChoiceField(
        label=gettext_lazy("Day"),
        coerce=lambda value: CampaignDayPage._meta.get_field("date").to_python(value),
        help_text=gettext_lazy(
            "The day the newsletter describes (a JSON file already carries its own)."
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
            raise forms.ValidationError(_("File too large: 2 MB at most."))
        return upload


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


def _show_problems(context, problems):
    context["problems"] = problems[:SHOWN_PROBLEMS]
    context["problem_count"] = len(problems)
    context["hidden_problems"] = max(0, len(problems) - SHOWN_PROBLEMS)


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
        try:
            if not confirm.is_valid():
                raise pending_imports.ConfirmationRefused(
                    _("The upload could not be confirmed: start again.")
                )
            pending = pending_imports.take(
                confirm.cleaned_data["token"], request.user, campaign
            )
        except pending_imports.ConfirmationRefused as refused:
            messages.error(request, refused.message)
            return redirect("campaign_admin:import_newsletter", campaign.pk)
        try:
            (result,) = importer.import_files(
                [(pending.filename, pending.content)],
                campaign_slug=campaign.slug,
                date=pending.date,
                user=request.user,
            )
        except ImportRefused as refused:
            _show_problems(context, refused.problems)
            form = NewsletterUploadForm(campaign=campaign)
        else:
            if result.created:
                done = _("The day “%(title)s” has been created as a draft.")
            else:
                done = _("The day “%(title)s” has been updated as a draft.")
            messages.success(request, done % {"title": result.day.title})
            return redirect("wagtailadmin_pages:edit", result.day.pk)
    elif request.method == "POST":
        form = NewsletterUploadForm(request.POST, request.FILES, campaign=campaign)
        if form.is_valid():
            upload, date = form.cleaned_data["file"], form.cleaned_data["date"]
            filename = display_name(upload.name)
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
                    [(filename, data)],
                    campaign_slug=campaign.slug,
                    date=date,
                    user=request.user,
                    dry_run=True,
                    inspect=inspect,
                )
            except ImportRefused as refused:
                _show_problems(context, refused.problems)
            else:
                context["preview"] = previews[0] if previews else None
                existing = (
                    CampaignDayPage.objects.child_of(campaign).filter(date=date).first()
                )
                context["existing"] = existing
                token = pending_imports.keep(
                    request.user, campaign, date, filename, data
                )
                context["confirm_form"] = ConfirmForm(initial={"token": token})
    else:
        form = NewsletterUploadForm(campaign=campaign)

    context["form"] = form
    # Not "action_url": Wagtail's header would show it as an unlabelled "+" button.
    context["form_url"] = reverse(
        "campaign_admin:import_newsletter", args=[campaign.pk]
    )
    return TemplateResponse(request, "campaign/admin/import_newsletter.html", context)
