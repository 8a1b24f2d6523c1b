"""What the feed formats require, checked element by element.

No maintained feed validator is published on PyPI (the W3C's is a web
service): these functions check what each specification makes required or
limits to one, and the syntax of dates and identifiers. Each returns the list
of problems found, empty for a valid document; tests/campaign/test_feeds.py
also shows that each finds a fault put in on purpose.

- `atom_problems`: Atom, RFC 4287 (section 4.1.1 for atom:feed, 4.1.2 for
  atom:entry, 3.2 Person constructs, 3.3 Date constructs, 4.2.6 atom:id);
- `rss_problems`: RSS 2.0 (the RSS Advisory Board's specification: channel
  and item elements, RFC 822 dates, guid);
- `json_feed_problems`: JSON Feed 1.1 (https://jsonfeed.org/version/1.1).
"""

import re
import xml.etree.ElementTree as ET
from collections import Counter
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

ATOM = "{http://www.w3.org/2005/Atom}"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
# RFC 3339 date-time, as RFC 4287 section 3.3 restricts it (upper-case T and Z).
RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
)


def is_iri(value):
    """An absolute IRI: a scheme, and no white space."""
    value = value or ""
    return bool(urlsplit(value).scheme) and not re.search(r"\s", value)


def is_http_url(value):
    parts = urlsplit(value or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _count(element, name):
    return len(element.findall(f"{ATOM}{name}"))


def _exactly_one(element, where, names, problems):
    for name in names:
        count = _count(element, name)
        if count != 1:
            problems.append(f"{where}: {count} atom:{name}, exactly one required")


def _at_most_one(element, where, names, problems):
    for name in names:
        if _count(element, name) > 1:
            problems.append(f"{where}: more than one atom:{name}")


def _person_problems(element, where, problems):
    for person in element.findall(f"{ATOM}author"):
        if _count(person, "name") != 1:
            problems.append(f"{where}: atom:author needs exactly one atom:name")
        for uri in person.findall(f"{ATOM}uri"):
            if not is_iri(uri.text):
                problems.append(f"{where}: atom:author/uri is no IRI: {uri.text!r}")


def _link_problems(element, where, problems):
    alternates = Counter()
    for link in element.findall(f"{ATOM}link"):
        if not is_iri(link.get("href")):
            problems.append(f"{where}: atom:link without an absolute href")
        if link.get("rel", "alternate") == "alternate":
            alternates[(link.get("type"), link.get("hreflang"))] += 1
    if any(count > 1 for count in alternates.values()):
        problems.append(f"{where}: two alternate links of the same type and hreflang")


def _common_problems(element, where, problems):
    for date in ("updated", "published"):
        for node in element.findall(f"{ATOM}{date}"):
            if not RFC3339.match(node.text or ""):
                problems.append(
                    f"{where}: atom:{date} is no RFC 3339 date: {node.text!r}"
                )
    for node in element.findall(f"{ATOM}id"):
        if not is_iri(node.text):
            problems.append(f"{where}: atom:id is no absolute IRI: {node.text!r}")
    for text in ("title", "subtitle", "summary", "rights"):
        for node in element.findall(f"{ATOM}{text}"):
            if node.get("type", "text") not in ("text", "html", "xhtml"):
                problems.append(f"{where}: atom:{text} of unknown type")
    _person_problems(element, where, problems)
    _link_problems(element, where, problems)


def atom_problems(document):
    """The faults of the Atom document `document` (bytes) against RFC 4287."""
    problems = []
    root = ET.fromstring(document)  # noqa: S314 (our own output, in tests)
    if root.tag != f"{ATOM}feed":
        return [f"the root is {root.tag}, not atom:feed"]
    _exactly_one(root, "feed", ("id", "title", "updated"), problems)
    _at_most_one(
        root, "feed", ("generator", "icon", "logo", "rights", "subtitle"), problems
    )
    if not any(link.get("rel") == "self" for link in root.findall(f"{ATOM}link")):
        problems.append("feed: no atom:link rel=self (SHOULD, section 4.1.1)")
    _common_problems(root, "feed", problems)
    entries = root.findall(f"{ATOM}entry")
    feed_has_author = _count(root, "author") > 0
    ids = Counter()
    for number, entry in enumerate(entries, 1):
        where = f"entry {number}"
        _exactly_one(entry, where, ("id", "title", "updated"), problems)
        _at_most_one(
            entry, where, ("content", "published", "summary", "rights"), problems
        )
        if (
            not feed_has_author
            and _count(entry, "author") == 0
            and _count(entry, "source") == 0
        ):
            problems.append(f"{where}: no atom:author, and the feed has none")
        has_alternate = any(
            link.get("rel", "alternate") == "alternate"
            for link in entry.findall(f"{ATOM}link")
        )
        contents = entry.findall(f"{ATOM}content")
        if not contents and not has_alternate:
            problems.append(f"{where}: neither atom:content nor an alternate link")
        if any(c.get("src") for c in contents) and _count(entry, "summary") == 0:
            problems.append(f"{where}: atom:content with src needs an atom:summary")
        _common_problems(entry, where, problems)
        ids.update(node.text for node in entry.findall(f"{ATOM}id"))
    problems.extend(f"atom:id {i!r} on {n} entries" for i, n in ids.items() if n > 1)
    return problems


def _rfc822_problem(where, name, value):
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return f"{where}: {name} is no RFC 822 date: {value!r}"
    if moment.tzinfo is None:
        return f"{where}: {name} has no time zone: {value!r}"
    return None


def rss_problems(document):
    """The faults of the RSS 2.0 document `document` (bytes)."""
    problems = []
    root = ET.fromstring(document)  # noqa: S314 (our own output, in tests)
    if root.tag != "rss" or root.get("version") != "2.0":
        return ['the root is not <rss version="2.0">']
    channels = root.findall("channel")
    if len(channels) != 1:
        return [f"{len(channels)} channel elements, exactly one required"]
    (channel,) = channels
    for name in ("title", "link", "description"):
        if (
            len(channel.findall(name)) != 1
            or not (channel.findtext(name) or "").strip()
        ):
            problems.append(f"channel: {name} is required, once")
    if not is_http_url(channel.findtext("link")):
        problems.append("channel: link is no URL")
    for name in ("pubDate", "lastBuildDate"):
        if channel.find(name) is not None:
            problem = _rfc822_problem("channel", name, channel.findtext(name))
            if problem:
                problems.append(problem)
    guids = Counter()
    for number, item in enumerate(channel.findall("item"), 1):
        where = f"item {number}"
        if not (item.findtext("title") or item.findtext("description")):
            problems.append(f"{where}: needs a title or a description")
        if item.find("link") is not None and not is_http_url(item.findtext("link")):
            problems.append(f"{where}: link is no URL")
        if item.find("pubDate") is not None:
            problem = _rfc822_problem(where, "pubDate", item.findtext("pubDate"))
            if problem:
                problems.append(problem)
        for guid in item.findall("guid"):
            guids[guid.text] += 1
            if guid.get("isPermaLink", "true") == "true" and not is_http_url(guid.text):
                problems.append(f"{where}: a permalink guid must be a URL")
        if len(item.findall("guid")) > 1:
            problems.append(f"{where}: more than one guid")
    problems.extend(f"guid {g!r} on {n} items" for g, n in guids.items() if n > 1)
    return problems


def json_feed_problems(feed):
    """The faults of the JSON Feed 1.1 document `feed` (parsed)."""
    problems = []
    if feed.get("version") != JSON_FEED_VERSION:
        problems.append(f"version is not {JSON_FEED_VERSION}")
    if not isinstance(feed.get("title"), str) or not feed["title"]:
        problems.append("title (string) is required")
    for name in ("home_page_url", "feed_url"):
        if name in feed and not is_http_url(feed[name]):
            problems.append(f"{name} is no URL")
    for author in feed.get("authors", []):
        if not isinstance(author, dict) or not {"name", "url", "avatar"} & set(author):
            problems.append("an author needs a name, a url or an avatar")
    items = feed.get("items")
    if not isinstance(items, list):
        return [*problems, "items (array) is required"]
    ids = Counter()
    for number, item in enumerate(items, 1):
        where = f"item {number}"
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append(f"{where}: id (string) is required")
        ids[item.get("id")] += 1
        if not (item.get("content_html") or item.get("content_text")):
            problems.append(f"{where}: content_html or content_text is required")
        for name in ("date_published", "date_modified"):
            if name in item and not RFC3339.match(item[name]):
                problems.append(f"{where}: {name} is no RFC 3339 date")
        if "url" in item and not is_http_url(item["url"]):
            problems.append(f"{where}: url is no URL")
    problems.extend(f"id {i!r} on {n} items" for i, n in ids.items() if n > 1)
    return problems
