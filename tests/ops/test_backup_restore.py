"""Backup and restore (README, "Sauvegarde et restauration"): `backup_site` then
`restore_site` into a fresh, empty database and an empty media folder give
back every page, revision, establishment, image and document, and every media
file byte for byte; the restored site serves its days.

BackupRestoreTests runs the commands as an operator would (subprocesses,
production settings) against throwaway databases on the suite's PostgreSQL
server: it runs when the suite runs on PostgreSQL (DATABASE_URL=postgres://…,
CI's second pass) and pg_dump and pg_restore are installed; skipped with a
message otherwise. The refusals (no PostgreSQL, no pg_dump, an archive that
would write outside the media folder, an altered backup) need neither and
always run.
"""

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
import unittest
import uuid
from pathlib import Path
from unittest import mock

import redis
from django.test import SimpleTestCase

from home import backup
from tests.ops import processes

REDIS_URL = processes.REDIS_URL

# A small day of content besides the demo: an image (a real PNG) and its
# rendition, a document, a draft revision and a scheduled one.
ADD_MEDIA_AND_REVISIONS = """
import datetime as dt
from io import BytesIO
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from campaign.models import CampaignDayPage

buffer = BytesIO()
PILImage.new("RGB", (64, 48), (0, 85, 164)).save(buffer, "PNG")
image = get_image_model()(title="Affiche de la semaine")
image.file = ImageFile(BytesIO(buffer.getvalue()), name="affiche-semaine.png")
image.save()
image.get_rendition("fill-32x24")
document = get_document_model()(title="Programme de la semaine")
document.file = ContentFile("Programme : lundi, mardi…".encode(), name="programme.txt")
document.save()

days = list(CampaignDayPage.objects.live().order_by("date"))
draft = days[0]
draft.title = draft.title + " (brouillon)"
draft.save_revision()
scheduled = CampaignDayPage.objects.get(pk=days[1].pk)
scheduled.go_live_at = timezone.now() + dt.timedelta(days=30)
scheduled.save_revision().publish()
print(json.dumps({"image": image.file.name}))
"""

# Everything a restore must give back, read from the database, plus the
# first live day as the site serves it.
SNAPSHOT = """
import hashlib
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site
from campaign.models import CampaignDayPage, Establishment

def digest(value):
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()

def rows(queryset):
    return [list(map(str, row)) for row in queryset.order_by("pk").values_list()]

pages = [
    [p.pk, p.path, p.url_path, p.live, p.title, p.slug, p.content_type.model,
     p.live_revision_id, p.latest_revision_id, p.has_unpublished_changes,
     str(p.go_live_at), str(p.first_published_at)]
    for p in Page.objects.order_by("pk")
]
revisions = [
    [r.pk, r.object_id, r.content_type_id, str(r.created_at), str(r.approved_go_live_at),
     r.user_id, digest(r.content)]
    for r in Revision.objects.order_by("pk")
]
Image = get_image_model()
day = CampaignDayPage.objects.live().order_by("date").first()
answer = Client().get(day.get_url())
print(json.dumps({
    "pages": pages,
    "revisions": revisions,
    "establishments": rows(Establishment.objects.all()),
    "images": rows(Image.objects.all()),
    "renditions": rows(Image.get_rendition_model().objects.all()),
    "documents": rows(get_document_model().objects.all()),
    "users": rows(get_user_model().objects.all()),
    "sites": rows(Site.objects.all()),
    "day": [day.get_url(), answer.status_code, answer.content.decode()],
}))
"""


def media_files(root):
    """{relative path: SHA-256} of every file under `root`."""
    root = Path(root)
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def skip_reason():
    if not processes.SharedPostgres.in_use():
        return (
            "Sauvegarde et restauration non testées : ce test demande PostgreSQL "
            "(lancez la suite avec DATABASE_URL=postgres://…)."
        )
    missing = [tool for tool in ("pg_dump", "pg_restore") if not shutil.which(tool)]
    if missing:
        return (
            f"Sauvegarde et restauration non testées : {', '.join(missing)} "
            "introuvable (apt-get install postgresql-client)."
        )
    return ""


class BackupRestoreTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        reason = skip_reason()
        if reason:
            raise unittest.SkipTest(reason)
        cls.work = Path(tempfile.mkdtemp(prefix="persev-backup-test-"))
        cls.addClassCleanup(shutil.rmtree, cls.work, ignore_errors=True)
        server = processes.SharedPostgres()
        source, target = (
            processes.unique_name("persev_ops_source"),
            processes.unique_name("persev_ops_restored"),
        )
        cls.source_env = processes.server_env(
            cls.work / "source", server.create(source)
        )
        cls.addClassCleanup(server.drop, source)
        # The fresh database: created, empty (not even migrated). With Redis,
        # the restored site's cache is there, with keys to be emptied.
        cache = {}
        if processes.redis_reachable(REDIS_URL):
            cls.key_prefix = f"persev-ops-{uuid.uuid4().hex[:12]}"
            cls.addClassCleanup(processes.delete_redis_keys, REDIS_URL, cls.key_prefix)
            cache = {"REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": cls.key_prefix}
        cls.target_env = processes.server_env(
            cls.work / "target", server.create(target), **cache
        )
        cls.addClassCleanup(server.drop, target)
        processes.prepare_site(cls.source_env)
        cls.image = processes.run_python(cls.source_env, ADD_MEDIA_AND_REVISIONS)[
            "image"
        ]

    def test_restore_into_a_fresh_database_gives_everything_back(self):
        folder = self.work / "sauvegarde"
        made = processes.manage(self.source_env, "backup_site", "--output", str(folder))
        self.assertIn("Sauvegarde terminée", made.stdout)
        self.assertEqual(
            sorted(path.name for path in folder.iterdir()),
            ["base.dump", "manifest.json", "media.tar.gz"],
        )
        source_media = media_files(self.work / "source" / "media")
        self.assertIn(self.image, source_media)
        self.assertGreaterEqual(len(source_media), 3)  # image, rendition, document
        self.assertEqual(media_files(self.work / "target" / "media"), {})

        if "REDIS_URL" in self.target_env:
            client = redis.Redis.from_url(REDIS_URL)
            stale = [
                f"{self.key_prefix}:1:page",
                f"{self.key_prefix}:2:site_root_paths",
            ]
            other = f"{self.key_prefix}-autre-application:1:garde"
            self.addCleanup(client.delete, other)
            for key in [*stale, other]:
                client.set(key, b"x", ex=600)

        restored = processes.manage(
            self.target_env, "restore_site", str(folder), "--noinput"
        )
        self.assertIn("Restauration terminée", restored.stdout)
        self.assertIn("Cache du site vidé.", restored.stdout)
        if "REDIS_URL" in self.target_env:
            # The site's keys are gone, whatever their version; not the others.
            self.assertEqual(client.exists(*stale), 0)
            self.assertEqual(client.exists(other), 1)
        self.assertIn("comme dans la sauvegarde", restored.stdout)

        before = processes.run_python(self.source_env, SNAPSHOT)
        after = processes.run_python(self.target_env, SNAPSHOT)
        for key in before:
            with self.subTest(key):
                self.assertEqual(after[key], before[key])
        self.assertGreaterEqual(len(after["pages"]), 7)
        self.assertEqual(len(after["images"]), 1)
        self.assertEqual(len(after["documents"]), 1)
        scheduled = [r for r in after["revisions"] if r[4] != "None"]
        self.assertEqual(len(scheduled), 1, "the scheduled revision is kept")
        self.assertEqual(after["day"][1], 200)
        self.assertEqual(
            media_files(self.work / "target" / "media"), source_media, "media"
        )

    def test_a_folder_holding_a_backup_is_not_overwritten(self):
        folder = self.work / "deja-utilise"
        folder.mkdir()
        (folder / "manifest.json").write_text("{}", encoding="utf-8")
        result = processes.manage(
            self.source_env, "backup_site", "--output", str(folder), check=False
        )
        self.assertEqual(result.returncode, 1)
        self.assertIn("contient déjà une sauvegarde", result.stderr)
        self.assertNotIn("Traceback", result.stderr)


