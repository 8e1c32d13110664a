"""Excel export of petitions and import of answers drafted offline (django-import-export), scoped to the user."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources

from petitions.models import Petition
from petitions.triage import answers
from petitions.workflow import selectors
from petitions.workflow.services import PetitionError


class PetitionResource(resources.ModelResource):
    """Petitions as rows of a workbook. Only the draft answer is read back ("Dự thảo trả lời"), through
    petition_answer_draft, so an answer typed offline moves the petition to drafted with an event; every other
    column is exported for reference and ignored on import. Rows whose code is not one of the user's
    petitions, or whose petition cannot take a draft, are reported, and the whole file is then rolled back."""

    code = fields.Field(attribute="code", column_name="Mã kiến nghị")
    organisation_name = fields.Field(attribute="organisation_name", column_name="Doanh nghiệp / HTX / HKD",
                                     readonly=True)
    tax_code = fields.Field(attribute="tax_code", column_name="Mã số thuế / định danh", readonly=True)
    category = fields.Field(attribute="get_category_display", column_name="Nhóm kiến nghị", readonly=True)
    content = fields.Field(attribute="content", column_name="Nội dung kiến nghị", readonly=True)
    received_at = fields.Field(column_name="Tiếp nhận", readonly=True)
    status = fields.Field(attribute="get_status_display", column_name="Trạng thái", readonly=True)
    lead_unit = fields.Field(attribute="lead_unit__name", column_name="Đơn vị chủ trì", readonly=True)
    due_date = fields.Field(column_name="Hạn trả lời", readonly=True)
    answer_draft = fields.Field(attribute="answer_draft", column_name="Dự thảo trả lời")
    answer = fields.Field(attribute="answer", column_name="Nội dung đã trả lời", readonly=True)

    class Meta:
        model = Petition
        fields = ("code", "organisation_name", "tax_code", "category", "content", "received_at", "status",
                  "lead_unit", "due_date", "answer_draft", "answer")
        export_order = fields
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = False

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def get_queryset(self):
        if self.user is None:
            return Petition.objects.none()
        return selectors.petitions_for_user(self.user).select_related("lead_unit")

    def before_import(self, dataset, **kwargs):
        self.user = self.user or kwargs.get("user")

    def import_data(self, dataset, **kwargs):
        # Nothing half-imported: any invalid row rolls the whole file back.
        kwargs["rollback_on_validation_errors"] = True
        kwargs.setdefault("use_transactions", True)
        return super().import_data(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        row["Mã kiến nghị"] = str(row.get("Mã kiến nghị") or "").strip().upper()

    def init_instance(self, row=None):
        raise ValidationError({"code": _("Không tìm thấy kiến nghị có mã “%(code)s” trong phạm vi của bạn.")
                               % {"code": (row or {}).get("Mã kiến nghị", "")}})

    def dehydrate_received_at(self, petition):
        from django.utils import timezone

        return timezone.localtime(petition.received_at).strftime("%d/%m/%Y %H:%M")

    def dehydrate_due_date(self, petition):
        return petition.due_date.strftime("%d/%m/%Y") if petition.due_date else ""

    def import_instance(self, instance, row, **kwargs):
        instance._stored_draft = instance.answer_draft
        super().import_instance(instance, row, **kwargs)
        instance.answer_draft = (instance.answer_draft or "").strip()

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not instance.answer_draft or instance.answer_draft == getattr(instance, "_stored_draft", None):
            return True  # an empty cell never erases a draft; an unchanged one is not a new version
        return super().skip_row(instance, original, row, import_validation_errors)

    def do_instance_save(self, instance, is_create):
        try:
            answers.petition_answer_draft(petition=instance, text=instance.answer_draft, actor=self.user)
        except PetitionError as exc:
            raise ValidationError({"answer_draft": str(exc)}) from exc
