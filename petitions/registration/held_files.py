"""Files received with a refused Phụ lục II submission, held under the form's token until the form is accepted."""

from __future__ import annotations

import datetime
import re
import uuid

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.common.text import clean_text
from petitions.models import Attachment, HeldAttachment
from petitions.registration.validators import validate_attachment
from petitions.workflow.services import PetitionError

# A form's token lives this long: the files held under it are deleted by the nightly retention run after that.
HELD_ATTACHMENT_MAX_AGE = datetime.timedelta(days=1)

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def form_token_or_new(value: str | None) -> str:
    """The form's token as posted when well-formed (the page writes 32 hex digits), else a new one."""
    return value if value and TOKEN_PATTERN.fullmatch(value) else uuid.uuid4().hex


def held_attachments_by_row(*, form_token: str) -> dict[int, list[HeldAttachment]]:
    """The files held under `form_token`, by petition row (0 for "Kiến nghị 1")."""
    rows: dict[int, list[HeldAttachment]] = {}
    for held in HeldAttachment.objects.filter(form_token=form_token).order_by("row", "pk"):
        rows.setdefault(held.row, []).append(held)
    return rows


def held_attachment_hold(*, form_token: str, row: int, uploaded) -> HeldAttachment:
    """Keep an uploaded file of petition row `row` under `form_token`, checked by content first (the type a form
    already read is reused). Raises PetitionError for a file that is not an allowed attachment."""
    content_type = getattr(uploaded, "validated_content_type", "")
    if not content_type:
        try:
            content_type = validate_attachment(uploaded)
        except ValidationError as exc:
            raise PetitionError("; ".join(exc.messages)) from exc
    held = HeldAttachment(form_token=form_token, key=uuid.uuid4().hex, row=row, content_type=content_type,
                          original_name=clean_text(uploaded.name or "")[:255] or "tep", size=uploaded.size)
    held.file.save(held.original_name, uploaded, save=False)
    try:
        held.save()
    except Exception:
        default_storage.delete(held.file.name)
        raise
    return held


def held_attachment_remove(*, form_token: str, key: str) -> None:
    """Remove a held file ("Xóa") of this form; its file is deleted once the removal is committed.
    Raises PetitionError when the form holds no such file (already removed, or the token expired)."""
    with transaction.atomic():
        held = HeldAttachment.objects.select_for_update().filter(form_token=form_token, key=key).first()
        if held is None:
            raise PetitionError(_("Tệp này không còn được giữ (đã xóa hoặc đã quá hạn)."))
        name = held.file.name
        held.delete()
        transaction.on_commit(lambda: default_storage.delete(name))


def held_attachment_attach(*, held: HeldAttachment, petition, actor=None) -> Attachment:
    """Copy a held file onto `petition` as an Attachment stored like every other (attachment_path); the held row
    and file go when the caller's transaction commits (held_attachments_release)."""
    attachment = Attachment(petition=petition, original_name=held.original_name, content_type=held.content_type,
                            size=held.size, uploaded_by=actor)
    with held.file.open("rb") as content:
        attachment.file.save(held.original_name, File(content), save=False)
    attachment.save()
    return attachment


def held_attachments_release(*, form_token: str) -> int:
    """Forget every file held under `form_token` (the form was accepted); files deleted after commit."""
    rows = list(HeldAttachment.objects.filter(form_token=form_token))
    names = [held.file.name for held in rows]
    HeldAttachment.objects.filter(pk__in=[held.pk for held in rows]).delete()
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
    return len(rows)


def held_attachments_delete_expired(*, now: datetime.datetime | None = None, dry_run: bool = False) -> int:
    """Delete the files held under tokens older than HELD_ATTACHMENT_MAX_AGE (forms never accepted)."""
    limit = (now or timezone.now()) - HELD_ATTACHMENT_MAX_AGE
    expired = HeldAttachment.objects.filter(created_at__lt=limit)
    count = expired.count()
    if dry_run:
        return count
    for held in expired.order_by("pk").iterator():
        with transaction.atomic():
            name = held.file.name
            held.delete()
            transaction.on_commit(lambda n=name: default_storage.delete(n))
    return count


# ---- For the registration view: the formset's rows and the files held for them ----

def formset_show_held(formset, *, form_token: str | None) -> None:
    """Give each petition row the files held for it under the form's token (listed with a "Xóa" button); None:
    the page held none, no query."""
    held = held_attachments_by_row(form_token=form_token) if form_token else {}
    for row, petition_form in enumerate(formset.forms):
        petition_form.held_files = held.get(row, [])
        if petition_form.held_files:  # a row emptied but holding a file is checked, not skipped as blank
            petition_form.empty_permitted = False


def formset_hold_files(formset, *, form_token: str) -> bool:
    """Hold the files received with a submission that is not accepted (yet), so nobody picks them again; False
    when a file was refused (not a PDF / JPG / PNG / DOCX by content, too big): that one must be picked again."""
    kept = True
    for row, petition_form in enumerate(formset.forms):
        uploaded = petition_form.files.get(petition_form.add_prefix("attachment"))
        if uploaded:
            try:
                held_attachment_hold(form_token=form_token, row=row, uploaded=uploaded)
            except PetitionError:
                kept = False
    return kept
