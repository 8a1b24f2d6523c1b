"""Days and StreamField bodies ↔ the `persev-day/1` interchange structure.

Pure conversion: reading the database (pages, establishments) is left to the
callers, which pass resolvers in.
"""

import logging

from campaign.authoring.interchange.html import to_db_html, to_interchange_html
from campaign.authoring.interchange.json_format import FORMAT
from campaign.blocks.actions import DEFAULT_ACTIONS_HEADING
from campaign.blocks.partnership import DEFAULT_PARTNERSHIP_HEADING
from campaign.blocks.resources import DEFAULT_RESOURCES_HEADING
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


def body_to_list(body, link_resolver=None, url_of=None):
    """A day's StreamValue as interchange blocks.

    `url_of(struct_value)` gives the absolute URL of a resource link that
    points to a page or a document.
    """
    blocks = []
    for child in body:
        kind, value = child.block_type, child.value
        if kind == "actions":
            actions = []
            for action in value["actions"]:
                item = {
                    "title": action["title"],
                    "establishments": [
                        {"name": e.name, "town": e.town, "department": e.department}
                        for e in action["establishments"]
                        if e is not None
                    ],
                }
                description = _html(action["description"], link_resolver)
                if description:
                    item["description"] = description
                if action["url"]:
                    item["url"] = action["url"]
                actions.append(item)
            blocks.append(
                {
                    "type": kind,
                    "value": {"heading": value["heading"], "actions": actions},
                }
            )
        elif kind == "zoom":
            blocks.append(
                {
                    "type": kind,
                    "value": {
                        "title": value["title"],
                        "body": _html(value["body"], link_resolver),
                    },
                }
            )
        elif kind == "resources":
            links = []
            for link in value["links"]:
                url = link["url"] or (url_of(link) if url_of else link.href())
                item = {"title": link["title"], "url": url}
                if link["source"]:
                    item["source"] = link["source"]
                links.append(item)
            blocks.append(
                {"type": kind, "value": {"heading": value["heading"], "links": links}}
            )
        elif kind == "partnership":
            blocks.append(
                {
                    "type": kind,
                    "value": {
                        "heading": value["heading"],
                        "body": _html(value["body"], link_resolver),
                    },
                }
            )
        elif kind == "text":
            blocks.append({"type": kind, "value": _html(value, link_resolver)})
    return blocks


def day_to_dict(day, campaign, link_resolver=None, url_of=None, *, whole=False):
    """A day as a `persev-day/1` document. `whole`: one block per stored
    block, none left out (for callers that pair them with the stored ones,
    and then call without_orphan_actions themselves)."""
    data = {
        "format": FORMAT,
        "campaign": campaign_to_dict(campaign, link_resolver),
        "date": day.date.isoformat(),
    }
    if day.title and day.title != day_title(day.date):
        data["title"] = day.title
    data["body"] = body_to_list(day.body, link_resolver, url_of)
    if not whole:
        data["body"] = without_orphan_actions(data["body"], day)
    return data


def without_orphan_actions(blocks, day):
    """`blocks` less the actions whose establishments no longer exist (deleted
    from a shell: the admin refuses to) and the actions blocks left empty.
    The format needs one establishment per action, at least: the site still
    shows such an action by its title, the API, exports and e-mail leave it
    out, and say so in the log."""
    kept = []
    for block in blocks:
        if block["type"] == "actions":
            actions = []
            for action in block["value"]["actions"]:
                if action["establishments"]:
                    actions.append(action)
                else:
                    logger.warning(
                        "Journée %s : action « %s » omise, aucun de ses "
                        "établissements n’existe plus",
                        day.pk,
                        action["title"],
                    )
            if not actions:
                continue
            block["value"]["actions"] = actions
        kept.append(block)
    return kept


def _str(value):
    return value if isinstance(value, str) else ""


def _text(value):
    return _str(value).strip()


def _dict(value):
    return value if isinstance(value, dict) else {}


def _list(value):
    return value if isinstance(value, list) else []


def body_from_list(blocks, establishment_id, report=None):
    """Interchange blocks → [(index in `blocks`, raw StreamField block)].

    `establishment_id(dict, path)` returns the id of the establishment a
    {"name", "town", "department"} dict stands for (creating it if needed),
    or None after recording a problem at `path`. `report(path, message)`
    hears about rich text that had to be simplified.

    Values of the wrong type read as empty, and blocks of an unknown type are
    left out: a document with problems is converted all the same, so that the
    blocks' own checks can run on the rest of it.
    """
    raw = []

    def html(value, path):
        if not isinstance(value, str):
            return ""
        return to_db_html(value, report and (lambda message: report(path, message)))

    for index, block in enumerate(blocks):
        block = _dict(block)
        kind, value = block.get("type"), block.get("value")
        where = ["body", index, "value"]
        if kind == "actions":
            value = _dict(value)
            actions = []
            for a_index, action in enumerate(_list(value.get("actions"))):
                action = _dict(action)
                a_where = [*where, "actions", a_index]
                ids = [
                    establishment_id(e, [*a_where, "establishments", e_index])
                    for e_index, e in enumerate(_list(action.get("establishments")))
                    if isinstance(e, dict)
                ]
                actions.append(
                    {
                        "title": _text(action.get("title")),
                        "establishments": [i for i in ids if i is not None],
                        "description": html(
                            action.get("description", ""), [*a_where, "description"]
                        ),
                        "url": _str(action.get("url")),
                    }
                )
            raw_value = {
                "heading": _str(value.get("heading")) or DEFAULT_ACTIONS_HEADING,
                "actions": actions,
            }
        elif kind == "zoom":
            value = _dict(value)
            raw_value = {
                "title": _text(value.get("title")),
                "body": html(value.get("body"), [*where, "body"]),
            }
        elif kind == "resources":
            value = _dict(value)
            raw_value = {
                "heading": _str(value.get("heading")) or DEFAULT_RESOURCES_HEADING,
                "links": [
                    {
                        "title": _text(link.get("title")),
                        "url": _str(link.get("url")),
                        "page": None,
                        "document": None,
                        "image": None,
                        "source": _str(link.get("source")),
                    }
                    for link in map(_dict, _list(value.get("links")))
                ],
            }
        elif kind == "partnership":
            value = _dict(value)
            raw_value = {
                "heading": _str(value.get("heading")) or DEFAULT_PARTNERSHIP_HEADING,
                "body": html(value.get("body"), [*where, "body"]),
            }
        elif kind == "text":
            raw_value = html(value, where)
        else:
            continue
        raw.append((index, {"type": kind, "value": raw_value}))
    return raw
