"""Every model of the reports app, re-exported from the sub-package of its concern."""

from reports.api.models import ApiToken
from reports.documents.models import (
    CONFERENCE_DOCUMENT_TYPES,
    ConferenceDocumentKind,
    ConferenceDocumentNumber,
    DocumentNumber,
    DocumentType,
    IssuedDocumentNumber,
)
from reports.exports.models import ExportJob, ExportStorage, export_storage
from reports.phu_luc_1.models import ReportSnapshot
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
    "ApiToken", "CONFERENCE_DOCUMENT_TYPES", "ConferenceDocumentKind", "ConferenceDocumentNumber", "DocumentNumber",
    "DocumentType", "ExportJob", "ExportStorage", "IssuedDocumentNumber", "KIND_TYPES", "NumberingPolicy",
    "OutgoingAttachment", "OutgoingDocument", "OutgoingDocumentEvent", "OutgoingKind", "OutgoingStatus", "ReportSnapshot", "SignedFile",
    "SigningCertificate", "TRANSITIONS", "TrustedRoot", "export_storage",
]
