"""Days and StreamField bodies ↔ the `persev-day/1` interchange structure.

Pure conversion, and only of what a day has besides its blocks: each block
converts itself (campaign.blocks.kind.BlockKind), given a context (`Export`,
`Import`) that holds what the caller knows of the database (pages,
establishments) through the resolvers it passes in.
"""

import logging

from campaign.authoring.interchange.html import to_db_html, to_interchange_html
from campaign.authoring.interchange.json_format import FORMAT
from campaign.blocks.day_body import kinds_by_name
from campaign.reference.dates import day_title

logger = logging.getLogger(__name__)


def _html(richtext, resolver):
    source = getattr(richtext, "source", richtext) or ""
    return to_interchange_html(source, resolver)


def campaign_to_dict(campaign, link_resolver=None):
    return {
        "slug": campaign.slug,
        "title": campaign.title,
        "region": campaign.region,
        "start_date": campaign.start_date.isoformat(),
        "end_date": campaign.end_date.isoformat(),
        "intro": _html(campaign.intro, link_resolver),
        "closing": _html(campaign.closing, link_resolver),
        "credits": _html(campaign.credits, link_resolver),
    }


class Export:
    """What the blocks ask when they leave for the interchange
    (campaign.blocks.kind.ExportContext): interchange HTML, absolute URLs,
    establishments by name, town and département, no images."""

    def __init__(self, link_resolver=None, url_of=None, day=None):
        self.link_resolver = link_resolver
        self._url_of = url_of
        self.day = day

    def html(self, richtext):
        return _html(richtext, self.link_resolver)

    def url_of(self, link):
        return self._url_of(link) if self._url_of else link.href()

    def establishment(self, establishment):
        return establishment.as_dict()

    def image(self, image):
        return None

    def left_out(self, what):
        logger.warning("Day %s: %s left out", getattr(self.day, "pk", None), what)


def body_to_list(body, link_resolver=None, url_of=None, *, out=None, api=False):
    """A day's StreamValue as interchange blocks, each kind converting its own
    (`to_interchange`; `to_api` and the blocks' ids with `api`); a block
    with nothing left to give is left out.

    `url_of(struct_value)` gives the absolute URL of a resource link that
    points to a page or a document; `out` replaces the whole context.
    """
    out = out or Export(link_resolver, url_of)
    blocks = []
    for child in body:
        kind = child.block
        convert = kind.to_api if api else kind.to_interchange
        value = convert(child.value, out)
        if value is None:
            continue
        block = {"type": child.block_type, "value": value}
        if api:
            block["id"] = child.id
        blocks.append(block)
    return blocks


def day_to_dict(day, campaign, link_resolver=None, url_of=None, *, out=None, api=False):
    """A day as a `persev-day/1` document (`out` and `api`: the blocks'
    context and conversion, for the API: see campaign.partners.headless)."""
    data = {
        "format": FORMAT,
        "campaign": campaign_to_dict(campaign, link_resolver),
        "date": day.date.isoformat(),
    }
    if day.title and day.title != day_title(day.date):
        data["title"] = day.title
    data["body"] = body_to_list(
        day.body, out=out or Export(link_resolver, url_of, day), api=api
    )
    return data


class Import:
    """What the blocks ask when they are read from the interchange
    (campaign.blocks.kind.ImportContext)."""

    def __init__(self, establishment_id, report=None):
        self._establishment_id = establishment_id
        self.report = report

    def html(self, value, where):
        if not isinstance(value, str):
            return ""
        report = self.report
        return to_db_html(value, report and (lambda message: report(where, message)))

    def establishment_id(self, data, where):
        return self._establishment_id(data, where)

    def problem(self, where, message):
        if self.report:
            self.report(where, message)


def body_from_list(blocks, establishment_id, report=None, stream_block=None):
    """Interchange blocks → [(index in `blocks`, raw StreamField block)], each
    kind reading its own (`from_interchange`).

    `establishment_id(dict, path)` returns the id of the establishment a
    {"name", "town", "department"} dict stands for (creating it if needed),
    or None after recording a problem at `path`. `report(path, message)`
    hears about rich text that had to be simplified.

    Values of the wrong type read as empty, and blocks of an unknown type are
    left out: a document with problems is converted all the same, so that the
    blocks' own checks can run on the rest of it. `stream_block`: the body's
    StreamBlock, when not a day's.
    """
    into = Import(establishment_id, report)
    by_name = kinds_by_name(stream_block)
    raw = []
    for index, block in enumerate(blocks):
        block = block if isinstance(block, dict) else {}
        kind = by_name.get(block.get("type"))
        if kind is None:
            continue
        value = kind.from_interchange(
            block.get("value"), into, ["body", index, "value"]
        )
        raw.append((index, {"type": kind.name, "value": value}))
    return raw
