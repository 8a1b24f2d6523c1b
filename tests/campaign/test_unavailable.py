"""The outage answer (503 + Retry-After) means the database is out of reach,
never that a query failed: campaign.partners.unavailable.database_unreachable,
fed with the errors the real drivers raise."""

import sqlite3
import tempfile
from pathlib import Path
from unittest import mock, skipUnless

from django.db import OperationalError, connection, transaction
from django.db.utils import load_backend
from django.test import Client, TestCase

from campaign.partners.unavailable import database_unreachable
from tests.campaign.opt_in import with_opt_in_parts
from tests.campaign.partner_data import MONDAY, WEEK_SLUG, api, load_week

ON_POSTGRES = connection.vendor == "postgresql"
ON_SQLITE = connection.vendor == "sqlite"


def other_connection(**changes):
    """A new connection to the database of the suite, with `changes` to its
    settings (another host, port or file)."""
    settings = {**connection.settings_dict, **changes}
    backend = load_backend(settings["ENGINE"])
    return backend.DatabaseWrapper(settings, alias="unavailable-test")


def error_of(call):
    try:
        call()
    except OperationalError as error:
        return error
    raise AssertionError("no OperationalError")


def query_error_of_this_database():
    """A real OperationalError of a query on the suite's database."""
    if ON_SQLITE:
        # The malformed full-text query of issue 15 ('"orientation').
        sql = "SELECT 'unterminated"
    else:
        # PostgreSQL cancels the statement (57014, an OperationalError).
        sql = "SELECT pg_cancel_backend(pg_backend_pid()), pg_sleep(5)"

    def run():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)

    return error_of(run)


class TestWhichErrorsMeanOutOfReach(TestCase):
    def test_a_failed_query_is_not_an_outage(self):
        error = query_error_of_this_database()
        self.assertIsNotNone(error.__cause__)  # the driver's error, chained
        self.assertFalse(database_unreachable(error), repr(error.__cause__))

    @skipUnless(ON_POSTGRES, "PostgreSQL's connections")
    def test_refused_connection(self):
        # Nothing listens on port 1.
        error = error_of(other_connection(HOST="127.0.0.1", PORT=1).ensure_connection)
        self.assertTrue(database_unreachable(error), repr(error.__cause__))

    @skipUnless(ON_POSTGRES, "PostgreSQL's connections")
    def test_connection_cut_by_the_server(self):
        # What a restart does to open connections (pg_ctl stop -m fast).
        other = other_connection()
        other.ensure_connection()
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(%s)",
                    [other.connection.info.backend_pid],
                )

            def query():
                with other.cursor() as cursor:
                    cursor.execute("SELECT 1")

            error = error_of(query)
        finally:
            other.close()
        self.assertTrue(database_unreachable(error), repr(error.__cause__))

    @skipUnless(ON_SQLITE, "SQLite's database file")
    def test_database_file_that_cannot_be_opened(self):
        with tempfile.TemporaryDirectory() as folder:
            missing = Path(folder) / "no-such-folder" / "db.sqlite3"
            error = error_of(other_connection(NAME=str(missing)).ensure_connection)
        self.assertIsInstance(error.__cause__, sqlite3.OperationalError)
        self.assertTrue(database_unreachable(error), repr(error.__cause__))

    @skipUnless(ON_SQLITE, "SQLite's locks")
    def test_database_file_locked_past_the_timeout(self):
        with tempfile.TemporaryDirectory() as folder:
            path = str(Path(folder) / "db.sqlite3")
            holder = sqlite3.connect(path)
            holder.execute("CREATE TABLE t (x)")
            holder.execute("BEGIN EXCLUSIVE")
            other = other_connection(NAME=path, OPTIONS={"timeout": 0})
            try:

                def query():
                    with other.cursor() as cursor:
                        cursor.execute("SELECT * FROM t")

                error = error_of(query)
            finally:
                other.close()
                holder.close()
        self.assertTrue(database_unreachable(error), repr(error.__cause__))


@with_opt_in_parts
class TestQueryErrorsAnswer500(TestCase):
    """A page or an API endpoint meeting a failed query answers 500 (a bug,
    logged), not the outage page that tells everyone to come back later."""

    @classmethod
    def setUpTestData(cls):
        cls.data = load_week()

    def get(self, path, where):
        error = query_error_of_this_database()
        client = Client(raise_request_exception=False)
        with (
            mock.patch(where, side_effect=error),
            self.assertLogs("django.request", "ERROR"),
        ):
            return client.get(path)

    def test_page(self):
        # The host's own 500 page (persev's: tests/site/test_demo_pages.py).
        response = self.get(
            self.data["campaign"].url, "wagtail.models.Site.find_for_request"
        )
        self.assertEqual(response.status_code, 500)
        self.assertNotIn("Retry-After", response)

    def test_api(self):
        response = self.get(
            api(f"{WEEK_SLUG}/days/{MONDAY}/"),
            "campaign.models.campaign_page.CampaignPageQuerySet.find_public",
        )
        self.assertEqual(response.status_code, 500)
        self.assertNotIn("Retry-After", response)
        self.assertEqual(response["Content-Type"], "application/problem+json")
        self.assertEqual(response.json()["title"], "Erreur interne du serveur")
