"""The partner widget's own stylesheet and scripts, served by the campaign site.

A partner page whose Content-Security-Policy forbids inline styles and
scripts (`style-src 'self' <our origin>`) still shows the widget: nothing
inline is put on it, the styles and scripts come from these addresses, at
the campaign site's origin (so the iframe page's policy can say `'self'`):

- `widget.css`: the widget's styles, linked from the script widget's shadow
  root and from the iframe page;
- `widget-frame.js`: inside the iframe page, reports the content's height to
  the framing page (postMessage);
- `widget-resize.js`: on the partner page, next to the iframe, sizes it.

The files live in campaign/static/campaign/widget/ (so collectstatic also
ships them) and are read once. Anyone may read them, from any origin
(`Access-Control-Allow-Origin: *`: they are the same for everybody and carry
no cookie). Cacheable: an ETag, a day's max-age, and a year (immutable) when
the address carries the file's version (`?v=`), which is how the widget
links them, so a deploy that changes a file changes the address.
"""

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.http import HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe

ASSETS_DIR = Path(__file__).resolve().parent.parent / "static" / "campaign" / "widget"
MAX_AGE = 86400
VERSIONED_MAX_AGE = 365 * 86400


@dataclass(frozen=True)
class Asset:
    body: bytes
    content_type: str
    version: str


@cache
def asset(filename):
    body = (ASSETS_DIR / filename).read_bytes()
    content_type = (
        "text/css; charset=utf-8"
        if filename.endswith(".css")
        else "text/javascript; charset=utf-8"
    )
    return Asset(body, content_type, hashlib.sha256(body).hexdigest()[:12])


STYLESHEET = "widget.css"
FRAME_SCRIPT = "frame.js"
RESIZE_SCRIPT = "resize.js"

# URL name (campaign.urls) of each file.
URL_NAMES = {
    STYLESHEET: "campaign:widget_css",
    FRAME_SCRIPT: "campaign:widget_frame_js",
    RESIZE_SCRIPT: "campaign:widget_resize_js",
}


def versioned_path(filename):
    """The file's address on this site, with its version (`?v=`)."""
    return f"{reverse(URL_NAMES[filename])}?v={asset(filename).version}"


def versions():
    """All the files' versions, for the ETag of what links them."""
    return "".join(asset(name).version for name in URL_NAMES)


def _serve(request, filename):
    current = asset(filename)
    etag = quote_etag(current.version)
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(current.body, content_type=current.content_type)
    response.headers["ETag"] = etag
    if request.GET.get("v") == current.version:
        patch_cache_control(
            response, public=True, max_age=VERSIONED_MAX_AGE, immutable=True
        )
    else:
        patch_cache_control(response, public=True, max_age=MAX_AGE)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def widget_css(request):
    return _serve(request, STYLESHEET)


@require_safe
def widget_frame_js(request):
    return _serve(request, FRAME_SCRIPT)


@require_safe
def widget_resize_js(request):
    return _serve(request, RESIZE_SCRIPT)
