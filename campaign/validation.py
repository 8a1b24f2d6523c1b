"""Rules on campaign dates, shared by the admin forms, the models and the importers."""

from django.utils.translation import gettext as _

from campaign.reference.dates import long_date


def check_day_date(campaign, date, exclude=None):
    """Problems (French messages) with giving `date` to a day of `campaign`.

    A day's date must fall within its campaign and no other day of the
    campaign may have it already. `exclude` is the day being edited.
    """
    from campaign.models import CampaignDayPage

    problems = []
    start, end = (
        getattr(campaign, "start_date", None),
        getattr(campaign, "end_date", None),
    )
    if start and end and not (start <= date <= end):
        problems.append(
            _(
                "Le %(date)s est en dehors de la campagne, qui va du %(start)s au %(end)s."
            )
            % {
                "date": long_date(date),
                "start": long_date(start, weekday=False),
                "end": long_date(end, weekday=False),
            }
        )
    others = CampaignDayPage.objects.child_of(campaign).filter(date=date)
    if exclude is not None and exclude.pk:
        others = others.exclude(pk=exclude.pk)
    existing = others.first()
    if existing:
        problems.append(
            _("La campagne a déjà une journée le %(date)s : « %(title)s ».")
            % {"date": long_date(date), "title": existing.title}
        )
    return problems


def check_campaign_range(campaign, start, end):
    """Problems as (field, message) with giving a campaign these first and last days."""
    from campaign.models import CampaignDayPage

    if end < start:
        return [
            ("end_date", _("Le dernier jour doit être le premier jour ou après lui."))
        ]
    if not campaign.pk:
        return []
    outside = (
        CampaignDayPage.objects.child_of(campaign)
        .exclude(date__range=(start, end))
        .order_by("date")
        .first()
    )
    if outside:
        return [
            (
                None,
                _(
                    "La journée « %(title)s » (%(date)s) ne serait plus dans la campagne."
                )
                % {"title": outside.title, "date": long_date(outside.date)},
            )
        ]
    return []


def check_recipients(text):
    """Problems with a list of e-mail addresses, one per line."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    problems = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        address = line.strip()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            problems.append(
                _(
                    "Ligne %(line)s : « %(address)s » n’est pas une adresse e-mail valide."
                )
                % {"line": number, "address": address}
            )
    return problems
