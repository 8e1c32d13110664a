"""Every model of the reports app, re-exported from the sub-package of its concern."""

from reports.api.models import ApiToken
from reports.documents.models import (
    ConferenceDocumentKind,
    DocumentNumber,
    DocumentType,
    IssuedDocumentNumber,
)
from reports.exports.models import ExportJob, ExportStorage, export_storage
from reports.phu_luc_1.models import ReportSnapshot, ResultsReportFigures
from reports.register.models import (
    KIND_TYPES,
    TRANSITIONS,
    NumberingPolicy,
    OutgoingAttachment,
    OutgoingDocument,
    OutgoingDocumentEvent,
    OutgoingKind,
    OutgoingStatus,
)
from reports.register.signing.models import SignedFile, SigningCertificate, TrustedRoot

__all__ = [
    "ApiToken", "ConferenceDocumentKind", "DocumentNumber",
    "DocumentType", "ExportJob", "ExportStorage", "IssuedDocumentNumber", "KIND_TYPES", "NumberingPolicy",
    "OutgoingAttachment", "OutgoingDocument", "OutgoingDocumentEvent", "OutgoingKind", "OutgoingStatus", "ReportSnapshot",
    "ResultsReportFigures", "SignedFile",
    "SigningCertificate", "TRANSITIONS", "TrustedRoot", "export_storage",
]
