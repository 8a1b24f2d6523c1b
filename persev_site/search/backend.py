"""Wagtail's database search backend, with SQLite's full-text query built safely.

Name it in the settings: WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND":
"persev_site.search.backend"}}. It is Wagtail's "wagtail.search.backends.database"
(modelsearch's), which picks PostgreSQL's, MySQL's or SQLite's backend by
the database in use, with one fix for SQLite's FTS5.

modelsearch (1.3) writes each searched word as an FTS5 string, `"word"`, but
leaves a double quote inside the word as it is: a search for `"orientation`
became the MATCH expression `"\"orientation"`, which SQLite refuses
("unterminated string"), and the site search and `/api/v3/pages/?search=`
answered an error. In an FTS5 string a double quote is written twice, which
is what QuotedFTS5Strings does before modelsearch writes the strings; the
word is then searched as the tokenizer reads it (punctuation separates
words).
"""

from django.db import connection
from modelsearch.backends import database
from modelsearch.query import Phrase, PlainText


def fts5_escaped(text):
    """`text` ready to stand between the double quotes of an FTS5 string."""
    return text.replace('"', '""')


class QuotedFTS5Strings:
    """A mixin for modelsearch's SQLite query compilers: every word and
    phrase reaches its FTS5 string with its double quotes doubled."""

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            query = PlainText(
                fts5_escaped(query.query_string),
                operator=query.operator,
                boost=query.boost,
            )
        elif isinstance(query, Phrase):
            query = Phrase(fts5_escaped(query.query_string))
        # And, Or and AndNot come back here for each of their parts.
        return super().build_search_query_content(query, config=config)


def _quoted(compiler_class):
    return type(compiler_class.__name__, (QuotedFTS5Strings, compiler_class), {})


def SearchBackend(params):
    """The backend Wagtail asks this module for (by this name)."""
    backend = database.SearchBackend(params)
    # As modelsearch's dispatcher, by the default database; USE_SQLITE_FTS is
    # set by the call above: True for its FTS5 backend, not its fallback.
    if connection.vendor == "sqlite" and database.USE_SQLITE_FTS:
        backend.query_compiler_class = _quoted(backend.query_compiler_class)
        backend.autocomplete_query_compiler_class = _quoted(
            backend.autocomplete_query_compiler_class
        )
    return backend
