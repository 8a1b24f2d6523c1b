"""Text as names, headings and searched words are told apart: the one place
where case and accents are folded away."""

import unicodedata

# Abbreviations written either way in names and towns ("St Léonard-de-Noblat"
# is "Saint-Léonard-de-Noblat").
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def without_accents(text):
    """`text` decomposed (NFKD) with its combining marks dropped: "é" → "e"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text):
    """Text as names and headings are told apart and sorted: no case, accents,
    hyphens or repeated blanks, curly apostrophes straight, St/Ste written in
    full ("St Léonard-de-Noblat" and "saint leonard de noblat" fold alike)."""
    text = without_accents(text).replace("’", "'").replace("-", " ")
    words = text.casefold().split()
    return " ".join(ABBREVIATIONS.get(word.rstrip("."), word) for word in words)


def fold_in_place(text):
    """`text` in lower case without accents, one character for one, so that a
    position in the folded text is the same position in `text` (to mark the
    words a search found); a lone combining mark stays as it is."""
    return "".join((without_accents(c) or c).lower()[0] for c in text)
