"""App config for reports: Phụ lục I, official documents, numbering, exports, dashboards."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo và văn bản")

    def ready(self):
        from . import checks  # noqa: F401  (registers the document font check)
