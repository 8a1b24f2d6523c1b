"""The partner widget: today's day of a campaign (its zoom and actions) with a
link back, for a partner to paste into its own pages.

Two forms (the campaign's editor shows the code of both, see
campaign/admin/panels.py):

- `widget.js`: a script that writes the widget into
  `<div data-persev-widget="SLUG">` (or just before itself), in a shadow root
  when the browser has one, so the host's styles do not leak in while its
  fonts and colours are inherited. The content travels inside the script;
  its stylesheet is linked from our site (no cookie, nothing from a third
  party).
- `widget/`: the same content as a small HTML page for an `<iframe>`, which
  reports its height to `widget-resize.js` on the partner page.

Nothing inline (no `<style>`, no `style=""`, no inline script) lands on the
partner page, so a strict Content-Security-Policy there only needs our
origin in `script-src`, `style-src` and `frame-src` (the stylesheet and the
scripts: campaign/partners/widget_assets.py). Both stay well under 20 KB and
need none of the site's CSS.
"""

import json

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.clickjacking import xframe_options_exempt

from campaign.models import CampaignDayPage, CampaignPage
from campaign.partners import caching, headless, widget_assets
from campaign.partners.feeds import get_campaign_or_404
from campaign.reference import dates

SCRIPT = """(function () {
  "use strict";
  var html = %(html)s;
  var script = document.currentScript;
  var host = document.querySelector('[data-persev-widget="%(slug)s"]');
  if (!host) {
    host = document.createElement("div");
    if (script && script.parentNode) { script.parentNode.insertBefore(host, script); }
    else { document.body.appendChild(host); }
  }
  var root = host.attachShadow ? (host.shadowRoot || host.attachShadow({ mode: "open" })) : host;
  root.innerHTML = html;
})();
"""


def widget_day(campaign, request, on=None):
    """(day dict or None, whether it is today's): today's live day, else the
    latest live day before today."""
    on = on or dates.today()
    days = CampaignDayPage.objects.public_of(campaign)
    day = days.filter(date=on).first()
    is_today = day is not None
    if day is None:
        day = days.filter(date__lt=on).order_by("-date").first()
    if day is None:
        return None, False
    return headless.day_dict(day, campaign, request), is_today


def render_widget(campaign, request):
    day, is_today = widget_day(campaign, request)
    return render_to_string(
        "campaign/widget/day.html",
        {
            "campaign": campaign,
            "campaign_url": campaign.get_full_url(request),
            "day": day,
            "is_today": is_today,
            "dates": dates.date_range(campaign.start_date, campaign.end_date),
        },
    ).strip()


def widget_version(request, slug):
    campaign = CampaignPage.objects.find_public(slug, request)
    if campaign is None:
        return None
    return headless.content_version(
        CampaignDayPage.objects.public_of(campaign),
        campaign.__class__.objects.filter(pk=campaign.pk),
        # Today's day changes at midnight even when no page does.
        # The address of the stylesheet is in the answer: a deploy that
        # changes it changes the version.
        extra=(
            f"{request.get_full_path()}{request.get_host()}{dates.today()}"
            f"{widget_assets.versions()}"
        ),
    )


def _no_tracking(response):
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@caching.conditional_view(widget_version, caching.WIDGET_MAX_AGE)
def widget_js(request, slug):
    campaign = get_campaign_or_404(request, slug)
    stylesheet = request.build_absolute_uri(
        widget_assets.versioned_path(widget_assets.STYLESHEET)
    )
    # Linked inside the shadow root, where its rules apply to the widget only.
    html = format_html('<link rel="stylesheet" href="{}">', stylesheet) + render_widget(
        campaign, request
    )
    # JSON is valid JavaScript; "<" escaped so no "</script>" can close a tag.
    literal = json.dumps(html, ensure_ascii=False).replace("<", "\\u003c")
    body = SCRIPT % {"html": literal, "slug": campaign.slug}
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Partner pages may load it from their origin (also with crossorigin).
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return _no_tracking(response)


@xframe_options_exempt
@caching.conditional_view(widget_version, caching.WIDGET_MAX_AGE)
def widget_frame(request, slug):
    campaign = get_campaign_or_404(request, slug)
    content = render_widget(campaign, request)
    response = HttpResponse(
        render_to_string(
            "campaign/widget/frame.html",
            # Rendered by our own template, with autoescaping.
            {
                "campaign": campaign,
                "content": mark_safe(content),  # noqa: S308
                "stylesheet": widget_assets.versioned_path(widget_assets.STYLESHEET),
                "frame_script": widget_assets.versioned_path(
                    widget_assets.FRAME_SCRIPT
                ),
            },
        )
    )
    # Any partner may frame it; the page loads its stylesheet and script from
    # this site only, and nothing inline.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'self'; script-src 'self'; "
        "img-src 'self' https: data:; frame-ancestors *; base-uri 'self'"
    )
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return _no_tracking(response)
