"""The files of a backup (home.backup): their names, the manifest's format
and its check, the media archive (written, checked member by member,
extracted) and the error that says, in French, what is wrong with them."""

import hashlib
import json
import tarfile
from pathlib import Path, PurePosixPath

from django.conf import settings

FORMAT = "persev-backup/1"
DUMP_NAME = "base.dump"
MEDIA_NAME = "media.tar.gz"
MANIFEST_NAME = "manifest.json"


class BackupError(Exception):
    """What went wrong, in French, for the person running the command."""


# -- Media ---------------------------------------------------------------------


def media_on_disk():
    """True when media are files under MEDIA_ROOT (not on S3-compatible storage)."""
    backend = settings.STORAGES["default"]["BACKEND"]
    return backend == "django.core.files.storage.FileSystemStorage"


def archive_media(root, target):
    """Every regular file under `root` into the tar.gz `target`; the number of files."""
    root = Path(root)
    count = 0
    with tarfile.open(target, "w:gz") as archive:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_symlink() or not (path.is_file() or path.is_dir()):
                    continue  # links and special files are not media
                archive.add(
                    path, arcname=path.relative_to(root).as_posix(), recursive=False
                )
                count += path.is_file()
    return count


def check_media_members(archive):
    """The members of `archive` if every one is a plain file or folder that
    stays inside the target folder; a BackupError naming the first that
    does not, before anything is extracted."""
    members = archive.getmembers()
    for member in members:
        name = PurePosixPath(member.name)
        if (
            member.name.startswith(("/", "\\"))
            or name.is_absolute()
            or ".." in name.parts
            or ":" in member.name.split("/", 1)[0]  # a Windows drive ("C:")
            or "\\" in member.name
        ):
            raise BackupError(
                f"Archive des médias refusée : « {member.name} » sortirait du "
                "dossier des médias."
            )
        if not (member.isfile() or member.isdir()):
            raise BackupError(
                f"Archive des médias refusée : « {member.name} » n’est ni un "
                "fichier ni un dossier (lien, périphérique…)."
            )
    return members


def extract_media(archive_path, root):
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive_path, "r:gz") as archive:
        members = check_media_members(archive)
        # Python's own "data" filter as well: no absolute path, no link out,
        # no special file, no setuid bit.
        archive.extractall(root, members=members, filter="data")
    return sum(member.isfile() for member in members)


# -- Files of a backup ------------------------------------------------------------


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_manifest(folder):
    folder = Path(folder)
    path = folder / MANIFEST_NAME
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(
            f"{folder} n’est pas une sauvegarde : {MANIFEST_NAME} manque."
        ) from None
    except (OSError, ValueError) as error:
        raise BackupError(f"{path} est illisible ({error}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            f"{path} n’est pas un manifeste {FORMAT} "
            f"(format : {manifest.get('format') if isinstance(manifest, dict) else '?'})."
        )
    missing = [
        key
        for key in ("created_at", "database", "counts", "media", "files")
        if key not in manifest
    ]
    if missing or DUMP_NAME not in manifest["files"]:
        raise BackupError(
            f"{path} est incomplet (manque : {', '.join(missing) or DUMP_NAME})."
        )
    for name, expected in manifest["files"].items():
        file = folder / name
        if not file.is_file():
            raise BackupError(f"Sauvegarde incomplète : {file} manque.")
        if sha256(file) != expected:
            raise BackupError(
                f"Sauvegarde altérée : l’empreinte de {file} ne correspond pas au manifeste."
            )
    return manifest
