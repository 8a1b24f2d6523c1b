"""campaign/migrations/0007 (and 0009, which fills the sort name): the stored match keys read "St"/"Ste" as
"Saint"/"Sainte"; two establishments already stored under both spellings
are left apart (reported), never merged."""

from io import StringIO
from unittest import mock

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

BEFORE = [("campaign", "0006_search_fr_unaccent")]
AFTER = [("campaign", "0007_establishment_saint_abbreviations")]


class TestSaintAbbreviations(TransactionTestCase):
    serialized_rollback = True

    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def tearDown(self):
        self.migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
        super().tearDown()

    def test_keys_recomputed_duplicates_left_apart(self):
        apps = self.migrate(BEFORE)
        Establishment = apps.get_model("campaign", "Establishment")

        def create(name, town, key):
            return Establishment.objects.create(
                name=name, town=town, department="87", match_key=key
            ).pk

        first = create(
            "Collège Bernard Palissy",
            "St Léonard-de-Noblat",
            "college bernard palissy|st leonard de noblat",
        )
        second = create(
            "college bernard palissy",
            "Saint-Léonard-de-Noblat",
            "college bernard palissy|saint leonard de noblat",
        )
        alone = create("Lycée St-Joseph", "Limoges", "lycee st joseph|limoges")

        with mock.patch("sys.stdout", new_callable=StringIO) as out:
            apps = self.migrate(AFTER)
        keys = dict(
            apps.get_model("campaign", "Establishment").objects.values_list(
                "pk", "match_key"
            )
        )
        self.assertEqual(keys[alone], "lycee saint joseph|limoges")
        # The pair: the one already spelt "Saint" keeps its key; the other
        # keeps its own (the unique key forbids two equal ones), reported.
        self.assertEqual(
            keys[second], "college bernard palissy|saint leonard de noblat"
        )
        self.assertEqual(keys[first], "college bernard palissy|st leonard de noblat")
        self.assertIn("à fusionner à la main", out.getvalue())

        # 0009 then fills the folded name the list sorts on.
        apps = self.migrate([("campaign", "0009_establishment_sort_name")])
        sort_names = dict(
            apps.get_model("campaign", "Establishment").objects.values_list(
                "pk", "sort_name"
            )
        )
        self.assertEqual(sort_names[alone], "lycee saint joseph")
        self.assertEqual(sort_names[second], "college bernard palissy")
