from django import template

from campaign import dates

register = template.Library()


@register.filter
def french_date(value, arg=""):
    """"lundi 1er février 2021"; `|french_date:"court"` gives "1er février 2021"."""
    if not value:
        return ""
    return dates.long_date(value, weekday=arg != "court")


@register.filter
def day_title(value):
    """"Lundi 1er février"."""
    return dates.day_title(value) if value else ""


@register.simple_tag
def date_range(start, end):
    """"Du 1er au 5 février 2021", shortening what the two dates share."""
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
