"""The lowest layer: what a campaign knows before any model or page.

Enters: nothing but Python values. Leaves: the national reference (today the
académies and départements of the région académique, `regions`), French
dates as editors and readers write them and the campaign's calendar day
(`dates`), and the text folding that tells names apart (`text`). Imports
nothing else from the campaign app.
"""
