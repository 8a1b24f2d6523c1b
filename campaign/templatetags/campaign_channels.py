"""How a day's blocks render on each channel (page, e-mail, widget, feed).

A template that lays out a whole day loops over its blocks and asks each
one for its channel, naming no kind of block::

    {% load campaign_channels %}
    {% for block in blocks %}{% block_channel block "email.html" %}{% endfor %}

The kind renders its own template ``campaign/blocks/<name>/<channel>``
(campaign.blocks.kind.BlockKind.render_channel) with the day template's
context, `value` being the block's value; a kind with no template for that
channel is left out of it. What `value` is depends on the channel:

- ``page.html``: the StreamField value (Wagtail renders it, `Meta.template`);
- ``email.html``, ``email.txt``: the block's interchange value
  (``persev-day/1``, links absolute and public), with `base_url` and
  `day_url` in the context, its rich text through ``|email_html:base_url``
  and ``|email_text:base_url``; a text template writes
  ``{% autoescape off %}``;
- ``widget.html``, ``feed.html``: the block's value as the API gives it
  (campaign.partners.headless.day_dict: establishments expanded, resource
  links public only, images as renditions).

A block's output is stripped of its surrounding white space: the day's
template spaces the blocks.
"""

from django import template
from django.utils.safestring import mark_safe

from campaign.blocks.day_body import DayBodyBlock
from campaign.blocks.kind import CHANNELS
from campaign.publishing.day_email import email_html as _email_html
from campaign.publishing.day_email import email_text as _email_text

register = template.Library()


def kind_named(name):
    """The kind of block called `name` in a day's body, or None."""
    return DayBodyBlock.base_blocks.get(name)


@register.simple_tag(takes_context=True)
def block_channel(context, block, channel):
    """`block` ({"type", "value"}, or a StreamField child) rendered by its
    kind for `channel` (one of campaign.blocks.kind.CHANNELS)."""
    if channel not in CHANNELS:
        raise template.TemplateSyntaxError(f"Unknown channel {channel!r}: {CHANNELS}")
    if isinstance(block, dict):
        name, value = block["type"], block["value"]
    else:
        name, value = block.block_type, block.value
    kind = kind_named(name)
    if kind is None:
        return ""
    rendered = kind.render_channel(value, channel, context.flatten())
    return mark_safe(rendered.strip())  # noqa: S308 - the kind's template output


@register.filter
def email_html(html, base_url):
    """Rich text (interchange HTML) for a mail client: styles inline, links
    absolute against `base_url`."""
    return _email_html(html, base_url)


@register.filter
def email_text(html, base_url):
    """Rich text (interchange HTML) as readable plain text, links spelt out."""
    return _email_text(html, base_url)
