"""Staff pages of the outgoing-documents register: the register (sổ văn bản đi) with its xlsx, one document's
page with its trail and steps, and its file (the draft rendered now; the frozen or issued bytes as kept)."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from petitions.workflow.selectors import petitions_for_user
from reports.documents import render_docx, render_pdf
from reports.documents.numbering import ReportError
from reports.register import page_images, permissions, selectors, services
from reports.register.attachment import current_attachment
from reports.register.exporters import register_xlsx
from reports.register.models import AnswerOutcome, OutgoingKind, OutgoingStatus
from reports.register.rendering import draft_document
from reports.register.signing.models import SignedFile
from reports.register.signing.remote import configured_service
from reports.register.signing.requests import signature_request_refresh, signature_request_start
from reports.register.signing.signatures import SignatureError, validate_pdf

STEPS = {
    "trinh": "submit", "dat": "pass", "tra-lai": "return", "ky": "sign", "ban-hanh": "issue", "thu-hoi": "withdraw",
}
REMOTE_SIGN = "ky-so-tu-xa"
STEP_LABELS = {
    "submit": gettext_lazy("Trình thẩm định"), "pass": gettext_lazy("Thẩm định đạt, trình ký"),
    "return": gettext_lazy("Trả lại"), "sign": gettext_lazy("Ký"), "issue": gettext_lazy("Cấp số, ban hành"),
    "withdraw": gettext_lazy("Thu hồi"),
}


def portal_base_url(request) -> str:
    """This portal's address as the request reached it (printed in the documents' QR codes and links)."""
    return request.build_absolute_uri("/").rstrip("/")


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _filtered(request):
    qs = selectors.outgoing_documents_for_user(request.user)
    params = request.GET
    filters = {"year": _int(params.get("year")), "kind": params.get("kind", "") if params.get("kind") in
               OutgoingKind.values else "", "status": params.get("status", "") if params.get("status") in
               OutgoingStatus.values else "", "signer": _int(params.get("signer")),
               "returned": params.get("tra_lai") == "1", "unit": _int(params.get("don_vi"))}
    return qs, selectors.register_filter(qs, **filters), filters


@login_required
@permission_required("reports.view_outgoingdocument", raise_exception=True)
def outgoing_register(request):
    """The sổ văn bản đi of the user's body, filterable by year, kind, status and signer."""
    scoped, documents, filters = _filtered(request)
    signer_ids = scoped.exclude(signer__isnull=True).values_list("signer_id", flat=True).distinct()
    years = sorted({d.year for d in scoped.dates("created_at", "year")} |
                   {d.year for d in scoped.exclude(issued_on__isnull=True).dates("issued_on", "year")}, reverse=True)
    return render(request, "reports/outgoing_register.html", {
        **admin.site.each_context(request),
        "title": _("Sổ văn bản đi"),
        "documents": documents[:500],
        "filters": filters,
        "years": years,
        "kinds": OutgoingKind.choices,
        "statuses": OutgoingStatus.choices,
        "signers": get_user_model().objects.filter(pk__in=signer_ids).order_by("last_name", "first_name"),
        "query": request.GET.urlencode(),
    })


