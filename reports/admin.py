"""Admin of the reports app: each concern registers its own ModelAdmins; importing them here is what Django's
admin autodiscovery needs."""

from reports.api import admin as api_admin  # noqa: F401
from reports.documents import admin as documents_admin  # noqa: F401
from reports.phu_luc_1 import admin as phu_luc_1_admin  # noqa: F401
from reports.register import admin as register_admin  # noqa: F401
