"""The rich text allowed everywhere in a campaign: what the newsletter can carry."""

from campaign.blocks.sanitiser import TO_DB, sanitise, stored_link

# Paragraphs and line breaks come with every editor; the rest is listed here.
RICH_TEXT_FEATURES = [
    "bold",
    "italic",
    "superscript",
    "ol",
    "ul",
    "link",
    "document-link",
]


# -- what rich text may store --------------------------------------------------------
# The admin's editor (Draftail) only ever writes the features above, but rich text
# also arrives by import (JSON, newsletter) and by code: it is cleaned on every
# save of a page (CampaignPage, CampaignDayPage full_clean/minimal_clean), so no
# channel (page, API, feeds, widget, e-mail) can ever carry a script, an event
# handler or a javascript: link.


def clean_rich_text(html):
    """`html` (Wagtail's database format) with only what the features above
    allow, through the one sanitiser: no <script>/<style>, no on…= handlers,
    no javascript: URLs (text without a tag is left as it is)."""
    if not html or "<" not in str(html):
        return html
    return sanitise(str(html), TO_DB, stored_link)
