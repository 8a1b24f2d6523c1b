"""The newsletter text format's primitives, which every kind of block reads
and writes its own part with.

``lexer`` (the lines, cut and numbered once), ``grammar`` (the format, in its
docstring, and the shared line recognisers), ``rich_text`` (paragraphs and
lists of one field), ``sections`` (what a section of a letter is, and what it
may ask of the reader and the writer), ``messages`` (what the reader says of
a line, whatever the kind). The whole letter is read and written in
:mod:`campaign.authoring.interchange.newsletter`.
"""
