"""Where a page's CPU time goes: each part of serving it switched off in turn.

Part of `make bench` (tests/bench/run.py calls it on the bench database,
without the page cache); alone, on a database built the same way:

    PAGE_CACHE_SECONDS=0 .venv/bin/python manage.py shell \
        -c "from tests.bench import breakdown; breakdown.main()"

Each variant serves the same URL in this process through Django's full
handler (django.test.Client: every middleware, Wagtail's serve view) and
counts this process's CPU time per request (time.process_time: PostgreSQL's
own work, in its process, is not counted). A variant replaces one part:

- "routage" — Wagtail's routing (Site lookup, then one page per URL segment,
  made specific) replaced by a fetch of the page by its id: what a perfect
  route cache would leave;
- "restrictions" — the view-restriction hook (check_view_restrictions) left
  out;
- "gabarit" — the page's context computed but no template rendered;
- "corps" — the day's body, rendered once beforehand, served as a string:
  what reusing a body rendered once per revision would leave.

The difference with the page served whole is what that part costs. The
smallest page and the day page are those of tests/bench/content.py;
robots.txt (a Django view that reads no database) gives Django's floor.

This monkeypatches Wagtail for the length of a variant: it is a measuring
tool, never imported by the site.
"""

import contextlib
import json
import statistics
import sys
import time

from django.http import HttpResponse
from django.test import Client
from django.utils.html import format_html_join

HOST = "127.0.0.1"
REQUESTS = 200
ROUNDS = 3
WARM_UP = 20
# A variant must serve the page it replaces a part of: same status, and
# (unless it drops the template) a body within this fraction of the same size.
SAME_SIZE = 0.01


def _page_at(path):
    from wagtail.models import Page

    return Page.find_for_request(_request(path), path).specific


def _request(path):
    from django.test import RequestFactory

    return RequestFactory(HTTP_HOST=HOST).get(path)


@contextlib.contextmanager
def _patched(owner, name, value):
    """`owner.name` is `value` for the block (an inherited attribute shadowed,
    then unshadowed)."""
    missing = object()
    original = owner.__dict__.get(name, missing)
    setattr(owner, name, value)
    try:
        yield
    finally:
        if original is missing:
            delattr(owner, name)
        else:
            setattr(owner, name, original)


@contextlib.contextmanager
def routing_replaced(path):
    """Wagtail's routing replaced by one fetch of the page by id."""
    from wagtail.models import Page

    page = _page_at(path)
    model, pk = type(page), page.pk

    def route_for_request(request, path):
        return model.objects.get(pk=pk), [], {}

    with _patched(Page, "route_for_request", staticmethod(route_for_request)):
        yield


@contextlib.contextmanager
def restrictions_left_out(path):
    """Wagtail's view-restriction hook left out."""
    from wagtail import hooks

    registered = hooks._hooks["on_serve_page"]
    kept = [
        hook for hook in registered if hook[0].__name__ != "check_view_restrictions"
    ]
    hooks._hooks["on_serve_page"] = kept
    try:
        yield
    finally:
        hooks._hooks["on_serve_page"] = registered


@contextlib.contextmanager
def template_left_out(path):
    """The page's context computed, no template rendered."""
    model = type(_page_at(path))

    def serve(self, request, *args, **kwargs):
        self.get_context(request, *args, **kwargs)
        return HttpResponse("")

    with _patched(model, "serve", serve):
        yield


class _RenderedBody(list):
    """What the template iterates over: one block, already rendered; the raw
    data kept for what reads it (the page's description)."""

    def __init__(self, html, raw_data):
        super().__init__([html])
        self.raw_data = raw_data


@contextlib.contextmanager
def body_rendered_beforehand(path):
    """The day's body served from a string rendered once beforehand."""
    from wagtail.models import Page

    page = _page_at(path)
    request = _request(path)
    context = page.get_context(request)
    # Each block renders to safe HTML: format_html_join keeps it as is.
    html = format_html_join(
        "", "{}", ((block.render(context=context),) for block in page.body)
    )
    model, pk = type(page), page.pk

    def route_for_request(request, path):
        day = model.objects.get(pk=pk)
        day.__dict__["body"] = _RenderedBody(html, day.body.raw_data)
        return day, [], {}

    with _patched(Page, "route_for_request", staticmethod(route_for_request)):
        yield


