"""Backups: the database (pg_dump -Fc, or SQLite's online backup API) and the media directory in one archive."""

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

from conferences.common.archives import ArchiveTooLarge, tar_check

DATABASE_DUMP = "database.dump"  # PostgreSQL custom format (pg_restore)
DATABASE_SQLITE = "database.sqlite3"
MEDIA_PREFIX = "media"
MANIFEST = "manifest.json"
# A restore unpacks into a temporary directory: at most this many bytes, and at most UNPACK_RATIO times the
# archive's own size (a database dump and attachments compress a few times, a decompression bomb thousands).
UNPACK_RATIO = 50
UNPACK_FLOOR_BYTES = 256 * 1024 * 1024


class BackupError(Exception):
    """A backup or restore could not be made; the message says which step failed."""


def _pg_env_args(db: dict) -> tuple[dict, list[str]]:
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    return env, args


def _run(command: list[str], env: dict) -> None:
    # A fixed program (pg_dump / pg_restore) with an argument list from the settings: no shell, nothing typed
    # by a user.
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603  # nosec B603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def _dump_database(alias: str, workdir: Path) -> tuple[str, Path]:
    connection = connections[alias]
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        target = workdir / DATABASE_DUMP
        env, args = _pg_env_args(db)
        _run(["pg_dump", "-Fc", "--no-owner", "--no-privileges", *args, "-f", str(target), db["NAME"]], env)
        return "postgresql", target
    if connection.vendor == "sqlite":
        # The online backup API copies a consistent snapshot even while the site keeps writing.
        target = workdir / DATABASE_SQLITE
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return "sqlite", target
    raise BackupError(f"unsupported database vendor: {connection.vendor}")


def backup_create(*, directory: Path | None = None, alias: str = "default", media_root: Path | None = None) -> Path:
    """Write var/backups/backup-<UTC time>.tar.gz holding the database and the media files; returns its path.

    Raises BackupError when pg_dump fails or the database vendor is not supported.
    """
    directory = Path(directory or Path(settings.BASE_DIR) / "var" / "backups")
    media_root = Path(media_root or settings.MEDIA_ROOT)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    archive = directory / f"backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as tmp:
        engine, dump = _dump_database(alias, Path(tmp))
        manifest = {"engine": engine, "database_file": dump.name, "created_at": stamp,
                    "media": media_root.is_dir()}
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=dump.name)
            if media_root.is_dir():
                tar.add(media_root, arcname=MEDIA_PREFIX)
        # Only a complete archive carries the final name.
        partial.rename(archive)
    return archive


def _safe_extract(tar: tarfile.TarFile, destination: Path) -> None:
    """Extract only regular files and directories that land inside `destination`: an archive naming
    "../somewhere", an absolute path, a link or a device is refused (Python's "data" filter does the same from
    3.11.4; Debian 12 ships 3.11.2, so the check is made here too)."""
    root = destination.resolve()
    for member in tar.getmembers():
        target = (root / member.name).resolve()
        if not (member.isfile() or member.isdir()) or not target.is_relative_to(root):
            raise BackupError(f"refusing archive member {member.name!r}: not a plain file inside the archive")
    extract = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
    # Every member was checked above.
    tar.extractall(destination, **extract)  # noqa: S202  # nosec B202


def backup_restore(*, archive: Path, alias: str = "default", database: dict | None = None,
                   media_root: Path | None = None) -> dict:
    """Restore an archive of backup_create into the database (settings of `alias`, or the `database` settings
    dict given) and the media directory; returns the manifest. Existing tables are replaced.

    Raises BackupError when the archive is incomplete, of another engine, or pg_restore fails.
    """
    db = dict(database or connections[alias].settings_dict)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive, "r:gz") as tar:
        # The unpacked archive goes to a temporary directory: refuse one declaring more than it may hold.
        try:
            tar_check(tar, max_total=min(
                getattr(settings, "BACKUP_MAX_UNPACKED_BYTES", 50 * 1024**3),
                max(UNPACK_FLOOR_BYTES, UNPACK_RATIO * Path(archive).stat().st_size)))
        except ArchiveTooLarge as exc:
            raise BackupError(f"{archive} expands too much: {exc}") from None
        names = set(tar.getnames())
        if MANIFEST not in names:
            raise BackupError(f"{archive} is not a backup of this portal (no {MANIFEST})")
        _safe_extract(tar, Path(tmp))
        manifest = json.loads((Path(tmp) / MANIFEST).read_text())
        dump = Path(tmp) / manifest["database_file"]
        engine = db["ENGINE"].rsplit(".", 1)[-1]
        if manifest["engine"] == "postgresql" and engine.startswith("postgres"):
            env, args = _pg_env_args(db)
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--exit-on-error",
                  "--single-transaction", *args, "-d", db["NAME"], str(dump)], env)
        elif manifest["engine"] == "sqlite" and engine == "sqlite3":
            source = sqlite3.connect(dump)
            destination = sqlite3.connect(db["NAME"])
            try:
                source.backup(destination)
            finally:
                source.close()
                destination.close()
        else:
            raise BackupError(f"the archive holds a {manifest['engine']} database, the target is {engine}")
        restored_media = Path(tmp) / MEDIA_PREFIX
        if restored_media.is_dir():
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(restored_media, media_root, dirs_exist_ok=True)
    return manifest
