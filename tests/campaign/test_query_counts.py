"""Query discipline: the public pages and the API cost a fixed number of SQL
queries, whatever the number of actions, establishments, days or campaigns.

Each measure is an anonymous GET with Django's cache emptied first (warm caches
are not assumed); only Django's per-process content-type cache is warmed, as
after a worker's first request, so that the counts do not depend on test order.
"""

import datetime as dt

from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from campaign.models import CampaignDayPage
from campaign.publishing.day_email import export_email
from tests.builders import (
    action as action_value,
)
from tests.builders import (
    actions_block,
    add_campaign,
    add_day,
    add_establishment,
    partnership_block,
    resource_link,
    resources_block,
    text_block,
    zoom_block,
)
from tests.campaign.test_testimony import image, testimony

MAX_QUERIES = 12
MONDAY = dt.date(2021, 2, 1)
DEPARTMENTS = ["16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87"]


def make_actions(count, start=0):
    """`count` actions, each with its own establishment and a shared second one."""
    actions = []
    for i in range(start, start + count):
        own = add_establishment(
            f"Collège numéro {i}", f"Commune {i}", DEPARTMENTS[i % len(DEPARTMENTS)]
        )
        actions.append(
            action_value(
                f"Action {i}",
                [own],
                description=f"<p>Description de l’action {i}.</p>",
                url=f"https://example.org/action-{i}",
            )
        )
    return actions


def day_body(actions):
    return [
        zoom_block("ZOOM du jour : un sujet", "<p>Le corps du zoom.</p>"),
        actions_block(*actions),
        resources_block(
            resource_link("Une ressource", url="https://example.org/r", source="Onisep")
        ),
        partnership_block("<p>Avec nos partenaires.</p>"),
        text_block("<p>Un texte libre.</p>"),
    ]


class QueryCountMixin:
    def count_queries(self, url):
        # Django's per-process cache of content types is filled by a worker's
        # first request (and by whichever test ran before): fill it the same
        # way for every measure. Django's cache, which a later caching layer
        # will use, is emptied: its warmth is not assumed.
        self.client.get(url)
        cache.clear()
        self.client.cookies.clear()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(queries), [q["sql"] for q in queries.captured_queries]

    def assert_same_and_small(self, before, after, label, limit=MAX_QUERIES):
        (n_before, _), (n_after, sql_after) = before, after
        detail = "\n".join(sql_after)
        if limit is not None:
            self.assertLessEqual(
                n_after, limit, f"{label}: {n_after} queries\n{detail}"
            )
        self.assertEqual(
            n_before,
            n_after,
            f"{label}: {n_before} queries before, {n_after} after\n{detail}",
        )


class ActionsDoNotAddQueries(QueryCountMixin, TestCase):
    """Day page, campaign page, home page and API day detail: 5 then 60 actions."""

    def setUp(self):
        self.campaign = add_campaign(slug="semaine-requetes", title="Semaine requêtes")
        self.first_actions = make_actions(5)
        self.day = add_day(self.campaign, MONDAY, day_body(self.first_actions))
        add_day(
            self.campaign,
            MONDAY + dt.timedelta(days=1),
            day_body(make_actions(3, start=1000)),
        )

    def urls(self):
        self.day.refresh_from_db()
        self.campaign.refresh_from_db()
        return {
            "day page": self.day.url,
            "campaign page": self.campaign.url,
            "home page": "/",
            "API day detail": f"/api/v3/campaigns/{self.campaign.slug}/days/{MONDAY}/",
        }

    def grow_to_60_actions(self):
        day = CampaignDayPage.objects.get(pk=self.day.pk)
        day.body = day_body(self.first_actions + make_actions(55, start=5))
        day.save_revision().publish()

    def test_counts_do_not_grow_and_stay_small(self):
        before = {label: self.count_queries(url) for label, url in self.urls().items()}
        self.grow_to_60_actions()
        after = {label: self.count_queries(url) for label, url in self.urls().items()}
        for label in before:
            with self.subTest(page=label):
                self.assert_same_and_small(before[label], after[label], label)


