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


def body_from_list(blocks, establishment_id):
    """Interchange blocks → raw StreamField data.

    `establishment_id(dict, path)` returns the id of the establishment a
    {"name", "town", "department"} dict stands for (creating it if needed),
    or None after recording a problem at `path`.
    """
    raw = []
    for index, block in enumerate(blocks):
        kind, value = block["type"], block["value"]
        if kind == "actions":
            actions = []
            for a_index, action in enumerate(value["actions"]):
                ids = [
                    establishment_id(
                        e,
                        [
                            "body",
                            index,
                            "value",
                            "actions",
                            a_index,
                            "establishments",
                            e_index,
                        ],
                    )
                    for e_index, e in enumerate(action["establishments"])
                ]
                actions.append(
                    {
                        "title": action["title"].strip(),
                        "establishments": [i for i in ids if i is not None],
                        "description": to_db_html(action.get("description", "")),
                        "url": action.get("url", ""),
                    }
                )
            raw_value = {
                "heading": value.get("heading") or DEFAULT_ACTIONS_HEADING,
                "actions": actions,
            }
        elif kind == "zoom":
            raw_value = {
                "title": value["title"].strip(),
                "body": to_db_html(value["body"]),
            }
        elif kind == "resources":
            raw_value = {
                "heading": value.get("heading") or DEFAULT_RESOURCES_HEADING,
                "links": [
                    {
                        "title": link["title"].strip(),
                        "url": link["url"],
                        "page": None,
                        "document": None,
                        "image": None,
                        "source": link.get("source", ""),
                    }
                    for link in value["links"]
                ],
            }
        elif kind == "partnership":
            raw_value = {
                "heading": value.get("heading") or DEFAULT_PARTNERSHIP_HEADING,
                "body": to_db_html(value["body"]),
            }
        else:  # text
            raw_value = to_db_html(value)
        raw.append({"type": kind, "value": raw_value})
    return raw
