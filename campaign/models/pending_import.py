from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    campaign = models.ForeignKey(
        "campaign.CampaignPage",
        verbose_name=_("campagne"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    date = models.DateField(_("journée"))
    filename = models.CharField(_("nom du fichier"), max_length=255)
    content = models.BinaryField(_("contenu"))
    sha256 = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("import en attente de confirmation")
        verbose_name_plural = _("imports en attente de confirmation")

    def __str__(self):
        return f"{self.filename} ({self.date})"
