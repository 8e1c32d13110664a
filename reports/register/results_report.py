"""The results report (BC, with Phụ lục I) through the register: its figures are frozen when it is sent for
signature; the signed file is rendered from them, and the ReportSnapshot (what was reported to Sở Tài chính)
is written from the very same figures when it is issued."""

from django.utils.translation import gettext as _

from conferences.common.errors import ConferenceError
from conferences.lifecycle.services import conference_transition
from conferences.models import Conference
from reports.documents.base import Document
from reports.documents.numbering import ReportError
from reports.documents.results_report import results_report
from reports.phu_luc_1 import counting as p
from reports.phu_luc_1.models import ReportSnapshot, ResultsReportFigures
from reports.phu_luc_1.snapshots import in_process_details, report_due_date
from reports.register.models import OutgoingDocument, OutgoingKind


def _is_results_report(document: OutgoingDocument) -> bool:
    return document.kind == OutgoingKind.RESULTS_REPORT and document.conference_id is not None


def register_results_report(document: OutgoingDocument) -> Document | None:
    """The BC of the document's conference: from its frozen figures once sent for signature, else live."""
    if not _is_results_report(document):
        return None
    conference = document.conference
    figures = ResultsReportFigures.objects.filter(document_id=document.pk).first() if document.pk else None
    if figures is not None:
        return results_report(conference, p.PhuLucITable.from_json(figures.table), figures.in_process)
    petitions = p.conference_petitions(conference)
    return results_report(conference, p.phu_luc_1_table(petitions), in_process_details(petitions))


def results_figures_freeze(document: OutgoingDocument) -> None:
    """At "awaiting signature" (inside the pass's transaction): freeze the figures the signer will sign."""
    if not _is_results_report(document):
        return
    petitions = p.conference_petitions(document.conference)
    ResultsReportFigures.objects.filter(document=document).delete()
    ResultsReportFigures.objects.create(document=document, table=p.phu_luc_1_table(petitions).to_json(),
                                        in_process=in_process_details(petitions))


def results_figures_drop(document: OutgoingDocument) -> None:
    """Returned or withdrawn: the figures are frozen again when the report is sent for signature again."""
    ResultsReportFigures.objects.filter(document=document).delete()


def results_report_issued(document: OutgoingDocument, *, actor) -> None:
    """Issued (inside the issue's transaction): the conference's ReportSnapshot holds the frozen figures, the
    report's number and its date of issue (a correction's replace those of the report it replaces); a concluded
    conference moves to "reported"."""
    if not _is_results_report(document):
        return
    figures = ResultsReportFigures.objects.filter(document=document).first()
    if figures is None:
        raise ReportError(_("Báo cáo kết quả chưa có số liệu đã chốt khi trình ký."))
    conference = Conference.objects.select_for_update().get(pk=document.conference_id)
    ReportSnapshot.objects.update_or_create(conference=conference, defaults={
        "body": conference.body, "year": conference.year, "document_number": document.number,
        "submitted_on": document.issued_on, "due_on": report_due_date(conference), "table": figures.table,
        "in_process": figures.in_process, "submitted_by": actor if getattr(actor, "pk", None) else None})
    if conference.status == Conference.Status.CONCLUDED:
        try:
            conference_transition(conference=conference, to_status=Conference.Status.REPORTED, actor=actor,
                                  note=_("Báo cáo số %(number)s") % {"number": document.number.formatted})
        except ConferenceError as exc:
            raise ReportError(str(exc)) from exc