class ListingsDoNotGrow(QueryCountMixin, TestCase):
    """Listings: the campaign page and the API day list with 2 then 5 days; the
    home page with 1 then 3 campaigns."""

    def setUp(self):
        self.campaign = add_campaign(slug="semaine-liste", title="Semaine liste")
        for offset in range(2):
            add_day(
                self.campaign,
                MONDAY + dt.timedelta(days=offset),
                day_body(make_actions(2, start=offset * 10)),
            )

    def add_days(self):
        for offset in range(2, 5):
            add_day(
                self.campaign,
                MONDAY + dt.timedelta(days=offset),
                day_body(make_actions(2, start=offset * 10)),
            )

    def add_campaigns(self):
        for year in (2022, 2023):
            other = add_campaign(
                slug=f"semaine-{year}",
                title=f"Semaine {year}",
                start=dt.date(year, 2, 1),
                end=dt.date(year, 2, 5),
            )
            add_day(
                other, dt.date(year, 2, 1), day_body(make_actions(2, start=year * 10))
            )

    def test_campaign_page_and_api_list_do_not_grow_with_days(self):
        urls = {
            "campaign page": lambda: self.campaign.url,
            "API day list": lambda: f"/api/v3/campaigns/{self.campaign.slug}/days/",
            "RSS feed": lambda: f"/campagnes/{self.campaign.slug}/flux.rss",
        }
        before = {label: self.count_queries(url()) for label, url in urls.items()}
        self.add_days()
        after = {label: self.count_queries(url()) for label, url in urls.items()}
        for label in urls:
            with self.subTest(page=label):
                # The 12-query budget is the pages'; the partner endpoints
                # only have to stay flat.
                limit = MAX_QUERIES if label == "campaign page" else None
                self.assert_same_and_small(
                    before[label], after[label], label, limit=limit
                )

    def test_home_page_and_api_campaign_list_do_not_grow_with_campaigns(self):
        urls = {"home page": "/", "API campaign list": "/api/v3/campaigns/"}
        before = {label: self.count_queries(url) for label, url in urls.items()}
        self.add_campaigns()
        after = {label: self.count_queries(url) for label, url in urls.items()}
        for label in urls:
            with self.subTest(page=label):
                limit = MAX_QUERIES if label == "home page" else None
                self.assert_same_and_small(
                    before[label], after[label], label, limit=limit
                )


def make_testimonies(count, start=0):
    """`count` testimonies, each with its own establishment and public photo."""
    return [
        testimony(
            first_name=f"Prénom {i}",
            establishment=add_establishment(
                f"Lycée numéro {i}", f"Ville {i}", DEPARTMENTS[i % len(DEPARTMENTS)]
            ),
            photo=image(f"Photo {i}"),
            alt=f"La photo {i}",
        )
        for i in range(start, start + count)
    ]


class TestimoniesDoNotAddQueries(QueryCountMixin, TestCase):
    """Every channel of a day with 2 then 6 testimonies (each with its own
    establishment and photo): a photo's collection, view restrictions and
    renditions are read once per day, not once per testimony."""

    def setUp(self):
        self.campaign = add_campaign(slug="semaine-temoins", title="Semaine témoins")
        self.actions = make_actions(3)
        self.day = add_day(
            self.campaign,
            MONDAY,
            [actions_block(*self.actions), *make_testimonies(2)],
        )

    def counts(self):
        self.day.refresh_from_db()
        slug = self.campaign.slug
        urls = {
            "day page": self.day.url,
            "API day detail": f"/api/v3/campaigns/{slug}/days/{MONDAY}/",
            "API day list": f"/api/v3/campaigns/{slug}/days/",
            "Wagtail API page": f"/api/v3/pages/{self.day.pk}/",
            "RSS feed": f"/campagnes/{slug}/flux.rss",
            "widget": f"/campagnes/{slug}/widget/",
        }
        counts = {label: self.count_queries(url) for label, url in urls.items()}
        export_email(slug, MONDAY)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            export_email(slug, MONDAY)
        counts["e-mail"] = (len(queries), [q["sql"] for q in queries])
        day = CampaignDayPage.objects.get(pk=self.day.pk)
        with CaptureQueriesContext(connection) as queries:
            day.actions_search_text()
            day.body.stream_block.get_searchable_content(day.body)
        counts["search"] = (len(queries), [q["sql"] for q in queries])
        return counts

    def test_counts_do_not_grow_with_testimonies(self):
        before = self.counts()
        day = CampaignDayPage.objects.get(pk=self.day.pk)
        day.body = [
            actions_block(*self.actions),
            *make_testimonies(6, start=100),
        ]
        day.save_revision().publish()
        after = self.counts()
        for label in before:
            with self.subTest(channel=label):
                self.assert_same_and_small(before[label], after[label], label, None)