VARIANTS = {
    "routage": routing_replaced,
    "restrictions": restrictions_left_out,
    "gabarit": template_left_out,
    "corps": body_rendered_beforehand,
}
PLAN = {
    "smallest_page": ["routage", "restrictions", "gabarit"],
    "day": ["routage", "restrictions", "gabarit", "corps"],
}


def cpu_ms_per_request(client, path, requests=REQUESTS, rounds=ROUNDS):
    """The median over `rounds` of this process's CPU time per request."""
    for _ in range(WARM_UP):
        client.get(path)
    per_round = []
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(requests):
            client.get(path)
        per_round.append((time.process_time() - started) * 1000 / requests)
    return statistics.median(per_round)


def _check_same_page(whole, variant, name, path):
    if variant.status_code != whole.status_code:
        raise SystemExit(
            f"{path}, variante « {name} » : statut {variant.status_code}, "
            f"{whole.status_code} attendu."
        )
    if name == "gabarit":
        return
    size, expected = len(variant.content), len(whole.content)
    if abs(size - expected) > SAME_SIZE * expected:
        raise SystemExit(
            f"{path}, variante « {name} » : {size} octets au lieu de {expected} : "
            "elle ne sert plus la même page."
        )


def measure(urls, requests=REQUESTS, rounds=ROUNDS):
    """{page key: {"whole": ms, variant: ms, ...}} and Django's floor."""
    client = Client(HTTP_HOST=HOST)
    results = {
        "robots": {"whole": cpu_ms_per_request(client, "/robots.txt", requests, rounds)}
    }
    for key, variants in PLAN.items():
        path = urls[key]
        whole = client.get(path)
        results[key] = {"whole": cpu_ms_per_request(client, path, requests, rounds)}
        for name in variants:
            with VARIANTS[name](path):
                _check_same_page(whole, client.get(path), name, path)
                results[key][name] = cpu_ms_per_request(client, path, requests, rounds)
    return results


def _to_stderr(line):
    sys.stderr.write(line + "\n")


def print_report(results, say=_to_stderr):
    say(
        "\n== Where the CPU time goes, in one process (Django's test client, "
        "no page cache): each part switched off in turn"
    )
    robots = results["robots"]["whole"]
    say(f"   {'robots.txt (Django, no database)':<48} {robots:>6.2f} ms")
    for key, label in (("smallest_page", "smallest page"), ("day", "day page")):
        if key not in results:
            continue
        figures = results[key]
        whole = figures["whole"]
        say(f"   {label + ', served whole':<48} {whole:>6.2f} ms")
        for name, ms in figures.items():
            if name == "whole":
                continue
            say(
                f"     {'without ' + DESCRIPTIONS[name]:<46} {ms:>6.2f} ms "
                f"(that part: {whole - ms:>5.2f} ms, {(whole - ms) / whole:>4.0%})"
            )


DESCRIPTIONS = {
    "routage": "Wagtail's routing (fetch by id)",
    "restrictions": "the view-restriction hook",
    "gabarit": "template rendering",
    "corps": "rendering the body (done beforehand)",
}


def main(urls=None, requests=REQUESTS, rounds=ROUNDS, report=True):
    """Measure the pages of tests/bench/content.py (or `urls`), print the
    report on stderr (unless `report` is false), and the figures as JSON on
    the last line of stdout."""
    from persev_site.page_cache import middleware as page_cache

    if page_cache.ttl():
        raise SystemExit(
            "Le cache de pages est actif : la mesure ne verrait que lui. "
            "Relancez avec PAGE_CACHE_SECONDS=0."
        )
    if urls is None:
        from tests.bench import content

        urls = content.urls()
    results = measure(urls, requests, rounds)
    if report:
        print_report(results)
    sys.stdout.write(json.dumps(results) + "\n")
    return results
