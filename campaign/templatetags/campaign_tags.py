import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from campaign import dates, selectors
from campaign.filters import SEARCH_MAX_LENGTH

register = template.Library()


@register.filter
def french_date(value, arg=""):
    """ "lundi 1er février 2021"; `|french_date:"court"` gives "1er février 2021"."""
    if not value:
        return ""
    return dates.long_date(value, weekday=arg != "court")


@register.filter
def day_title(value):
    """ "Lundi 1er février"."""
    return dates.day_title(value) if value else ""


@register.simple_tag
def date_range(start, end):
    """ "Du 1er au 5 février 2021", shortening what the two dates share."""
    if not (start and end):
        return ""
    if start == end:
        return f"Le {dates.long_date(start, weekday=False)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"Du {dates.day_number(start)} au {dates.long_date(end, weekday=False)}"
    if start.year == end.year:
        return (
            f"Du {dates.day_number(start)} {dates.MONTHS[start.month - 1]} "
            f"au {dates.long_date(end, weekday=False)}"
        )
    return f"Du {dates.long_date(start, weekday=False)} au {dates.long_date(end, weekday=False)}"


# "1er", "2e", "3ème", "2nd", "1re"… written as a number followed by its suffix.
ORDINAL = re.compile(r"(?<![\w])(\d+)(er|re|e|ème|nde?)(?![\w])")


@register.filter(needs_autoescape=True)
def ordinals(value, autoescape=True):
    """Raise French ordinal suffixes: "Lundi 1er février" → "Lundi 1<sup>er</sup> février".

    For titles and dates shown in the page, never in `<title>` or attributes.
    """
    if value in (None, ""):
        return ""
    text = conditional_escape(value) if autoescape else str(value)
    return mark_safe(ORDINAL.sub(r"\1<sup>\2</sup>", text))  # noqa: S308 (escaped above)


@register.simple_tag
def campaign_today():
    """Today's date in the campaign's time zone, to tell past days from upcoming ones."""
    return selectors.today()


@register.simple_tag
def search_max_length():
    """The longest search the site reads: the search fields' maxlength."""
    return SEARCH_MAX_LENGTH
