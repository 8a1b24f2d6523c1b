"""The lowest layer: what a campaign knows before any model or page.

Enters: nothing but Python values. Leaves: the national reference (today the
académies and départements of the région académique, `regions`), dates
as editors and readers write them in the site's language (« Lundi 1er
février » in French) and the campaign's calendar day (`dates`), and the text folding that tells names apart (`text`). Imports
nothing else from the campaign app.
"""
