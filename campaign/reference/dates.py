"""Dates as editors and readers write them ("Lundi 1er février" in French,
"Monday, February 1" in English): Django's localised names of days and months,
in formats of the plugin's catalogue, with « 1er » for the first of the
month where the catalogue says so (French only)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.utils import dateformat, timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext, pgettext

from campaign.conf import get_config


def _first_of_month():
    """How the first day of the month is written in a date: « 1er » in French."""
    return pgettext("the first day of the month, in a date", "1")


def format_date(date, format_string):
    """`date` in a Django date format (`|date`), the first of the month
    written as the active language writes it (« 1er » in French)."""
    if date.day == 1:
        first = "".join("\\" + char for char in _first_of_month())
        # Each unescaped "j" (day of the month) becomes the escaped text.
        format_string = re.sub(r"(\\.)|j", lambda m: m.group(1) or first, format_string)
    return dateformat.format(date, format_string)


def day_number(date):
    """ "1er" for the first of the month (in French), the number otherwise."""
    return format_date(date, "j")


def day_title(date):
    """The default title of a day page: "Lundi 1er février"."""
    return capfirst(format_date(date, pgettext("date format: a day's title", "l, F j")))


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
    if weekday:
        return format_date(
            date, pgettext("date format: long, with the weekday", "l, F j, Y")
        )
    return format_date(
        date, pgettext("date format: long, without the weekday", "F j, Y")
    )


def date_range(start, end):
    """ "Du 1er au 5 février 2021", shortening what the two dates share."""
    if not (start and end):
        return ""
    if start == end:
        return gettext("On %(date)s") % {"date": long_date(start, weekday=False)}
    end_text = long_date(end, weekday=False)
    if (start.year, start.month) == (end.year, end.month):
        start_text = format_date(
            start, pgettext("date format: start of a range within a month", "F j")
        )
        end_text = format_date(
            end, pgettext("date format: end of a range within a month", "j, Y")
        )
    elif start.year == end.year:
        start_text = format_date(
            start, pgettext("date format: start of a range within a year", "F j")
        )
    else:
        start_text = long_date(start, weekday=False)
    return gettext("From %(start)s to %(end)s") % {"start": start_text, "end": end_text}


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
