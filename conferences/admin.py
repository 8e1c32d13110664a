"""Admin of the conferences app: each concern registers its own ModelAdmins; importing them here is what
Django's admin autodiscovery needs."""

from conferences.audit import admin as audit_admin  # noqa: F401
from conferences.calendar import admin as calendar_admin  # noqa: F401
from conferences.lifecycle import admin as lifecycle_admin  # noqa: F401
from conferences.ops import admin as ops_admin  # noqa: F401
from conferences.organisation import admin as organisation_admin  # noqa: F401
from conferences.outbox import admin as outbox_admin  # noqa: F401
from conferences.registrations import admin as registrations_admin  # noqa: F401
