"""Signed, expiring tokens that show one revision of a day to a headless front end.

A token is Django's TimestampSigner over "<page id>:<revision id>", salted
for this use: it names one revision (later edits need a new token), expires
after CAMPAIGN["PREVIEW_TOKEN_MAX_AGE"] seconds (one hour by default) and
cannot be forged without SECRET_KEY. Only someone who may edit the day gets
one (the day's editor shows it).
"""

from django.core import signing
from wagtail.models import Revision

from campaign.conf import get_config
from campaign.models import CampaignDayPage

SALT = "campaign.headless-preview"


def _signer():
    return signing.TimestampSigner(salt=SALT)


def issue(day, revision=None):
    """A token for `revision` of `day` (its latest revision by default)."""
    revision = revision or day.latest_revision
    if revision is None:
        revision = day.save_revision()
    return _signer().sign(f"{day.pk}:{revision.pk}")


def resolve(token, max_age=None):
    """(day as of the token's revision, its campaign as editors see it), or
    None when the token is invalid, expired or names nothing."""
    max_age = max_age if max_age is not None else get_config()["PREVIEW_TOKEN_MAX_AGE"]
    try:
        value = _signer().unsign(token or "", max_age=max_age)
        page_id, revision_id = (int(part) for part in value.split(":"))
    except (signing.BadSignature, ValueError):
        return None
    day = CampaignDayPage.objects.filter(pk=page_id).first()
    revision = Revision.page_revisions.filter(
        pk=revision_id, object_id=str(page_id)
    ).first()
    if day is None or revision is None:
        return None
    draft = revision.as_object()
    campaign = day.get_parent().specific.get_latest_revision_as_object()
    return draft, campaign
