"""The e-mail of a day: HTML built for mail clients, with a plain-text twin.

Enters: a day and its campaign. Leaves: an EmailMultiAlternatives whose
parts are `campaign/email/day.html` and `day.txt`, which lay out the day and
ask each block for its own `email.html` / `email.txt`
(`{% block_channel %}`, campaign.templatetags.campaign_channels). Each
block's value is its interchange form (`persev-day/1`: rich text already
limited to a few tags, internal links already absolute public URLs); its
rich text goes through `email_html` (inline styles, links made absolute:
the paths an editor may have typed, "/contact/") and `email_text` (readable
plain text), both walking the one sanitiser's tree
(campaign.blocks.sanitiser), never the HTML's text.
"""

import re
from email.utils import make_msgid
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
from campaign.blocks.sanitiser import TO_INTERCHANGE, render, safe_href, sanitised_tree
from campaign.reference.dates import long_date

# Mail clients ignore style sheets: every rich-text tag gets its style inline.
INLINE_STYLES = {
    "p": "margin:0 0 12px 0;",
    "ul": "margin:0 0 12px 0;padding-left:24px;",
    "ol": "margin:0 0 12px 0;padding-left:24px;",
    "li": "margin:0 0 4px 0;",
    "a": "color:#000091;text-decoration:underline;",
}


def _tree(html, base_url):
    """The sanitised tree of rich text, its links absolute (a path of the
    site, "/contact/", means nothing in a mail client)."""

    def absolute(attributes):
        href = safe_href(attributes.get("href"))
        return {"href": urljoin(base_url, href)} if href else None

    return sanitised_tree(html or "", TO_INTERCHANGE, absolute)


def _text(element):
    out = []
    for child in element.children:
        if isinstance(child, str):
            out.append(child)
        elif child.tag == "br":
            out.append("\n")
        elif child.tag == "a":
            out.append(f"{_text(child)} ({child.attrs['href']})")
        elif child.tag == "li":
            out.append(f"- {_text(child)}\n")
        elif child.tag in ("ul", "ol"):
            out.append(f"{_text(child)}\n")
        elif child.tag == "p":
            out.append(f"{_text(child)}\n\n")
        else:
            out.append(_text(child))
    return "".join(out)


def email_html(html, base_url):
    """Rich text as mail clients show it: every tag styled inline, every
    link absolute (against `base_url`)."""
    return mark_safe(render(_tree(html, base_url), INLINE_STYLES))  # noqa: S308 - rendered from the sanitised tree, text escaped


def email_text(html, base_url):
    """Readable plain text of rich text: paragraphs a blank line apart, list
    items as "- ", each link's address in brackets after its text."""
    text = _text(_tree(html, base_url))
    # Plain text (no HTML left): at most one blank line in a row.
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _context(day, campaign, request=None):
    # What readers can follow: no link to a page that is not public.
    resolver = PublicLinkResolver(request)
    data = day_to_dict(day, campaign, resolver, resolver.url_of)
    day_url = day.get_full_url(request) or ""
    base_url = day_url or get_admin_base_url() + "/"
    texts = {
        name: {
            "html": email_html(data["campaign"][name], base_url),
            "text": email_text(data["campaign"][name], base_url),
        }
        for name in ("intro", "closing", "credits")
    }
    return {
        "campaign": campaign,
        "day": day,
        "day_title": day.title,
        "day_date": long_date(day.date),
        "day_url": day_url,
        "base_url": base_url,
        "campaign_url": campaign.get_full_url(request) or "",
        "blocks": data["body"],
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
            _("an e-mail presents a single day: give --date YYYY-MM-DD.")
        )
    campaign = exporter.find_campaign(slug)
    (day,) = exporter.days_of(campaign, date)
    latest = day.get_latest_revision_as_object()
    message = build_message(
        latest, campaign.get_latest_revision_as_object(), campaign.recipient_list()
    )
    return message.message().as_string()


__all__ = [
    "build_message",
    "email_html",
    "email_text",
    "export_email",
    "render_html",
    "subject_of",
]
