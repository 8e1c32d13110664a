"""Validators of the Phụ lục II attachments (phone numbers and identifiers: conferences.common.identifiers)."""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from conferences.common.archives import zip_check

# Allowed attachment types: detected from the first bytes of the content, never from the file name.
ATTACHMENT_TYPES = {
    "pdf": ("application/pdf", (".pdf",)),
    "jpeg": ("image/jpeg", (".jpg", ".jpeg")),
    "png": ("image/png", (".png",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
}


# The extension a downloaded file gets, from the kind read from its content (never the uploader's name).
ATTACHMENT_EXTENSIONS = {"pdf": "pdf", "jpeg": "jpg", "png": "png", "docx": "docx"}


def extension_for_content_type(content_type: str) -> str | None:
    """The extension of an allowed attachment MIME type ("application/pdf" → "pdf"), or None."""
    for kind, (mime, _extensions) in ATTACHMENT_TYPES.items():
        if mime == content_type:
            return ATTACHMENT_EXTENSIONS[kind]
    return None


def attachment_count_errors(counts: list[int], *, submission: bool = True) -> list[ValidationError]:
    """The count limits, given the number of files of each petition of one submission:
    PETITION_ATTACHMENT_MAX_PER_PETITION per petition and, with `submission`, PETITION_ATTACHMENT_MAX_PER_SUBMISSION
    in all."""
    errors = []
    per_petition, per_submission = (settings.PETITION_ATTACHMENT_MAX_PER_PETITION,
                                    settings.PETITION_ATTACHMENT_MAX_PER_SUBMISSION)
    if any(count > per_petition for count in counts):
        errors.append(ValidationError(
            _("Mỗi kiến nghị có tối đa %(limit)s tệp đính kèm."), params={"limit": per_petition},
            code="too_many_files"))
    if submission and sum(counts) > per_submission:
        errors.append(ValidationError(
            _("Tối đa %(limit)s tệp đính kèm trong một lần gửi (bạn đã chọn %(count)s tệp). Hãy bỏ bớt tệp rồi "
              "gửi lại."), params={"limit": per_submission, "count": sum(counts)}, code="too_many_files"))
    return errors


def sniff_type(uploaded) -> str | None:
    """The attachment kind ("pdf", "jpeg", "png", "docx") read from the file's content, or None."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                zip_check(archive)  # a bomb is not a document: refused before any part is read
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):  # ArchiveTooLarge is a ValueError
            return None
        finally:
            uploaded.seek(0)
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return "docx"
    return None


def validate_attachment(uploaded) -> str:
    """Check an uploaded file's size (PETITION_ATTACHMENT_MAX_BYTES) and content type; return its MIME type.

    Raises ValidationError when it is too big, or not a PDF / JPG / PNG / DOCX by content, or when its name's
    extension does not match its content (a disguised file).
    """
    limit = settings.PETITION_ATTACHMENT_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s); dung lượng tối đa là %(limit)s."),
            params={"name": uploaded.name, "size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
            code="too_big")
    kind = sniff_type(uploaded)
    name = (uploaded.name or "").lower()
    if kind is None or not name.endswith(ATTACHMENT_TYPES[kind][1]):
        raise ValidationError(
            _("Tệp “%(name)s” không phải tệp PDF, JPG, PNG hoặc DOCX hợp lệ (nội dung tệp không khớp với loại "
              "tệp)."), params={"name": uploaded.name}, code="file_type")
    return ATTACHMENT_TYPES[kind][0]
