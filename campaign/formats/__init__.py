"""The text formats' pure primitives, below the blocks.

What a kind of block needs to read and write its own part of a text format,
and nothing that knows a model, a page or a flow: the lines of a text
(``lines``), the one type of problem found in an input (``problems``), the
newsletter's inline markup (``markup``) and the newsletter text format's
lexer, line recognisers, rich text, sections and messages (``newsletter``).
The whole-letter reader and writer, which iterate over the kinds of block,
stay in :mod:`campaign.authoring.interchange.newsletter`.
"""
