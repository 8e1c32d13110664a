"""App config for reports: Phụ lục I, official documents, numbering, exports, dashboards."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo và văn bản")

    def ready(self):
        from petitions.triage.answers import register_answer_document_starter
        from reports.documents import checks  # noqa: F401  (registers the document font check)
        from reports.register.answers import answer_document_start

        # petitions must not import reports: the answer letter's draft in the register starts through this hook.
        register_answer_document_starter(answer_document_start)
        # Likewise the transfer and escalation letters (petitions.triage.send_out).
        from petitions.triage.send_out import register_send_out_letter_starter
        from reports.register.letters import send_out_letter_start

        register_send_out_letter_starter(send_out_letter_start)

        # Anonymisation (petitions/anonymise/) reaches what this app copied of the petitions through signals.
        from petitions.privacy.anonymise import petitions_anonymised, retention_expired
        from reports.phu_luc_1.privacy import exports_delete_expired, reports_anonymise

        petitions_anonymised.connect(reports_anonymise, dispatch_uid="reports_anonymise")
        retention_expired.connect(exports_delete_expired, dispatch_uid="reports_exports_delete_expired")
