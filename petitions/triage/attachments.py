"""Petition attachments for staff: the admin upload form (same checks as the public form) and the download view.

Attachments are personal data: they are never served from MEDIA_URL. The only way to read one is
`attachment_download`, for staff who may see the petition (same body; a unit handler only its unit's
petitions), under a name the server chooses from the petition code and the type read from the content.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from conferences.audit.services import AuditAction, audit_record
from conferences.common.text import clean_text
from petitions.models import Attachment
from petitions.registration.validators import (
    ATTACHMENT_EXTENSIONS,
    ATTACHMENT_TYPES,
    attachment_count_errors,
    sniff_type,
    validate_attachment,
)
from petitions.workflow import selectors

DOWNLOAD_URL_NAME = "admin:petitions_attachment_download"


class UploadOnlyFileInput(forms.ClearableFileInput):
    """A file input for new rows only: a stored file is never linked (its MEDIA_URL is not served) nor
    replaceable; the inline shows a link to the download view instead. `read_only` makes the admin render
    this widget for read-only rows too, instead of its default link to the file's URL."""

    read_only = True

    def render(self, name, value, attrs=None, renderer=None):
        if value and getattr(value, "name", None):
            return SafeString("")
        return super().render(name, value, attrs, renderer)


class AttachmentAdminForm(forms.ModelForm):
    """An attachment uploaded by staff: size and type checked from the content like the public form's, the
    type and the name taken from that check (the browser's claim is ignored)."""

    class Meta:
        model = Attachment
        fields = ("file",)
        widgets = {"file": UploadOnlyFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A stored attachment is kept or deleted, never overwritten (a forged upload is ignored).
            self.fields["file"].disabled = True
            self.fields["file"].required = False

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if isinstance(uploaded, UploadedFile):
            self.instance.content_type = validate_attachment(uploaded)
            self.instance.original_name = clean_text(uploaded.name or "")[:255]
            self.instance.size = uploaded.size
        return uploaded


class AttachmentInlineFormSet(forms.BaseInlineFormSet):
    """At most PETITION_ATTACHMENT_MAX_PER_PETITION attachments kept on a petition."""

    def clean(self):
        super().clean()
        kept = 0
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or self._should_delete_form(form):
                continue
            if form.instance.pk or form.cleaned_data.get("file"):
                kept += 1
        errors = attachment_count_errors([kept], submission=False)
        if errors:
            raise ValidationError(errors[0].messages[0] + " " + str(
                _("Hãy xóa bớt tệp cũ hoặc bỏ bớt tệp mới.")))


def _position(attachment: Attachment) -> int:
    """1 for a petition's first attachment, 2 for the second… (by upload order)."""
    return Attachment.objects.filter(petition_id=attachment.petition_id).filter(
        Q(uploaded_at__lt=attachment.uploaded_at) | Q(uploaded_at=attachment.uploaded_at, pk__lt=attachment.pk)
    ).count() + 1


def download_name_and_type(attachment: Attachment, handle) -> tuple[str, str]:
    """("<petition code>-<n>.<ext>", MIME type) with the type read from the stored content; a file that is
    not one of the allowed types (an old upload that was never checked) is offered as opaque bytes."""
    kind = sniff_type(handle)
    position = _position(attachment)
    if kind is None:
        return f"{attachment.petition.code}-{position}.bin", "application/octet-stream"
    return f"{attachment.petition.code}-{position}.{ATTACHMENT_EXTENSIONS[kind]}", ATTACHMENT_TYPES[kind][0]


def attachment_download(request, pk: int):
    """Send one attachment to staff allowed to see its petition (404 otherwise; 403 without the right to see
    attachments at all), as a download with a server-chosen name; the download is written to the audit log."""
    if not request.user.has_perm("petitions.view_attachment"):
        raise PermissionDenied
    attachment = get_object_or_404(selectors.attachments_for_user(request.user).select_related("petition"), pk=pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    filename, content_type = download_name_and_type(attachment, handle)
    audit_record(user=request.user, action=AuditAction.EXPORT, obj=attachment, body_id=attachment.petition.body_id,
                 detail="attachment_download", request=request)
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Even if a browser were made to open it in place, it runs nothing and loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

