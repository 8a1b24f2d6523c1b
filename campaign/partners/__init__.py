"""What partners read: the API, the feeds, the calendar and the widget.

Enters: an anonymous request from a partner site, a feed reader, a calendar
or a headless front end. Leaves: live, public content only (the campaign's
read queries, campaign.models.querysets), shaped by `headless` as the
`persev-day/1` interchange format plus ids, absolute URLs and expanded
references (how the API serialises an action: its kind,
`campaign.blocks.actions.ActionsBlock` (`to_interchange`, `api_model`), given
`headless.ApiExport`), with HTTP validators (`caching`: ETag,
Last-Modified, 304). Channels: `api` (Wagtail's API v3 router), `feeds`
(RSS, Atom, JSON Feed), `calendar` (iCalendar), `widget` (script and
iframe, with its stylesheet and scripts: `widget_assets`), `webhooks`
(a signed POST to partners' addresses on publishing's day events). Opt-in parts a host adds to its MIDDLEWARE: `cors` (partner
origins, a site setting) and `api.middleware` (HEAD and translated problem
documents on the API's paths); `unavailable` tells a database out of reach.
"""
