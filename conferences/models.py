"""Every model of the conferences app, re-exported from the sub-package of its concern (pretix's models/__init__)."""

from conferences.audit.models import AuditAction, AuditEntry, AuditEntryQuerySet, AuditLogError
from conferences.calendar.models import CalendarEntry
from conferences.lifecycle.models import AgendaItem, Conference, ConferenceEvent, ConferenceTask, Participant
from conferences.ops.models import WorkerHeartbeat
from conferences.organisation.models import (
    Body,
    CityPlan,
    RuleSettings,
    StaffProfile,
    Unit,
    default_agenda,
    default_tasks,
)
from conferences.outbox.models import OutboxAttachment, OutboxEvent, OutboxMessage, ZaloCredential, mask_email
from conferences.registrations.models import (
    IdentifierKind,
    Invitee,
    OrganisationKind,
    Registration,
    clean_contact_fields,
    new_secret,
)

__all__ = [
    "AgendaItem", "AuditAction", "AuditEntry", "AuditEntryQuerySet", "AuditLogError", "Body", "CalendarEntry",
    "CityPlan",
    "Conference", "ConferenceEvent", "ConferenceTask", "IdentifierKind", "Invitee", "OrganisationKind",
    "OutboxAttachment", "OutboxEvent", "OutboxMessage", "Participant", "Registration", "RuleSettings",
    "ZaloCredential",
    "StaffProfile", "Unit", "WorkerHeartbeat", "clean_contact_fields", "default_agenda", "default_tasks",
    "mask_email", "new_secret",
]
