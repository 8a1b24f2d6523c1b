"""Back up and restore the whole site: its PostgreSQL database and its media.

`manage.py backup_site --output DIR` and `manage.py restore_site DIR` are thin
over `backup()` and `restore()` (README, "Sauvegarde et restauration").

A backup is a folder of three files:

- base.dump: the database, in pg_dump's custom format (compressed; every
  table, sequence, the search configuration and the extension it uses);
- media.tar.gz: every file under MEDIA_ROOT (images and their renditions,
  documents). Left out when media live on S3-compatible storage: the
  bucket is backed up on its side (versioning, replication);
- manifest.json: the format, the date, the database and the versions of
  PostgreSQL and pg_dump, the number of pages, revisions, images,
  documents and establishments, and the SHA-256 of both files.

The database is dumped first, then the media: a file uploaded meanwhile is
in the archive without a row, which is harmless. pg_dump reads one
consistent snapshot: the site can keep running.

Restoring checks both files against the manifest, then replaces the
configured database's content (pg_restore --clean --if-exists --no-owner
--no-privileges, in one transaction: all or nothing), then extracts the
media into MEDIA_ROOT (only plain files and folders under it: an archive
member that would land elsewhere, a link or a device is refused before
anything is written), and empties the site's cache (pages cached for
visitors would show the replaced content). It ends by counting again and
comparing with the manifest.

The files themselves (names, manifest, media archive) are home.backup_files.
"""

import datetime as dt
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import DatabaseError, connections
from django_redis.client.default import glob_escape
from redis.exceptions import RedisError
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from campaign.models import Establishment
from home.backup_files import (
    DUMP_NAME,
    FORMAT,
    MANIFEST_NAME,
    MEDIA_NAME,
    BackupError,
    archive_media,
    check_media_members,
    extract_media,
    media_on_disk,
    read_manifest,
    sha256,
)

__all__ = [
    "DUMP_NAME",
    "FORMAT",
    "MANIFEST_NAME",
    "MEDIA_NAME",
    "BackupError",
    "Result",
    "backup",
    "check_media_members",
    "clear_cache",
    "database_settings",
    "plural",
    "postgres_tool",
    "read_manifest",
    "restore",
    "sha256",
    "site_counts",
]

POSTGRES_ENGINES = {
    "django.db.backends.postgresql",
    "django.contrib.gis.db.backends.postgis",
}


@dataclass
class Result:
    folder: Path
    manifest: dict
    # After a restore: the counts read back from the restored database, and
    # why the cache could not be emptied ("" when it was).
    counts: dict = field(default_factory=dict)
    cache_error: str = ""


def plural(count, word):
    """ "1 fichier", "0 fichier", "3 fichiers" (French: plural from 2)."""
    return f"{count} {word}{'s' if count > 1 else ''}"


def first_line(error):
    """The first line of an exception's message (psycopg's run on)."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


# -- Database ------------------------------------------------------------------


def database_settings(alias="default"):
    """The settings of the database, which must be PostgreSQL."""
    database = connections[alias].settings_dict
    if database["ENGINE"] not in POSTGRES_ENGINES:
        engine = database["ENGINE"].rsplit(".", 1)[-1]
        raise BackupError(
            f"La sauvegarde et la restauration passent par pg_dump et pg_restore : "
            f"elles demandent une base PostgreSQL (base configurée : {engine}). "
            "Réglez DATABASE_URL=postgres://…"
        )
    return database


def postgres_tool(name):
    """The path of pg_dump or pg_restore, or a BackupError saying how to get it."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} est introuvable : installez le client PostgreSQL de la même "
            "version que le serveur (Debian : apt-get install postgresql-client), "
            "ou ajoutez son dossier au PATH."
        )
    return path


def libpq_env(database):
    """The environment that points pg_dump/pg_restore at `database` (no
    password on the command line, where `ps` would show it)."""
    env = dict(os.environ)
    values = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database.get("NAME"),
    }
    options = database.get("OPTIONS") or {}
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ):
        if options.get(option):
            values[variable] = options[option]
    for variable, value in values.items():
        if value not in (None, ""):
            env[variable] = str(value)
        else:
            env.pop(variable, None)
    return env


def _run(args, env, what):
    try:
        result = subprocess.run(  # noqa: S603 - our own arguments, no shell
            args, env=env, capture_output=True, text=True, check=False
        )
    except OSError as error:
        raise BackupError(
            f"{what} : impossible de lancer {args[0]} ({error})."
        ) from None
    if result.returncode != 0:
        details = (result.stderr or result.stdout).strip()
        raise BackupError(f"{what} : échec de {Path(args[0]).name}.\n{details}")
    return result.stdout


def _server_version(alias="default"):
    connection = connections[alias]
    connection.ensure_connection()
    version = connection.pg_version  # e.g. 150020
    return f"{version // 10000}.{version % 10000}"


def site_counts():
    """What a restore must give back, counted."""
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "establishments": Establishment.objects.count(),
        "users": get_user_model().objects.count(),
    }


# -- Backup and restore ------------------------------------------------------------


