"""The admin: what editors and communicators use in Wagtail besides its own
page editor.

Enters: an editor's request in Wagtail's admin. Leaves: the screens of the
establishments (`establishments`) and of the e-mail deliveries
(`deliveries`, read only); the campaign's own pages (`views`, under the
"campaign_admin" URL namespace of `urls`): import a newsletter with its
preview, "Programmer la semaine", "Créer l'édition suivante"; their buttons
in the page explorer (`explorer`); the panels and forms of the campaign and
day editors (`panels`, `forms`), the editor's tweaks (`editor`) and the
dashboard's publication panel (`dashboard`). The work itself is done by
campaign.authoring and campaign.publishing. campaign/wagtail_hooks.py only
registers what is here.
"""
