"""Import files as a hostile review makes them, and what the import says of
them: shared by the command's tests (test_import_json, test_import_text) and
the admin's (test_admin_import_newsletter)."""

import io
import zipfile

UTF8_HOWTO = (
    "ouvrez-le et enregistrez-le à nouveau avec « Enregistrer sous… » en "
    "choisissant « Encodage : UTF-8 » (Bloc-notes ; LibreOffice : « Jeu de "
    "caractères : Unicode (UTF-8) » ; Word : type « Texte brut », puis « Unicode "
    "(UTF-8) »)."
)
TEXT_HOWTO = (
    "enregistrez la lettre en texte avec « Enregistrer sous… », type « Texte "
    "brut (.txt) » (Word) ou « Texte (.txt) » (LibreOffice), encodage UTF-8."
)
NOT_TEXT = (
    "ce n’est pas un fichier texte (contenu binaire) : attendu une lettre en "
    "texte (.txt, .md) ou un fichier JSON (.json)."
)


def wrong_encoding(name):
    return f"fichier encodé en {name}, pas en UTF-8 : {UTF8_HOWTO}"


def windows_1252(word):
    return (
        "fichier encodé en Windows-1252 ou Latin-1, pas en UTF-8 (ainsi se lit "
        f"« {word} ») : {UTF8_HOWTO}"
    )


def document_of(kind):
    return f"c’est {kind}, pas un fichier texte : {TEXT_HOWTO}"


def office_file(*names, mimetype=None):
    """A ZIP as Word or LibreOffice save it: entries with these names."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if mimetype:
            archive.writestr("mimetype", mimetype)
        for name in names:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


DOCX = office_file("[Content_Types].xml", "word/document.xml")
ODT = office_file("content.xml", mimetype="application/vnd.oasis.opendocument.text")
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"


def deep_json(levels=100_000):
    """Brackets nested deeper than any parser's stack."""
    return ("[" * levels + "]" * levels).encode()
