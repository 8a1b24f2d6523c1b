"""French dates as editors and readers write them ("Lundi 1er février")."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.text import slugify

from campaign.conf import get_config

WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def day_number(date):
    """ "1er" for the first of the month, the plain number otherwise."""
    return "1er" if date.day == 1 else str(date.day)


def day_title(date):
    """The default title of a day page: "Lundi 1er février"."""
    return f"{WEEKDAYS[date.weekday()].capitalize()} {day_number(date)} {MONTHS[date.month - 1]}"


def title_following_date(title, old_date, new_date):
    """`title` with the day's date written in it moved from `old_date` to
    `new_date`, and the year written after it too ("Mercredi 3 février : le
    tutorat" → "Mardi 2 février : le tutorat"). A title that does not write
    the old date comes back as it is."""
    old, new = day_title(old_date), day_title(new_date)

    def follow(match):
        written = match.group("date")
        moved = new if written[0].isupper() else new[0].lower() + new[1:]
        return moved + (f" {new_date.year}" if match.group("year") else "")

    pattern = rf"(?P<date>{re.escape(old)})(?P<year> {old_date.year}(?![0-9]))?"
    return re.sub(pattern, follow, title, flags=re.IGNORECASE)


def slug_following_date(slug, old_date, new_date):
    """`slug` with the old date's words moved to the new date, as in its title
    ("jeudi-4-fevrier-le-tutorat" → "vendredi-5-fevrier-le-tutorat"), whether
    written with or without accents. A slug that does not write the old date
    comes back as it is."""
    year = f"-{new_date.year}"
    for allow_unicode in (False, True):
        old = slugify(day_title(old_date), allow_unicode=allow_unicode)
        new = slugify(day_title(new_date), allow_unicode=allow_unicode)
        # Whole words of the slug only: not in "jeudi-4-fevrier2".
        pattern = rf"(?<![^-]){re.escape(old)}(?P<year>-{old_date.year})?(?![^-])"
        followed = re.sub(
            pattern,
            lambda match, new=new: new + (year if match.group("year") else ""),
            slug,
        )
        if followed != slug:
            return followed
    return slug


def long_date(date, *, weekday=True):
    """ "lundi 1er février 2021" (or "1er février 2021")."""
    text = f"{day_number(date)} {MONTHS[date.month - 1]} {date.year}"
    return f"{WEEKDAYS[date.weekday()]} {text}" if weekday else text


def date_range(start, end):
    """ "Du 1er au 5 février 2021", shortening what the two dates share."""
    if not (start and end):
        return ""
    if start == end:
        return f"Le {long_date(start, weekday=False)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"Du {day_number(start)} au {long_date(end, weekday=False)}"
    if start.year == end.year:
        return (
            f"Du {day_number(start)} {MONTHS[start.month - 1]} "
            f"au {long_date(end, weekday=False)}"
        )
    return f"Du {long_date(start, weekday=False)} au {long_date(end, weekday=False)}"


def campaign_timezone():
    return ZoneInfo(get_config()["TIME_ZONE"])


def today():
    """Today's date in the campaign's time zone (Europe/Paris)."""
    return timezone.localdate(timezone=campaign_timezone())


def go_live_datetime(date, time):
    """The aware datetime at which a day dated `date` goes live at local `time`.

    Built in the campaign's time zone, so 08:00 stays 08:00 on both sides of a
    daylight-saving change.
    """
    return dt.datetime.combine(date, time, tzinfo=campaign_timezone())


def parse_iso_date(value):
    """Parse YYYY-MM-DD; return None when the text is not a real date."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
