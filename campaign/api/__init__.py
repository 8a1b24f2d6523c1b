"""The campaign app on Wagtail's API v3: its router, French problem documents
and the hardening of Wagtail's own endpoints (wagtail_pages.py, wagtail_params.py)."""


def register(api=None):
    """Add the campaign router to Wagtail's NinjaAPI; call from AppConfig.ready()."""
    from campaign.api import errors, wagtail_pages, wagtail_params
    from campaign.api.router import router

    if api is None:
        from wagtail.api.v3.api import api
    if not getattr(api, "_campaign_router_added", False):
        api.add_router("/campaigns/", router)
        api._campaign_router_added = True
    errors.install(api)
    wagtail_pages.install()
    wagtail_params.install()
