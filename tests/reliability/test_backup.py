"""make backup / make restore: an archive restored into a fresh database holds every row and uploaded file."""

import sqlite3
import tarfile
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from conferences.models import ConferenceEvent
from conferences.ops.backup import BackupError, backup_restore
from petitions.models import Attachment, PetitionEvent
from tests.factories import PetitionFactory, RegistrationFactory

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def fresh_database(tmp_path):
    """Settings of an empty database of the same engine: a throwaway PostgreSQL database, dropped afterwards,
    or a new SQLite file."""
    db = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        db["NAME"] = str(tmp_path / "restored.sqlite3")
        yield db, lambda sql: sqlite3.connect(db["NAME"]).execute(sql).fetchall()
        return
    import psycopg

    name = f"dp_restore_{uuid.uuid4().hex[:10]}"
    params = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"],
              "password": db["PASSWORD"] or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    db["NAME"] = name

    def query(sql):
        with psycopg.connect(dbname=name, **params) as conn:
            return conn.execute(sql).fetchall()

    try:
        yield db, query
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restores_into_a_fresh_database_with_every_row_and_file(media_root, fresh_database, tmp_path):
    registrations = RegistrationFactory.create_batch(3)
    conference = registrations[0].conference
    ConferenceEvent.objects.create(conference=conference, to_status=conference.status, note="Khởi tạo")
    petitions = PetitionFactory.create_batch(2, body=conference.body, content="Đề nghị rút ngắn thời gian")
    PetitionEvent.objects.create(petition=petitions[0], to_status=petitions[0].status, note="Tiếp nhận")
    attachment = Attachment(petition=petitions[0], original_name="đơn kiến nghị.pdf", size=9)
    attachment.file.save("don.pdf", ContentFile(b"%PDF-1.4\n"), save=True)

    backups = tmp_path / "backups"
    call_command("backup", directory=str(backups))
    archives = list(backups.glob("backup-*.tar.gz"))
    assert len(archives) == 1
    with tarfile.open(archives[0]) as tar:
        assert f"media/{attachment.file.name}" in tar.getnames()

    target_db, query = fresh_database
    restored_media = tmp_path / "restored-media"
    manifest = backup_restore(archive=archives[0], database=target_db, media_root=restored_media)

    assert manifest["engine"] == ("sqlite" if connection.vendor == "sqlite" else "postgresql")
    assert sorted(row[0] for row in query("SELECT tax_code FROM conferences_registration")) == sorted(
        r.tax_code for r in registrations)
    assert sorted(row[0] for row in query("SELECT code FROM petitions_petition")) == sorted(
        p.code for p in petitions)
    assert query("SELECT original_name, file FROM petitions_attachment") == [
        ("đơn kiến nghị.pdf", attachment.file.name)]
    assert query("SELECT note FROM petitions_petitionevent WHERE note = 'Tiếp nhận'") == [("Tiếp nhận",)]
    assert query("SELECT note FROM conferences_conferenceevent WHERE note = 'Khởi tạo'") == [("Khởi tạo",)]
    assert (restored_media / attachment.file.name).read_bytes() == b"%PDF-1.4\n"


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        tar.add(__file__, arcname="x.py")
    with pytest.raises(BackupError):
        backup_restore(archive=bogus, database={"ENGINE": "django.db.backends.sqlite3",
                                                "NAME": str(tmp_path / "x.sqlite3")})
