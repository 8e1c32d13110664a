"""Admin of the petitions app: each concern registers its own ModelAdmins; importing them here is what Django's
admin autodiscovery needs."""

from petitions.privacy import admin as privacy_admin  # noqa: F401
from petitions.registration import admin as registration_admin  # noqa: F401
from petitions.triage import admin as triage_admin  # noqa: F401
