"""Site settings for partner sites: who may call the API, feeds and widget."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


def parse_origin(text):
    """`scheme://host[:port]` in lower case, or None when `text` is not an origin."""
    text = (text or "").strip()
    try:
        parts = urlsplit(text)
        port = parts.port  # raises ValueError on a bad port
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    if parts.path not in {"", "/"} or parts.query or parts.fragment:
        return None
    if parts.username or parts.password:
        return None
    origin = f"{parts.scheme}://{parts.hostname}"
    return f"{origin}:{port}" if port else origin


def validate_origins(value):
    problems = []
    for number, line in enumerate((value or "").splitlines(), start=1):
        if line.strip() and parse_origin(line) is None:
            problems.append(
                _(
                    "Line %(number)s: “%(line)s” is not an origin (for example https://www.ac-bordeaux.fr, without a path)."
                )
                % {"number": number, "line": line.strip()}
            )
    if problems:
        raise ValidationError(problems)


@register_setting(icon="globe")
class PartnerSettings(BaseSiteSetting):
    """The partner sites allowed to read the API, feeds and widget from a browser."""

    allowed_origins = models.TextField(
        _("allowed origins"),
        blank=True,
        validators=[validate_origins],
        help_text=_(
            "One origin per line, for example https://www.ac-limoges.fr: these sites may read the API, the feeds and the widget from their pages (CORS)."
        ),
    )

    panels = [FieldPanel("allowed_origins")]

    class Meta:
        verbose_name = _("partner sites")

    def origins(self):
        """The allowed origins, normalised (a set)."""
        return {
            origin
            for origin in map(parse_origin, (self.allowed_origins or "").splitlines())
            if origin
        }
