"""Transfer and escalation letters (công văn "V/v chuyển kiến nghị …", "V/v xin ý kiến chỉ đạo …") as documents of
the register: the draft started by petitions.triage.send_out through the hook reports.apps registers, and the
Decree-30 letter that frames the register's text (the reasons) between the petition and the closing request."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from petitions.models import Petition, Status
from petitions.workflow.services import PetitionError
from reports.documents import Document, Paragraph, official_document
from reports.documents.base import format_date
from reports.register.models import OutgoingDocument, OutgoingKind, OutgoingStatus

S = OutgoingStatus
OPEN = (S.DRAFT, S.UNDER_REVIEW, S.AWAITING_SIGNATURE, S.SIGNED)
KIND_OF = {Status.TRANSFERRED: OutgoingKind.TRANSFER_LETTER, Status.ESCALATED: OutgoingKind.ESCALATION_LETTER}
STATUS_OF = {kind: status for status, kind in KIND_OF.items()}
SEND_OUT_KINDS = tuple(KIND_OF.values())


def _authority(petition: Petition) -> str:
    return f"{petition.body.authority_name} {petition.body.name}"


def letter_subject(petition: Petition, kind: str) -> str:
    """The "V/v" line, without "V/v": "chuyển kiến nghị của …" / "xin ý kiến chỉ đạo giải quyết kiến nghị của …"."""
    if kind == OutgoingKind.TRANSFER_LETTER:
        return f"chuyển kiến nghị của {petition.organisation_name}"
    return f"xin ý kiến chỉ đạo giải quyết kiến nghị của {petition.organisation_name}"


def letter_title(petition: Petition, kind: str) -> str:
    return f"V/v {letter_subject(petition, kind)}"[:500]


def default_text(petition: Petition, kind: str) -> str:
    """The reasons the drafter starts from (edited in the register before it is submitted). The receiving body is
    not named here but in "Kính gửi" and the closing request, from the petition: a new receiving body chosen while
    the letter is a draft needs no edit."""
    if kind == OutgoingKind.TRANSFER_LETTER:
        return f"Nội dung kiến nghị nêu trên không thuộc thẩm quyền giải quyết của {_authority(petition)}."
    return (f"Nội dung kiến nghị nêu trên vượt quá thẩm quyền giải quyết của {_authority(petition)}, cần có ý kiến "
            f"chỉ đạo của cấp trên để giải quyết.")


def default_recipients(petition: Petition, unit_code: str) -> str:
    return "\n".join(["Như trên", f"{petition.organisation_name} (để biết)", f"Lưu: VT, {unit_code}"])


def send_out_letter_start(*, petition: Petition, to_status: str, actor, receiving_changed: bool = False
                          ) -> OutgoingDocument:
    """Called by petitions.triage.send_out.petition_send_out_start inside its transaction (its triage check done):
    the open letter of that kind is reused, or a draft is created (drafted by the petition's lead unit; Phòng Kinh
    tế when none), prefilled with the letter's text. Raises PetitionError when the receiving body changed while the
    letter has left the draft (its file, frozen for signature, names the old one)."""
    kind = KIND_OF[to_status]
    with transaction.atomic():
        document = (OutgoingDocument.objects.select_for_update(of=("self",))
                    .filter(petition=petition, kind=kind, status__in=OPEN).order_by("-created_at").first())
        if document is not None:
            if receiving_changed and document.status != S.DRAFT:
                raise PetitionError(_("%(kind)s của kiến nghị %(code)s đang ở bước “%(status)s”: trả lại hoặc thu "
                                      "hồi công văn trước khi đổi cơ quan nhận.") % {
                    "kind": OutgoingKind(kind).label, "code": petition.code, "status": S(document.status).label})
            if receiving_changed:
                document.events.create(from_status=document.status, to_status=document.status,
                                       actor=actor if getattr(actor, "pk", None) else None,
                                       note=_("Đổi cơ quan nhận: %(body)s") % {"body": petition.competent_authority})
            return document
        unit = petition.lead_unit
        document = OutgoingDocument.objects.create(
            body=petition.body, kind=kind, petition=petition, conference=petition.conference, drafting_unit=unit,
            title=letter_title(petition, kind), text=default_text(petition, kind),
            recipients=default_recipients(petition, unit.code if unit else "KT"),
            drafted_by=actor if getattr(actor, "pk", None) else None)
        document.events.create(to_status=S.DRAFT, actor=document.drafted_by, note=_("Tạo dự thảo (gửi %(body)s)") % {
            "body": petition.competent_authority})
        return document


def send_out_letter(document: OutgoingDocument, symbol: str) -> Document:
    """The letter of `document` (a transfer or escalation letter about its petition), unnumbered and undated (the
    register fills both at issue): the petition as received, the register's text (the reasons), the request."""
    petition = document.petition
    authority = _authority(petition)
    receiving = petition.competent_authority or "cơ quan có thẩm quyền"
    received = format_date(timezone.localdate(petition.received_at))
    opening = (f"{authority} nhận được kiến nghị của {petition.organisation_name} (mã kiến nghị {petition.code}, "
               f"tiếp nhận {received}) với nội dung: “{petition.content.strip()}”.")
    blocks = [Paragraph(opening)]
    if petition.proposed_solution.strip():
        blocks.append(Paragraph(f"Đề xuất của doanh nghiệp: “{petition.proposed_solution.strip()}”."))
    blocks += [Paragraph(line.strip()) for line in document.text.splitlines() if line.strip()]
    if document.kind == OutgoingKind.TRANSFER_LETTER:
        blocks.append(Paragraph(
            f"{authority} chuyển kiến nghị nêu trên (kèm theo hồ sơ kiến nghị) đến {receiving} để xem xét, giải "
            f"quyết theo thẩm quyền và trả lời {petition.organisation_name} theo quy định./."))
    else:
        blocks.append(Paragraph(
            f"{authority} kính báo cáo {receiving} xem xét, cho ý kiến chỉ đạo để {authority} có cơ sở giải quyết, "
            f"trả lời {petition.organisation_name} theo quy định./."))
    return official_document(
        body=petition.body, title="", filename=f"van-ban-di-{document.pk}", symbol=symbol,
        subject=letter_subject(petition, document.kind), addressees=[receiving], blocks=blocks,
        recipients=document.recipient_list)


def send_out_document_issued(petition: Petition) -> OutgoingDocument | None:
    """The petition's issued transfer or escalation letter (the latest), None when none was issued in the portal."""
    return (OutgoingDocument.objects.filter(petition=petition, kind__in=SEND_OUT_KINDS, status=S.ISSUED)
            .order_by("-issued_at").first())
