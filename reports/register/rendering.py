"""The Decree-30 Document of an outgoing document: built from its conference or petition where the portal has a
builder for its kind, with the text edited in the portal replacing the generated body when there is one."""

from django.utils import timezone

from reports.documents import Document, Signer, official_document
from reports.documents.base import QRCode, Table
from reports.documents.numbering import document_symbol
from reports.register.conference_documents import text_blocks
from reports.register.letters import SEND_OUT_KINDS, send_out_letter
from reports.register.models import KIND_TYPES, PETITION_KINDS, OutgoingDocument, OutgoingKind

VERIFY_PATH = "/kiem-tra-van-ban/"


def _registration_url(document: OutgoingDocument, base_url: str) -> str:
    """The public registration page printed (and as QR) on the notice and the invitation; `base_url` is this
    portal's address ("https://doithoai.example.vn"), taken from the request that freezes the file."""
    return f"{base_url.rstrip('/')}/{document.body.slug}/hoi-nghi/{document.conference.year}/dang-ky/"


def builder_document(document: OutgoingDocument, base_url: str) -> Document | None:
    """The document the portal generates for `document`'s kind from its conference or petition (None: none)."""
    from reports.documents import conference as c
    from reports.documents import selectors
    from reports.documents.answers import answer_letter
    from reports.public_folder.publication import public_petitions

    conference, kind = document.conference, document.kind
    if kind == OutgoingKind.ANSWER_LETTER and document.petition_id:
        return answer_letter(document.petition, text=document.text)
    if kind in SEND_OUT_KINDS and document.petition_id:
        return send_out_letter(document, document_symbol(body=document.body, doc_type=KIND_TYPES[kind],
                                                         unit_code=document.unit_code))
    if conference is None:
        return None
    if kind == OutgoingKind.PLAN:
        return c.plan(conference)
    if kind == OutgoingKind.NOTICE:
        return c.notice(conference, registration_url=_registration_url(document, base_url),
                        plan=selectors.conference_plan_number(conference))
    if kind == OutgoingKind.STOP_POSTPONE_REPORT:
        return c.stop_postpone_report(conference, plan=selectors.conference_plan_number(conference),
                                      petitions_received=selectors.conference_petitions(conference).count())
    if kind == OutgoingKind.INVITATION:  # one Giấy mời to the registrants "theo danh sách kèm theo" (issue 17)
        from reports.documents import invitation_list

        return invitation_list.invitation(conference)
    if kind == OutgoingKind.MINUTES:
        return c.minutes(conference, petitions=selectors.conference_petitions(conference))
    # The conclusion and the results notice are published in the public folder as issued: petitioners by kind,
    # questions and answers only where the business allowed publication.
    if kind == OutgoingKind.CONCLUSION:
        return c.conclusion(conference, petitions=public_petitions(selectors.conference_petitions(conference)),
                            open_petitions=public_petitions(selectors.conference_open_petitions(conference)))
    if kind == OutgoingKind.RESULTS_NOTICE:
        return c.results_notice(conference, petitions=public_petitions(selectors.conference_petitions(conference)))
    if kind == OutgoingKind.RESULTS_REPORT:
        from reports.register.results_report import register_results_report

        return register_results_report(document)
    return None


def _with_table_layout(blocks: list, generated: list) -> list:
    """The text's tables keep the column widths of the generated table with the same header (text has none)."""
    layouts = {tuple(b.header): b for b in generated if isinstance(b, Table)}
    for block in blocks:
        if isinstance(block, Table) and tuple(block.header) in layouts:
            block.widths, block.nowrap = layouts[tuple(block.header)].widths, layouts[tuple(block.header)].nowrap
    return blocks


def signer_block(document: OutgoingDocument) -> Signer:
    """The signer block of who signs (or the body's chair before anyone has): "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", a
    deputy "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"."""
    body = document.body
    title = document.signer_title or body.chair_title or "Chủ tịch"
    name = document.signer_name or body.chair_name
    if title.strip().lower().startswith("phó"):
        return Signer(on_behalf="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", title=title.upper(), name=name)
    return Signer(on_behalf="TM. ỦY BAN NHÂN DÂN", title=title.upper(), name=name)


def outgoing_document_content(document: OutgoingDocument, base_url: str = "") -> Document:
    """The Document (unnumbered, undated) of `document` as it stands: the builder's, or a plain one of its text."""
    body = document.body
    doc = builder_document(document, base_url)
    symbol = document_symbol(body=body, doc_type=KIND_TYPES[document.kind], unit_code=document.unit_code)
    if doc is None:
        is_letter = KIND_TYPES[document.kind] == "CV"
        doc = official_document(
            body=body, title="" if is_letter else OutgoingKind(document.kind).label.upper(),
            subtitle="" if is_letter else document.title, subject=document.title if is_letter else "",
            filename=f"van-ban-{document.pk}", symbol=symbol, blocks=[])
    if document.text.strip() and not (document.kind in PETITION_KINDS and document.petition_id):
        # a letter about a petition frames its text itself
        doc.blocks = _with_table_layout(text_blocks(document.text), doc.blocks)
    if document.recipients.strip():
        doc.recipients = document.recipient_list
    doc.symbol = symbol
    doc.number = None
    doc.date = None
    doc.year = timezone.localdate().year
    if document.kind != OutgoingKind.MINUTES:  # the minutes keep their THƯ KÝ / CHỦ TRÌ block
        doc.signer = signer_block(document)
    doc.filename = f"van-ban-di-{document.pk}"
    return doc


def draft_document(document: OutgoingDocument, base_url: str = "") -> Document:
    """The draft as reviewers see it: "Số:     /TB-UBND", undated, "DỰ THẢO" on every page."""
    doc = outgoing_document_content(document, base_url)
    doc.draft_mark = True
    return doc


def frozen_document(document: OutgoingDocument, base_url: str = "") -> Document:
    """The version for signature: blank number and date places, the QR code of the verification id (a URL of
    the verification page of issue 18 under `base_url`)."""
    doc = outgoing_document_content(document, base_url)
    doc.placeholders = True
    doc.verification_qr = QRCode(data=f"{base_url.rstrip('/')}{VERIFY_PATH}{document.verification_id}/",
                                 caption=f"Mã kiểm tra: {document.verification_id}", size_mm=18)
    return doc
