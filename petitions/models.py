"""Every model of the petitions app (and the status vocabulary), re-exported from the sub-package of its concern."""

from petitions.privacy.models import DataSubjectRequest
from petitions.registration.models import HeldAttachment, RegistrationSubmission
from petitions.triage.models import AnswerTemplate, PetitionReminder
from petitions.workflow.choices import (
    ANSWER_VISIBLE,
    OPEN_STATUS_VALUES,
    OPEN_STATUSES,
    PHU_LUC_I_COLUMN,
    TRANSITIONS,
    Category,
    Channel,
    Competence,
    DeadlineRule,
    PhuLucIColumn,
    Status,
)
from petitions.workflow.models import Attachment, Petition, PetitionEvent, PetitionNote, attachment_path

__all__ = [
    "ANSWER_VISIBLE", "OPEN_STATUSES", "OPEN_STATUS_VALUES", "PHU_LUC_I_COLUMN", "TRANSITIONS", "AnswerTemplate",
    "Attachment", "Category", "Channel", "Competence", "DataSubjectRequest", "DeadlineRule", "HeldAttachment", "Petition",
    "PetitionEvent", "PetitionNote", "PetitionReminder", "PhuLucIColumn", "RegistrationSubmission", "Status",
    "attachment_path",
]
