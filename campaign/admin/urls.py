"""The campaign's own admin pages, under /admin/campaign/ and the URL
namespace "campaign_admin" (e.g. "campaign_admin:schedule_week")."""

from django.urls import include, path

from campaign.admin.views import import_newsletter, next_edition, schedule_week

app_name = "campaign_admin"

urlpatterns = [
    path(
        "<int:campaign_id>/import-newsletter/",
        import_newsletter.import_newsletter,
        name="import_newsletter",
    ),
    path(
        "<int:campaign_id>/schedule-week/",
        schedule_week.schedule_week,
        name="schedule_week",
    ),
    path(
        "<int:campaign_id>/next-edition/",
        next_edition.next_edition,
        name="next_edition",
    ),
]


def admin_urls():
    """Hook register_admin_urls."""
    return [path("campaign/", include((urlpatterns, app_name)))]
