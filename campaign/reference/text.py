"""Text as names are told apart and sorted."""

import unicodedata

# Abbreviations written either way in names and towns ("St Léonard-de-Noblat"
# is "Saint-Léonard-de-Noblat").
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def fold(text):
    """Text as establishments are told apart and sorted: no case, accents,
    hyphens or repeated blanks, St/Ste written in full."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("-", " ")
    words = text.casefold().split()
    return " ".join(ABBREVIATIONS.get(word.rstrip("."), word) for word in words)
