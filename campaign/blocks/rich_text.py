"""The rich text allowed everywhere in a campaign: what the newsletter can carry."""

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
