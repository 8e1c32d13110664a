"""Issue 20 item 11: archives are checked by their declared sizes and ratios before being read: a .docx
attachment, the Excel import (staff form and admin import-export) and a backup archive."""

import io
import tarfile
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conferences.common.archives import ArchiveTooLarge, zip_check
from conferences.common.import_export_formats import TextXLSX
from conferences.ops.backup import MANIFEST, BackupError, backup_restore
from petitions.registration.imports import ImportFileError, parse, template_xlsx
from petitions.registration.validators import validate_attachment

CHUNK = b"\0" * (1024 * 1024)


def bomb(parts: dict[str, int], *, extra: dict[str, bytes] | None = None) -> bytes:
    """A zip whose parts expand to the given sizes in bytes (zeros), written in chunks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
        for name, size in parts.items():
            with archive.open(name, "w", force_zip64=True) as part:
                for _ in range(size // len(CHUNK)):
                    part.write(CHUNK)
    return buffer.getvalue()


DOCX_PARTS = {"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships/>"}


@pytest.fixture(scope="module")
def docx_bomb():
    """A .docx of about 1 MB whose word/document.xml expands to 1 GB."""
    content = bomb({"word/document.xml": 1024**3}, extra=DOCX_PARTS)
    assert len(content) < 2 * 1024 * 1024
    return content


def test_a_docx_expanding_to_a_gigabyte_is_refused(docx_bomb, settings):
    settings.PETITION_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    with pytest.raises(ValidationError) as info:
        validate_attachment(SimpleUploadedFile("kien-nghi.docx", docx_bomb))
    assert info.value.code == "file_type"


def test_a_part_with_an_extreme_ratio_is_refused_a_real_docx_is_accepted():
    with pytest.raises(ArchiveTooLarge):
        zip_check(io.BytesIO(bomb({"word/document.xml": 20 * 1024 * 1024}, extra=DOCX_PARTS)))
    normal = io.BytesIO()
    with zipfile.ZipFile(normal, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in DOCX_PARTS.items():
            archive.writestr(name, content)
        archive.writestr("word/document.xml", "<w:document>" + "Thủ tục kéo dài. " * 20000 + "</w:document>")
    assert validate_attachment(SimpleUploadedFile("kien-nghi.docx", normal.getvalue())).endswith("document")


def test_an_xlsx_bomb_is_refused_by_the_staff_import_and_the_admin_import(docx_bomb):
    xlsx_bomb = bomb({"xl/worksheets/sheet1.xml": 200 * 1024 * 1024}, extra={
        "[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    with pytest.raises(ImportFileError):
        parse(xlsx_bomb, conference=None, conferences=None)
    with pytest.raises(ArchiveTooLarge):
        TextXLSX().create_dataset(xlsx_bomb)
    assert TextXLSX().create_dataset(template_xlsx()).headers  # the template still reads


def test_a_backup_declaring_more_than_it_may_unpack_is_refused(tmp_path):
    archive = tmp_path / "backup.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        manifest = b"{}"
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
        info = tarfile.TarInfo("media/zeros.bin")
        info.size = 300 * 1024 * 1024

        class Zeros(io.RawIOBase):
            left = info.size

            def readable(self):
                return True

            def readinto(self, view):
                n = min(len(view), self.left)
                view[:n] = b"\0" * n
                self.left -= n
                return n

        tar.addfile(info, io.BufferedReader(Zeros()))
    assert archive.stat().st_size < 1024 * 1024
    with pytest.raises(BackupError, match="expands too much"):
        backup_restore(archive=archive, database={"ENGINE": "django.db.backends.sqlite3", "NAME": ""},
                       media_root=tmp_path / "media")
    assert not (tmp_path / "media").exists()
