from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PendingImport(models.Model):
    """A file sent to the admin's newsletter import, kept from its preview to
    its confirmation.

    The confirmation names it by a signed token instead of posting the file
    again: what was checked is what is imported, and the size limit the
    upload form states holds for the confirmation too (a re-posted 2 MB file
    would exceed Django's request limit). See campaign.authoring.pending_imports.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    campaign = models.ForeignKey(
        "campaign.CampaignPage",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    date = models.DateField(pgettext_lazy("campaign", "day"))
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("import waiting for confirmation")
        verbose_name_plural = _("imports waiting for confirmation")

    def __str__(self):
        return f"{self.filename} ({self.date})"
