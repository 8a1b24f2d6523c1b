"""Partner endpoints of each campaign: feeds, calendar and widget; and the
public discovery pages: the actions of a campaign, the page of an establishment.

The host site mounts them (host contract: `path("campagnes/",
include("campaign.urls"))`, campaign/README.md) and, with the opt-in CORS
middleware, lists the partner paths in CAMPAIGN["CORS_PATHS"] so partner
sites may read them.
"""

from django.urls import path

from campaign.partners import calendar, feeds, widget, widget_assets
from campaign.public import views

app_name = "campaign"

urlpatterns = [
    # The widget's stylesheet and scripts, the same for every campaign.
    path("widget.css", widget_assets.widget_css, name="widget_css"),
    path("widget-frame.js", widget_assets.widget_frame_js, name="widget_frame_js"),
    path("widget-resize.js", widget_assets.widget_resize_js, name="widget_resize_js"),
    path("<slug:slug>/flux.rss", feeds.rss_feed, name="rss"),
    path("<slug:slug>/flux.atom", feeds.atom_feed, name="atom"),
    path("<slug:slug>/flux.json", feeds.json_feed, name="json_feed"),
    path("<slug:slug>/semaine.ics", calendar.ical, name="ical"),
    path("<slug:slug>/widget.js", widget.widget_js, name="widget_js"),
    path("<slug:slug>/widget/", widget.widget_frame, name="widget_frame"),
    path("<slug:slug>/actions/", views.campaign_actions, name="actions"),
    path(
        "etablissements/<int:pk>-<slug:slug>/",
        views.establishment,
        name="establishment",
    ),
]
