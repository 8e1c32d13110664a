"""The written answer to a petition as a document of the register: its draft follows the unit's draft answer
(the starter petitions calls through the hook reports.apps registers), and the register's steps move the petition
(reviewed → approved, returned → drafted, issued → its outcome and the petitioner told)."""

from django.db import transaction
from django.utils.translation import gettext as _

from petitions.models import Petition
from petitions.workflow.services import PetitionError
from reports.register.models import OutgoingDocument, OutgoingKind, OutgoingStatus

S = OutgoingStatus
OPEN = (S.DRAFT, S.UNDER_REVIEW, S.AWAITING_SIGNATURE, S.SIGNED)


def answer_title(petition: Petition) -> str:
    return f"V/v trả lời kiến nghị của {petition.organisation_name}"[:500]


def answer_document_current(petition: Petition) -> OutgoingDocument | None:
    """The petition's answer letter on its way (not withdrawn), the issued one when there is one."""
    documents = OutgoingDocument.objects.filter(petition=petition, kind=OutgoingKind.ANSWER_LETTER)
    return (documents.filter(status=S.ISSUED).order_by("-issued_at").first()
            or documents.filter(status__in=OPEN).order_by("-created_at").first())


def answer_document_issued(petition: Petition) -> OutgoingDocument | None:
    return (OutgoingDocument.objects.filter(petition=petition, kind=OutgoingKind.ANSWER_LETTER, status=S.ISSUED)
            .order_by("-issued_at").first())


def answer_document_start(*, petition: Petition, actor) -> OutgoingDocument:
    """Called by petitions.triage.answers.petition_answer_draft inside its transaction (its handler check done):
    the answer letter's draft in the register gets the new text, or is created (drafted by the petition's lead
    unit; Phòng Kinh tế when none). Raises PetitionError when the letter has left the draft."""
    with transaction.atomic():
        document = (OutgoingDocument.objects.select_for_update(of=("self",))
                    .filter(petition=petition, kind=OutgoingKind.ANSWER_LETTER, status__in=OPEN)
                    .order_by("-created_at").first())
        if document is not None:
            if document.status != S.DRAFT:
                raise PetitionError(_("Công văn trả lời kiến nghị %(code)s đang ở bước “%(status)s”: không sửa "
                                      "được dự thảo.") % {"code": petition.code, "status": S(document.status).label})
            document.text = petition.answer_draft
            document.title = answer_title(petition)
            document.save(update_fields=["text", "title"])
            return document
        document = OutgoingDocument.objects.create(
            body=petition.body, kind=OutgoingKind.ANSWER_LETTER, petition=petition,
            conference=petition.conference, drafting_unit=petition.lead_unit, title=answer_title(petition),
            text=petition.answer_draft, drafted_by=actor if getattr(actor, "pk", None) else None)
        document.events.create(to_status=S.DRAFT, actor=document.drafted_by, note=_("Tạo dự thảo"))
        return document
