"""Two app servers, one PostgreSQL, one Redis, shared media: the scale-out setup
of the README ("Plusieurs serveurs").

Two gunicorn processes (A and B, two workers each, production settings) share
one throwaway database on the suite's PostgreSQL server, one Redis (a spare
database, keys under a prefix of this run's, removed afterwards) and one media
folder; the anonymous page cache is on in both. An éditeur logs in on A,
edits a day in the admin and publishes it; B, which had that day in its page
cache, answers the new content at the very next request.

Runs when the suite runs on PostgreSQL (DATABASE_URL=postgres://…), as CI's
second pass does: SQLite is one file on one machine, not a scale-out setup.
Skipped, with a message, without PostgreSQL or without Redis
($PERSEV_OPS_REDIS_URL, redis://127.0.0.1:6379/9 by default).
"""

import importlib.util
import shutil
import tempfile
import unittest
import uuid

from django.test import SimpleTestCase

from campaign.models import CampaignDayPage
from tests.ops import processes
from tests.ops.editor import Editor

REDIS_URL = processes.REDIS_URL


class ScaleOutTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not processes.SharedPostgres.in_use():
            raise unittest.SkipTest(
                "Montée en charge non testée : ce test demande PostgreSQL "
                "(lancez la suite avec DATABASE_URL=postgres://…).",
            )
        if not processes.redis_reachable(REDIS_URL):
            raise unittest.SkipTest(
                f"Montée en charge non testée : Redis ne répond pas sur {REDIS_URL} "
                "(PERSEV_OPS_REDIS_URL).",
            )
        cls.work = tempfile.mkdtemp(prefix="persev-scale-out-")
        cls.addClassCleanup(shutil.rmtree, cls.work, ignore_errors=True)
        server = processes.SharedPostgres()
        name = processes.unique_name("persev_ops_scale")
        database_url = server.create(name)
        cls.addClassCleanup(server.drop, name)
        cls.key_prefix = f"persev-ops-{uuid.uuid4().hex[:12]}"
        cls.addClassCleanup(processes.delete_redis_keys, REDIS_URL, cls.key_prefix)
        # Same database, same Redis, same media folder; page cache on.
        env = processes.server_env(
            cls.work,
            database_url,
            REDIS_URL=REDIS_URL,
            CACHE_KEY_PREFIX=cls.key_prefix,
            PAGE_CACHE_SECONDS=300,
        )
        cls.days = processes.prepare_site(env)
        cls.server_a, cls.url_a = processes.start_gunicorn(env, name="gunicorn A")
        cls.addClassCleanup(cls.server_a.close)
        cls.server_b, cls.url_b = processes.start_gunicorn(env, name="gunicorn B")
        cls.addClassCleanup(cls.server_b.close)

    def get(self, base_url, path):
        response = processes.get(base_url + path)
        self.assertEqual(
            response.status_code, 200, f"GET {base_url}{path}: {response.text[:500]}"
        )
        return response

    def test_a_day_published_through_one_server_shows_on_the_other_at_once(self):
        day = self.days[0]
        old_title = day["actions"][0]
        new_title = f"Action publiée par le serveur A ({uuid.uuid4().hex[:8]})"

        # B serves the day, and keeps it in its page cache.
        first = self.get(self.url_b, day["url"])
        self.assertIn(old_title, first.text)
        again = self.get(self.url_b, day["url"])
        self.assertIn(old_title, again.text)
        page_cache = (
            importlib.util.find_spec("persev_site.page_cache.middleware") is not None
        )
        if page_cache:
            self.assertEqual(again.headers.get("X-Cache"), "HIT")

        # An éditeur edits the day's first action on A and publishes it.
        editor = Editor(self.url_a)
        editor.log_in(processes.EDITOR["username"], processes.EDITOR["password"])

        def retitle_first_action(fields, body):
            actions = next(block for block in body if block["type"] == "actions")
            first_action = actions["value"]["actions"][0]["value"]
            self.assertEqual(first_action["title"], old_title)
            first_action["title"] = new_title

        editor.edit_and_publish(day["id"], CampaignDayPage, retitle_first_action)

        # B answers the new content at the very next request, and so does A.
        after = self.get(self.url_b, day["url"])
        self.assertIn(new_title, after.text)
        self.assertNotIn(old_title, after.text)
        if page_cache:
            self.assertEqual(after.headers.get("X-Cache"), "MISS")
        self.assertIn(new_title, self.get(self.url_a, day["url"]).text)

    def test_a_session_opened_on_one_server_is_valid_on_the_other(self):
        # Sessions live in the database: no sticky sessions needed on the proxy.
        editor = Editor(self.url_a)
        editor.log_in(processes.EDITOR["username"], processes.EDITOR["password"])
        on_b = Editor(self.url_b)
        on_b.cookies = dict(editor.cookies)
        response = on_b.get("/admin/")
        self.assertEqual(response.status_code, 200)
        self.assertIn(processes.EDITOR["username"], response.text)