class BackupRefusalTests(SimpleTestCase):
    """What the commands refuse, with a French message and no traceback."""

    def setUp(self):
        self.work = Path(tempfile.mkdtemp(prefix="persev-backup-refusal-"))
        self.addCleanup(shutil.rmtree, self.work, ignore_errors=True)

    def test_backup_of_an_sqlite_site_is_refused(self):
        env = processes.server_env(self.work, f"sqlite:///{self.work / 'db.sqlite3'}")
        result = processes.manage(
            env, "backup_site", "--output", str(self.work / "b"), check=False
        )
        self.assertEqual(result.returncode, 1)
        self.assertIn(
            "demandent une base PostgreSQL (base configurée : sqlite3)", result.stderr
        )
        self.assertNotIn("Traceback", result.stderr)
        self.assertFalse((self.work / "b").exists())

    def test_backup_of_an_unreachable_database_is_explained(self):
        env = processes.server_env(
            self.work, "postgres://postgres@127.0.0.1:1/injoignable"
        )
        result = processes.manage(
            env, "backup_site", "--output", str(self.work / "b"), check=False
        )
        self.assertEqual(result.returncode, 1)
        self.assertIn("La base « injoignable » est injoignable", result.stderr)
        self.assertNotIn("Traceback", result.stderr)
        self.assertFalse((self.work / "b").exists())

    def test_missing_pg_dump_is_explained(self):
        with mock.patch("home.backup.shutil.which", return_value=None):
            with self.assertRaisesMessage(
                backup.BackupError, "pg_dump est introuvable"
            ):
                backup.postgres_tool("pg_dump")

    def make_backup(self, members):
        """A backup folder whose media archive holds `members` (TarInfo, bytes)."""
        folder = self.work / "sauvegarde"
        folder.mkdir()
        (folder / backup.DUMP_NAME).write_bytes(b"PGDMP")
        with tarfile.open(folder / backup.MEDIA_NAME, "w:gz") as archive:
            for info, content in members:
                archive.addfile(info, io.BytesIO(content) if content else None)
        manifest = {
            "format": backup.FORMAT,
            "created_at": "2026-11-23T12:00:00+00:00",
            "database": "persev",
            "counts": {"pages": 7},
            "media": {"storage": "disk", "files": len(members)},
            "files": {
                name: backup.sha256(folder / name)
                for name in (backup.DUMP_NAME, backup.MEDIA_NAME)
            },
        }
        (folder / backup.MANIFEST_NAME).write_text(
            json.dumps(manifest), encoding="utf-8"
        )
        return folder

    @staticmethod
    def member(name, content=b"", kind=tarfile.REGTYPE, target=""):
        info = tarfile.TarInfo(name)
        info.type = kind
        info.size = len(content)
        info.linkname = target
        return info, content

    def test_an_archive_writing_outside_the_media_folder_is_refused(self):
        for name in ("../en-dehors.txt", "images/../../en-dehors.txt", "/etc/cron.d/x"):
            with self.subTest(name):
                shutil.rmtree(self.work / "sauvegarde", ignore_errors=True)
                folder = self.make_backup(
                    [self.member("images/ok.png", b"png"), self.member(name, b"x")]
                )
                with tarfile.open(folder / backup.MEDIA_NAME) as archive:
                    with self.assertRaisesMessage(
                        backup.BackupError, "sortirait du dossier des médias"
                    ):
                        backup.check_media_members(archive)

    def test_links_and_devices_in_the_archive_are_refused(self):
        for kind, target in (
            (tarfile.SYMTYPE, "/etc/passwd"),
            (tarfile.LNKTYPE, "images/ok.png"),
            (tarfile.CHRTYPE, ""),
        ):
            with self.subTest(kind=kind):
                shutil.rmtree(self.work / "sauvegarde", ignore_errors=True)
                folder = self.make_backup(
                    [
                        self.member("images/ok.png", b"png"),
                        self.member("images/lien", kind=kind, target=target),
                    ]
                )
                with tarfile.open(folder / backup.MEDIA_NAME) as archive:
                    with self.assertRaisesMessage(
                        backup.BackupError, "n’est ni un fichier ni un dossier"
                    ):
                        backup.check_media_members(archive)

    def test_restore_refuses_an_unsafe_archive_before_touching_the_database(self):
        folder = self.make_backup([self.member("../../en-dehors.txt", b"x")])
        env = processes.server_env(
            self.work / "site", "postgres://postgres@127.0.0.1:1/jamais-touchee"
        )
        result = processes.manage(
            env, "restore_site", str(folder), "--noinput", check=False
        )
        self.assertEqual(result.returncode, 1, result.stdout)
        self.assertIn("sortirait du dossier des médias", result.stderr)
        self.assertNotIn("Traceback", result.stderr)
        self.assertFalse((self.work / "en-dehors.txt").exists())

    def test_an_altered_backup_is_refused(self):
        folder = self.make_backup([self.member("images/ok.png", b"png")])
        (folder / backup.DUMP_NAME).write_bytes(b"PGDMP altered")
        with self.assertRaisesMessage(backup.BackupError, "Sauvegarde altérée"):
            backup.read_manifest(folder)

    def test_a_folder_without_manifest_is_not_a_backup(self):
        with self.assertRaisesMessage(backup.BackupError, "manifest.json manque"):
            backup.read_manifest(self.work)
