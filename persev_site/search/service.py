"""The site's search: Wagtail search over the public pages (days, campaigns,
plain pages) and the establishments that have public actions.

Only what a reader may see: live, public pages of the request's site, and no
day of a campaign that is not live (such a day answers 404). Each result
carries an excerpt with the searched words marked (`<mark>`), found ignoring
case and accents.
"""

import re
from dataclasses import dataclass
from html import unescape

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from campaign.models import CampaignDayPage, CampaignPage, Establishment
from campaign.models.sites import site_root
from campaign.public import discovery
from campaign.reference.text import fold_in_place

MAX_RESULTS = 200
EXCERPT_LENGTH = 220


@dataclass
class SearchResult:
    kind: str
    title: str
    url: str
    excerpt: str  # safe HTML, terms in <mark>
    title_html: str  # safe HTML, terms in <mark>


# -- highlighting ---------------------------------------------------------------------


def query_terms(query):
    """The searched words, folded; a plural's final "s"/"x" dropped so that
    "élections" also marks "élection"."""
    terms = []
    for word in re.findall(r"\w+", fold_in_place(query)):
        if len(word) > 3 and word[-1] in "sx":
            word = word[:-1]
        if len(word) >= 2 and word not in terms:
            terms.append(word)
    return terms


def _spans(text, terms):
    folded = fold_in_place(text)
    spans = []
    for term in terms:
        for match in re.finditer(r"(?<!\w)" + re.escape(term) + r"\w*", folded):
            spans.append((match.start(), match.end()))
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text, terms):
    """`text` escaped, with each word starting with a term in <mark>."""
    out, position = [], 0
    for start, end in _spans(text, terms):
        out.append(escape(text[position:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped


def excerpt(text, terms, length=EXCERPT_LENGTH):
    """A passage of `text` around the first searched word, highlighted."""
    text = " ".join(text.split())
    spans = _spans(text, terms)
    start = 0
    if spans:
        start = max(0, spans[0][0] - length // 3)
        # Start on a word.
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < spans[0][0] else start
    passage = text[start : start + length]
    if start + length < len(text):
        cut = passage.rfind(" ")
        passage = (passage[:cut] if cut > 0 else passage) + " …"
    if start:
        passage = "… " + passage
    return highlight(passage, terms)


# -- text of each kind of result ------------------------------------------------------


# Where a block of rich text ends: its text is one piece of the excerpt.
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|div)>|<br\s*/?>|<hr\s*/?>", re.I)
# A piece ending so is followed by a plain space; any other (a heading, an
# action's title) by SEPARATOR, so that « Les réseaux FOQUALE » and
# « Quelques actions… » do not run together into one sentence.
SENTENCE_END = (".", "!", "?", "…", ":", ";")
SEPARATOR = " · "


def html_pieces(html):
    """The text of each block of `html` (paragraph, heading, list item)."""
    return [unescape(strip_tags(part)) for part in BLOCK_END.split(html)]


def joined(pieces):
    """The pieces as one text: each once, in order, separated (see SEPARATOR)."""
    text, seen = "", set()
    for piece in pieces:
        piece = " ".join(piece.split())
        if not piece or piece in seen:
            continue
        seen.add(piece)
        if text:
            text += " " if text.endswith(SENTENCE_END) else SEPARATOR
        text += piece
    return text


def page_text(page):
    """The text of a page for its excerpt: its description, its day's ZOOM
    title, then its blocks' texts, one piece each (joined)."""
    parts = [page.search_description or ""]
    zoom_title = getattr(page, "zoom_title", None)
    if callable(zoom_title):
        parts.append(zoom_title())
    for name in ("intro", "body"):
        value = getattr(page, name, None)
        if value is None:
            continue
        stream_block = getattr(value, "stream_block", None)
        if stream_block is not None:
            for piece in stream_block.get_searchable_content(value):
                parts.extend(html_pieces(piece))
        else:
            parts.extend(html_pieces(str(value)))
    actions_text = getattr(page, "actions_search_text", None)
    if callable(actions_text):
        parts.extend(actions_text().split("\n"))
    return joined(parts)


def page_kind(page):
    if isinstance(page, CampaignDayPage):
        return "Journée"
    if isinstance(page, CampaignPage):
        return "Campagne"
    return "Page"


def _is_public(page):
    if isinstance(page, CampaignDayPage):
        campaign = page.campaign
        return campaign is not None and campaign.live
    return True


# -- the search -------------------------------------------------------------------------


def search(query, request=None):
    """Every result for `query`, pages first (by relevance), then establishments."""
    query = (query or "").strip()
    if not query:
        return []
    terms = query_terms(query)
    root = site_root(request)
    results = []
    if root is not None:
        pages = Page.objects.live().public().descendant_of(root, inclusive=True)
        for page in pages.search(query)[:MAX_RESULTS]:
            page = page.specific
            if not _is_public(page):
                continue
            results.append(
                SearchResult(
                    kind=page_kind(page),
                    title=page.title,
                    title_html=highlight(page.title, terms),
                    url=page.get_url(request),
                    excerpt=excerpt(page_text(page), terms),
                )
            )
    public_ids = CampaignPage.objects.public_for(request).establishment_ids()
    found = get_search_backend().search(query, Establishment)
    for establishment in found[:MAX_RESULTS]:
        if establishment.pk not in public_ids:
            continue
        place = f"{establishment.town} – {establishment.department_name}"
        results.append(
            SearchResult(
                kind="Établissement",
                title=establishment.name,
                title_html=highlight(establishment.name, terms),
                url=discovery.establishment_url(establishment),
                excerpt=highlight(place, terms),
            )
        )
    return results
