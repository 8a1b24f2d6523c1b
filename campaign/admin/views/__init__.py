"""The campaign's own admin pages (URLs in campaign/admin/urls.py)."""
