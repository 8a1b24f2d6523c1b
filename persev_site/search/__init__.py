"""The site's search (/recherche/): Wagtail search over the public pages and
the establishments that have public actions (`service`), its page (`views`,
templates/search/search.html)."""