def backup(output, alias="default"):
    """Write a backup of the site into the folder `output` (created if need be)."""
    database = database_settings(alias)
    pg_dump = postgres_tool("pg_dump")
    output = Path(output)
    existing = [
        name
        for name in (DUMP_NAME, MEDIA_NAME, MANIFEST_NAME)
        if (output / name).exists()
    ]
    if existing:
        raise BackupError(
            f"{output} contient déjà une sauvegarde ({', '.join(existing)}) : "
            "choisissez un dossier vide ou nouveau."
        )
    try:
        counts = site_counts()
        server_version = _server_version(alias)
    except DatabaseError as error:
        raise BackupError(
            f"La base « {database.get('NAME')} » est injoignable ou incomplète "
            f"({first_line(error)})."
        ) from None
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"Impossible de créer {output} ({error}).") from None

    env = libpq_env(database)
    files = {}
    work = Path(tempfile.mkdtemp(prefix=".persev-backup-", dir=output))
    try:
        dump = work / DUMP_NAME
        _run(
            [pg_dump, "--format=custom", "--no-password", f"--file={dump}"],
            env,
            "Sauvegarde de la base",
        )
        files[DUMP_NAME] = dump
        media = {"storage": "disk" if media_on_disk() else "object"}
        if media_on_disk():
            archive = work / MEDIA_NAME
            media["files"] = archive_media(settings.MEDIA_ROOT, archive)
            files[MEDIA_NAME] = archive
        else:
            media["bucket"] = getattr(settings, "AWS_STORAGE_BUCKET_NAME", "")
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": database.get("NAME"),
            "postgresql": server_version,
            "pg_dump": _run([pg_dump, "--version"], env, "pg_dump").strip(),
            "counts": counts,
            "media": media,
            "files": {name: sha256(path) for name, path in files.items()},
        }
        (work / MANIFEST_NAME).write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        # The manifest last: a folder with a manifest holds a whole backup.
        for name in [*files, MANIFEST_NAME]:
            (work / name).replace(output / name)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Result(folder=output, manifest=manifest)


def _restore_list(pg_restore, dump, env, work):
    """pg_restore's table of contents for `dump`, without the comments on
    extensions: only their owner (a superuser) may set them, and the site's
    role usually is not one, while the extension itself (unaccent, trusted)
    is created all the same."""
    toc = _run([pg_restore, "--list", str(dump)], env, "Lecture de la sauvegarde")
    kept = [
        line
        for line in toc.splitlines()
        if not (" COMMENT " in line and " EXTENSION " in line)
    ]
    listing = work / "restore.list"
    listing.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return listing


def restore(source, alias="default", manifest=None):
    """Replace the site's database and media with the backup in `source`
    (`manifest`: its manifest, when already read and checked)."""
    source = Path(source)
    manifest = manifest or read_manifest(source)
    database = database_settings(alias)
    pg_restore = postgres_tool("pg_restore")
    archive = source / MEDIA_NAME
    has_media = MEDIA_NAME in manifest["files"]
    if has_media:
        if not media_on_disk():
            raise BackupError(
                "La sauvegarde contient des médias sur disque, mais le site range les "
                "siens sur un stockage objet (S3) : copiez-y le contenu de "
                f"{MEDIA_NAME} vous-même, ou restaurez sans AWS_STORAGE_BUCKET_NAME."
            )
        with tarfile.open(archive, "r:gz") as opened:
            check_media_members(opened)  # before the database is touched

    env = libpq_env(database)
    # pg_restore drops and recreates the tables: no connection of ours may
    # hold a lock on them meanwhile.
    connections[alias].close()
    work = Path(tempfile.mkdtemp(prefix="persev-restore-"))
    try:
        listing = _restore_list(pg_restore, source / DUMP_NAME, env, work)
        _run(
            [
                pg_restore,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--no-password",
                f"--use-list={listing}",
                f"--dbname={database.get('NAME')}",
                str(source / DUMP_NAME),
            ],
            env,
            "Restauration de la base",
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if has_media:
        extract_media(archive, settings.MEDIA_ROOT)
    cache_error = clear_cache()
    try:
        counts = site_counts()
    except DatabaseError as error:
        raise BackupError(
            f"Base restaurée, mais illisible pour le site ({first_line(error)}) : "
            "lancez python manage.py migrate, puis vérifiez."
        ) from None
    return Result(
        folder=source, manifest=manifest, counts=counts, cache_error=cache_error
    )


def clear_cache():
    """Forget what the shared cache knows of the replaced content: pages
    cached for visitors, Wagtail's site root paths… Only this site's keys:
    with django-redis, those under its KEY_PREFIX (a Redis database may be
    shared with other applications). Returns "" or why it could not."""
    client = getattr(cache, "client", None)
    if client is None or not hasattr(client, "get_client"):
        cache.clear()  # a cache of this site's own (memory, files, table)
        return ""
    # django-redis: "<KEY_PREFIX>:<version>:<key>", whatever the version
    # (Wagtail keeps its site root paths under version 2).
    try:
        redis = client.get_client(write=True)
        pattern = f"{glob_escape(cache.key_prefix)}:*"
        keys = list(redis.scan_iter(match=pattern, count=1000))
        for start in range(0, len(keys), 1000):
            redis.delete(*keys[start : start + 1000])
    except RedisError as error:
        return f"{type(error).__name__}: {error}"
    return ""
