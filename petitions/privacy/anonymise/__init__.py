"""Anonymisation of personal data: one registration (a completed deletion request) or everything past the
retention period (`personal_data_anonymise_expired`, run nightly and by `manage.py anonymise_expired_data`).

What stays: codes, organisation kind, categories, statuses, dates, deadlines, units, the petition's text and
its answer with the known personal values replaced, so that Phụ lục I, the statistics and the published
answers are unchanged. What goes: names, position, phone, e-mail, address, identifiers (replaced by a token
that keeps distinct organisations distinct within a conference), the lookup secret, attachments (rows and
files), the text and addresses of the messages sent, the details of data-subject requests, and the known
personal values wherever they were typed into free text (event notes, internal notes, the admin's history,
the report snapshots). See docs/personal-data.md.
"""

from petitions.privacy.anonymise.core import (  # noqa: F401
    AnonymiseReport,
    conference_tokens,
    petitions_anonymised,
    registration_anonymise,
    registration_scrubber,
)
from petitions.privacy.anonymise.retention import (  # noqa: F401
    personal_data_anonymise_expired,
    retention_cutoff_year,
    retention_expired,
)
from petitions.privacy.anonymise.scrub import (  # noqa: F401
    ORGANISATION_PLACEHOLDERS,
    PLACEHOLDER,
    REMOVED_MESSAGE,
    Scrubber,
    fold_keep_length,
    organisation_placeholder,
)
