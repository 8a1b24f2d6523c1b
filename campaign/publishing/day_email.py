"""The e-mail of a day: HTML built for mail clients, with a plain-text twin.

Both parts come from the day's interchange form, whose rich text is already
limited to a few tags and whose internal links are absolute public URLs; the
paths an editor may have typed ("/contact/") are made absolute here.
"""

import re
from email.utils import make_msgid
from html import escape, unescape
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.admin.utils import get_admin_base_url

from campaign.authoring import exporter
from campaign.authoring.exporter import PublicLinkResolver
from campaign.authoring.interchange.day_json import day_to_dict
from campaign.reference.dates import long_date
from campaign.reference.regions import DEPARTMENTS

# Mail clients ignore style sheets: every rich-text tag gets its style inline.
INLINE_STYLES = {
    "<p>": '<p style="margin:0 0 12px 0;">',
    "<ul>": '<ul style="margin:0 0 12px 0;padding-left:24px;">',
    "<ol>": '<ol style="margin:0 0 12px 0;padding-left:24px;">',
    "<li>": '<li style="margin:0 0 4px 0;">',
    "<a href=": '<a style="color:#000091;text-decoration:underline;" href=',
}


def inline_styles(html):
    for tag, styled in INLINE_STYLES.items():
        html = html.replace(tag, styled)
    return mark_safe(html)  # noqa: S308 - sanitised interchange HTML, see campaign.authoring.interchange.html


def absolute_links(html, base_url):
    """Rich text may link to a path of the site ("/contact/"), which means
    nothing in a mail client: make every link target absolute."""

    def absolute(match):
        href = urljoin(base_url, unescape(match.group(1)))
        return f'<a href="{escape(href, quote=True)}">'

    return re.sub(r'<a href="([^"]*)">', absolute, html or "")


def html_to_text(html):
    """Readable plain text from interchange HTML."""
    text = html or ""
    text = re.sub(
        r'<a href="([^"]*)">(.*?)</a>',
        lambda m: f"{m.group(2)} ({unescape(m.group(1))})",
        text,
    )
    text = re.sub(r"<li>", "- ", text)
    text = re.sub(r"<br>", "\n", text)
    text = re.sub(r"</(li|ul|ol)>", "\n", text)
    text = re.sub(r"</p>", "\n\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = unescape(text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _context(day, campaign, request=None):
    # What readers can follow: no link to a page that is not public.
    resolver = PublicLinkResolver(request)
    data = day_to_dict(day, campaign, resolver, resolver.url_of)
    day_url = day.get_full_url(request) or ""
    base_url = day_url or get_admin_base_url() + "/"
    blocks = []
    for block in data["body"]:
        value = block["value"]
        if block["type"] == "text":
            value = {"body": value}
        value = dict(value)
        for key in ("body",):
            if key in value:
                html = absolute_links(value[key], base_url)
                value[key + "_html"] = inline_styles(html)
                value[key + "_text"] = html_to_text(html)
        if block["type"] == "actions":
            for action in value["actions"]:
                for establishment in action["establishments"]:
                    establishment["department_name"] = DEPARTMENTS[
                        establishment["department"]
                    ][0]
                if action.get("description"):
                    html = absolute_links(action["description"], base_url)
                    action["description_html"] = inline_styles(html)
                    action["description_text"] = html_to_text(html)
        blocks.append({"type": block["type"], "value": value})
    texts = {}
    for name in ("intro", "closing", "credits"):
        html = absolute_links(data["campaign"][name], base_url)
        texts[name] = {"html": inline_styles(html), "text": html_to_text(html)}
    return {
        "campaign": campaign,
        "day": day,
        "day_title": day.title,
        "day_date": long_date(day.date),
        "day_url": day_url,
        "campaign_url": campaign.get_full_url(request) or "",
        "blocks": blocks,
        "texts": texts,
    }


def subject_of(day, campaign):
    return f"{campaign.title} — {day.title}"


def build_message(day, campaign, recipients=(), request=None):
    """An EmailMultiAlternatives for `day` (text body + HTML alternative)."""
    context = _context(day, campaign, request)
    text = render_to_string("campaign/email/day.txt", context)
    html = render_to_string("campaign/email/day.html", context)
    message = EmailMultiAlternatives(
        subject=subject_of(day, campaign),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(recipients),
        headers={"Message-ID": make_msgid(idstring=f"persev-day-{day.pk}")},
    )
    message.attach_alternative(html, "text/html")
    return message


def render_html(day, campaign, request=None):
    """The HTML part alone (the admin's "E-mail" preview)."""
    return render_to_string("campaign/email/day.html", _context(day, campaign, request))


def export_email(slug, date=None):
    """One day's complete e-mail as a MIME message (HTML with a text part)."""
    if date is None:
        raise exporter.ExportError(
            _("un e-mail présente une seule journée : indiquez --date AAAA-MM-JJ.")
        )
    campaign = exporter.find_campaign(slug)
    (day,) = exporter.days_of(campaign, date)
    latest = day.get_latest_revision_as_object()
    message = build_message(
        latest, campaign.get_latest_revision_as_object(), campaign.recipient_list()
    )
    return message.message().as_string()


__all__ = ["build_message", "export_email", "html_to_text", "render_html", "subject_of"]
