"""Files of the admin's newsletter import, between preview and confirmation.

The preview keeps the file it checked in the database and gives the page a
signed token naming it; the confirmation posts the token back, never the
file. So the confirmation imports exactly what was previewed, by the same
user into the same campaign, and a file under the upload limit is never
refused on confirmation by the size limit of a request. The database holds
them (not a temporary folder or the cache): it is shared by every worker and
every server, and survives a restart. A token is good for MAX_AGE and once.
"""

import datetime as dt
import hashlib

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaign.models import PendingImport

MAX_AGE = dt.timedelta(hours=2)
KEPT_PER_USER = 5  # previews waiting for confirmation, the oldest dropped first
_SALT = "campaign.pending-import"


class ConfirmationRefused(Exception):
    """The token names no file to import (any more): a message says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def keep(user, campaign, date, filename, data):
    """Keep a previewed file; return the token that confirms it."""
    now = timezone.now()
    PendingImport.objects.filter(created_at__lt=now - MAX_AGE).delete()
    older = PendingImport.objects.filter(user=user).order_by("-created_at", "-pk")
    PendingImport.objects.filter(
        pk__in=list(older.values_list("pk", flat=True)[KEPT_PER_USER - 1 :])
    ).delete()
    digest = hashlib.sha256(data).hexdigest()
    pending = PendingImport.objects.create(
        user=user,
        campaign_id=campaign.pk,
        date=date,
        filename=filename,
        content=data,
        sha256=digest,
    )
    return signing.dumps({"id": pending.pk, "sha256": digest}, salt=_SALT)


def take(token, user, campaign):
    """The PendingImport a token names, removed: a token confirms once.

    Raises ConfirmationRefused when the token was altered, is too old, was
    used already, or belongs to another user or campaign.
    """
    try:
        signed = signing.loads(token, salt=_SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise ConfirmationRefused(_expired()) from None
    except signing.BadSignature:
        raise ConfirmationRefused(
            _("This confirmation is not valid (it was altered): send the file again.")
        ) from None
    with transaction.atomic():
        pending = (
            PendingImport.objects.select_for_update().filter(pk=signed["id"]).first()
        )
        if pending is None:
            raise ConfirmationRefused(_expired())
        if (pending.user_id, pending.campaign_id) != (user.pk, campaign.pk):
            raise ConfirmationRefused(
                _(
                    "This confirmation is not yours, or not this campaign’s: "
                    "send the file again."
                )
            )
        pending.delete()
    pending.content = bytes(pending.content)
    if hashlib.sha256(pending.content).hexdigest() != signed["sha256"]:
        raise ConfirmationRefused(_expired())
    return pending


def _expired():
    hours = int(MAX_AGE.total_seconds() // 3600)
    return ngettext(
        "This preview is no longer valid: it is more than %(hours)s hour old or "
        "was confirmed already. Send the file again.",
        "This preview is no longer valid: it is more than %(hours)s hours old or "
        "was confirmed already. Send the file again.",
        hours,
    ) % {"hours": hours}