@login_required
@permission_required("reports.view_outgoingdocument", raise_exception=True)
def outgoing_register_xlsx(request):
    """The register as filtered on the page, as the sổ đăng ký văn bản đi xlsx."""
    _scoped, documents, filters = _filtered(request)
    response = HttpResponse(register_xlsx(documents),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    year = filters["year"] or "tat-ca"
    response["Content-Disposition"] = f'attachment; filename="so-van-ban-di-{year}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@permission_required("reports.view_outgoingdocument", raise_exception=True)
def outgoing_document_detail(request, pk: int):
    """One document: its state, the comment it was returned with, its trail and the steps the user may take."""
    document = get_object_or_404(selectors.outgoing_documents_for_user(request.user), pk=pk)
    if signature_request_refresh(document=document) is not None:  # the next look at a remote-signing request
        document.refresh_from_db()
    steps = permissions.allowed_steps(request.user, document)
    signed = _signed_bytes(document)
    attached = current_attachment(document)
    slugs = {step: slug for slug, step in STEPS.items()}
    # What the letter answers, for those who may read the petition file (Văn phòng issues without it).
    petition = None
    if document.petition_id:
        petition = petitions_for_user(request.user).filter(pk=document.petition_id).first()
    return render(request, "reports/outgoing_document.html", {
        **admin.site.each_context(request),
        "title": str(document),
        "document": document,
        "events": document.events.select_related("actor"),
        "steps": [(slugs[s], STEP_LABELS[s]) for s in steps if s != "return"],
        "can_return": "return" in steps,
        "leaders": services.leaders_of(document.body) if "pass" in steps else (),
        "is_answer": document.kind == OutgoingKind.ANSWER_LETTER,
        "outcomes": AnswerOutcome.choices,
        "page_range": range(1, page_images.page_count(str(document.pk), *_document_source(request, document)[:2])
                            + 1),
        "petition": petition,
        "petition_events": petition.events.select_related("actor").order_by("created_at") if petition else (),
        "petition_attachments": petition.attachments.all() if petition else (),
        "signatures": signature_reports(signed) if signed else (),
        "attachment": attached,
        "attachment_signatures": signature_reports(attached.data) if attached and attached.issued else (),
        "remote_signing": "sign" in steps and remote_configured(),
        "remote_slug": REMOTE_SIGN,
        "signature_request": document.signature_requests.first(),
        "confirm_url": settings.SIGNING_REMOTE_CONFIRM_URL,
        "can_edit": document.status == OutgoingStatus.DRAFT and permissions.can_draft(request.user, document),
    })


def _signed_bytes(document) -> bytes | None:
    """The file whose signatures staff see: the issued one, else the one the signer signed."""
    if document.status == OutgoingStatus.ISSUED and document.issued_pdf is not None:
        return bytes(document.issued_pdf)
    signed = SignedFile.objects.filter(document=document).only("data").first()
    return bytes(signed.data) if signed is not None else None


def remote_configured() -> bool:
    return bool(settings.SIGNING_REMOTE_URL) and configured_service() is not None


def signature_reports(data: bytes):
    try:
        return validate_pdf(data)
    except SignatureError:
        return ()


@login_required
@permission_required("reports.view_outgoingdocument", raise_exception=True)
def outgoing_document_pdf(request, pk: int):
    """The document's file: the draft (with DỰ THẢO), the frozen file sent for signature, or the issued file, the
    last two byte for byte as kept."""
    document = get_object_or_404(selectors.outgoing_documents_for_user(request.user), pk=pk)
    content, name = _document_file(request, document)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@permission_required("reports.view_outgoingdocument", raise_exception=True)
def outgoing_attachment_pdf(request, pk: int):
    """The document's attachment in its own file (the results report's Phụ lục I): issued, else frozen, byte for
    byte as kept; 404 when the document has none."""
    document = get_object_or_404(selectors.outgoing_documents_for_user(request.user), pk=pk)
    attached = current_attachment(document)
    if attached is None:
        raise Http404
    response = HttpResponse(attached.data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{attached.filename}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _document_source(request, document) -> tuple[str, Callable[[], bytes], str]:
    """(content version, a function giving the bytes, file name) of the document as it stands: the issued, signed or
    frozen bytes as kept (versioned by their SHA-256), else the draft rendered now (versioned by the SHA-256 of what
    it is rendered from: the text and every value the builder reads), so that its page images are made once."""
    if document.status == OutgoingStatus.ISSUED:
        return (page_images.content_version("issued", document.issued_sha256), lambda: bytes(document.issued_pdf),
                f"van-ban-{document.pk}")
    if document.status == OutgoingStatus.SIGNED:
        signed_sha = SignedFile.objects.filter(document=document).values_list("sha256", flat=True).first()
        if signed_sha:
            return (page_images.content_version("signed", signed_sha), lambda: _signed_bytes(document),
                    f"da-ky-{document.pk}")
    if document.frozen_pdf is not None and document.status in (OutgoingStatus.AWAITING_SIGNATURE,
                                                                OutgoingStatus.SIGNED):
        return (page_images.content_version("frozen", document.frozen_sha256), lambda: bytes(document.frozen_pdf),
                f"trinh-ky-{document.pk}")
    draft = draft_document(document, portal_base_url(request))
    return page_images.content_version("draft", repr(draft)), lambda: render_pdf(draft), f"du-thao-{document.pk}"


def _document_file(request, document) -> tuple[bytes, str]:
    """(bytes, file name) of the document as it stands: issued, signed or frozen bytes as kept, else the draft now."""
    _version, source, name = _document_source(request, document)
    return source(), name


@login_required
@permission_required("reports.view_outgoingdocument", raise_exception=True)
def outgoing_document_docx(request, pk: int):
    """The document's text as a DOCX draft, for drafting offline (its text is pasted back into the portal); once
    issued, the link gives way to the issued PDF."""
    document = get_object_or_404(selectors.outgoing_documents_for_user(request.user), pk=pk)
    if document.status == OutgoingStatus.ISSUED:
        return HttpResponseRedirect(reverse("reports:outgoing_document_pdf", args=[document.pk]))
    response = HttpResponse(render_docx(draft_document(document, portal_base_url(request))),
                            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="du-thao-{document.pk}.docx"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@permission_required("reports.view_outgoingdocument", raise_exception=True)
def outgoing_document_page(request, pk: int, page: int):
    """One page of the document's file as a PNG image (the Content-Security-Policy forbids embedding PDFs)."""
    document = get_object_or_404(selectors.outgoing_documents_for_user(request.user), pk=pk)
    version, source, _name = _document_source(request, document)
    try:
        image = page_images.page_png(str(document.pk), version, source, page)
    except ValueError as exc:
        raise Http404 from exc
    response = HttpResponse(image, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@permission_required("reports.view_outgoingdocument", raise_exception=True)
@require_POST
def outgoing_document_step(request, pk: int, step: str):
    """Take one step (submit, pass, return with a comment, sign, issue, withdraw); the service checks the role."""
    if step == REMOTE_SIGN:
        return _remote_sign(request, pk)
    if step not in STEPS:
        raise Http404
    document = get_object_or_404(selectors.outgoing_documents_for_user(request.user), pk=pk)
    service = getattr(services, f"outgoing_document_{STEPS[step]}")
    kwargs = {"comment": request.POST.get("comment", "")} if STEPS[step] == "return" else {
        "note": request.POST.get("note", "")}
    if STEPS[step] in ("pass", "issue"):
        kwargs["base_url"] = portal_base_url(request)
    if STEPS[step] == "pass":
        kwargs["outcome"] = request.POST.get("outcome", "")
    if STEPS[step] == "sign":
        upload = request.FILES.get("signed_pdf")
        if upload is not None and upload.size > settings.SIGNING_UPLOAD_MAX_BYTES:
            messages.error(request, _("Tệp quá lớn (tối đa %(mb)d MB).") % {
                "mb": settings.SIGNING_UPLOAD_MAX_BYTES // (1024 * 1024)})
            return HttpResponseRedirect(reverse("reports:outgoing_document", args=[document.pk]))
        kwargs["signed_pdf"] = upload.read() if upload is not None else None
    if STEPS[step] == "pass" and _int(request.POST.get("signer")):
        kwargs["signer"] = services.leaders_of(document.body).filter(pk=_int(request.POST.get("signer"))).first()
        if kwargs["signer"] is None:
            messages.error(request, _("Người ký phải là lãnh đạo của cơ quan."))
            return HttpResponseRedirect(reverse("reports:outgoing_document", args=[document.pk]))
    try:
        service(document=document, actor=request.user, **kwargs)
    except ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã thực hiện: %(step)s.") % {"step": STEP_LABELS[STEPS[step]]})
    return HttpResponseRedirect(reverse("reports:outgoing_document", args=[document.pk]))


def _remote_sign(request, pk: int):
    """Send the document to the remote-signing service; the signer confirms on their phone."""
    document = get_object_or_404(selectors.outgoing_documents_for_user(request.user), pk=pk)
    try:
        signature_request_start(document=document, actor=request.user)
    except ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã gửi yêu cầu ký số từ xa; hãy xác nhận trên điện thoại."))
    return HttpResponseRedirect(reverse("reports:outgoing_document", args=[document.pk]))
