"""The campaign on Wagtail's API v3.

`router`: the campaign routes (/api/v3/campaigns/…), typed by `schemas`.
`errors`: translated problem documents (`problems`, `french`) on every v3
endpoint. `wagtail_pages`, `wagtail_files`, `wagtail_redirects`,
`wagtail_rich_text`, `wagtail_params`: Wagtail's own endpoints kept from
showing what is not public, and from failing on what a client sends.
`middleware`: the API's HTTP surface (HEAD, problem documents for unknown
addresses). `openapi`: the OpenAPI document made valid (anonymous access,
problem media type). `setup.register` puts them in place.
"""
