"""What readers see, besides the Wagtail pages of the campaigns and days.

Enters: an anonymous reader's request. Leaves: HTML pages of live, public
content only: the actions of a campaign, filtered (`filters`) and counted
per department, and the page of each establishment (`views`, built from
`discovery`, the public actions); their breadcrumb (`breadcrumbs`), what
they tell search engines and social networks (`structured_data`: JSON-LD,
canonical URL, OpenGraph) and the sitemap classes a host includes in its
sitemap.xml (`sitemaps`).
"""
