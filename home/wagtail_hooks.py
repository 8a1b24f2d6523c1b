"""The site's admin: its guide in the help menu (home/guide.py)."""

from wagtail import hooks

from home import guide

hooks.register("register_admin_urls", guide.admin_urls)
hooks.register("construct_help_menu", guide.replace_wagtails_guide)
