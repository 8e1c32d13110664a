"""Archive checks before anything is read from a zip (docx, xlsx) or tar file: a small upload that expands to
gigabytes (a decompression bomb) is refused by its declared sizes, before a byte is inflated."""

from __future__ import annotations

import tarfile
import zipfile

# An OOXML document of this portal (a petition's .docx, an import's .xlsx) stays far below these.
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024   # all parts together
MAX_PART_BYTES = 50 * 1024 * 1024            # one part (word/document.xml, a worksheet)
MAX_RATIO = 100                              # uncompressed / compressed, per part (XML compresses ~10–20×)
MAX_MEMBERS = 2000
_SMALL_PART = 1024 * 1024                    # parts under 1 MB may compress as well as they like


class ArchiveTooLarge(ValueError):
    """The archive would expand beyond the limits; the message names the part (English: for logs)."""


def zip_check(source, *, max_total: int = MAX_UNCOMPRESSED_BYTES, max_part: int = MAX_PART_BYTES,
              max_ratio: int = MAX_RATIO) -> None:
    """Check a zip's declared sizes (`source`: a path, a file object or a ZipFile); raises ArchiveTooLarge.

    Also raises zipfile.BadZipFile for a file that is not a zip. The declared sizes are what the reader
    will inflate to: zipfile stops at a member's declared size, so a lying header cannot expand further.
    """
    archive = source if isinstance(source, zipfile.ZipFile) else zipfile.ZipFile(source)
    try:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise ArchiveTooLarge(f"{len(members)} members")
        total = 0
        for member in members:
            total += member.file_size
            if member.file_size > max_part:
                raise ArchiveTooLarge(f"{member.filename}: {member.file_size} bytes")
            if member.file_size > _SMALL_PART and member.file_size > max_ratio * max(member.compress_size, 1):
                raise ArchiveTooLarge(f"{member.filename}: ratio {member.file_size // max(member.compress_size, 1)}")
            if total > max_total:
                raise ArchiveTooLarge(f"{total} bytes in all")
    finally:
        if archive is not source:
            archive.close()


def tar_check(tar: tarfile.TarFile, *, max_total: int) -> None:
    """Check a tar's declared member sizes add up to at most `max_total`; raises ArchiveTooLarge."""
    total = 0
    for member in tar.getmembers():
        total += max(member.size, 0)
        if total > max_total:
            raise ArchiveTooLarge(f"{total} bytes in all (limit {max_total})")
