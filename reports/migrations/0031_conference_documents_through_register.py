"""Conference documents go through the outgoing-documents register (issue 17): the numbers taken with the old
"Lấy số" buttons (ConferenceDocumentNumber) become issued register documents with that number and the day it
was taken as their date of issue (their files were printed and signed on paper, outside the portal: no issued
file is kept, so the public folder does not offer one); the results report's figures frozen for signature."""

import django.db.models.deletion
from django.db import migrations, models

KINDS = {"ke-hoach": "plan", "thong-bao": "notice", "bao-cao-dung-hoan": "stop_postpone_report",
         "giay-moi": "invitation", "bien-ban": "minutes", "thong-bao-ket-luan": "conclusion",
         "thong-bao-ket-qua": "results_notice"}
LABELS = {"plan": "Kế hoạch tổ chức Hội nghị", "notice": "Thông báo tổ chức Hội nghị",
          "stop_postpone_report": "Báo cáo dừng / hoãn tổ chức Hội nghị", "invitation": "Giấy mời",
          "minutes": "Biên bản Hội nghị", "conclusion": "Thông báo kết luận Hội nghị",
          "results_notice": "Thông báo kết quả giải quyết kiến nghị"}
NOTE = "Số đã lấy bằng nút “Lấy số” trước khi văn bản của hội nghị đi qua sổ văn bản đi; văn bản ký trên giấy."


def numbers_into_register(apps, schema_editor):
    from django.utils import timezone

    ConferenceDocumentNumber = apps.get_model("reports", "ConferenceDocumentNumber")
    OutgoingDocument = apps.get_model("reports", "OutgoingDocument")
    OutgoingDocumentEvent = apps.get_model("reports", "OutgoingDocumentEvent")
    rows = ConferenceDocumentNumber.objects.select_related("issued", "conference").order_by("pk")
    for row in rows:
        issued, kind = row.issued, KINDS[row.kind]
        if OutgoingDocument.objects.filter(number=issued).exists():
            continue  # already the number of a register document
        at = issued.issued_at
        document = OutgoingDocument.objects.create(
            body_id=issued.body_id, kind=kind, conference_id=row.conference_id,
            title=(issued.title or f"{LABELS[kind]} năm {row.conference.year}")[:500], status="issued",
            number=issued, issued_on=timezone.localdate(at) if at else None, issued_at=at,
            issued_by_id=issued.issued_by_id, drafted_by_id=issued.issued_by_id)
        OutgoingDocument.objects.filter(pk=document.pk).update(created_at=at)
        OutgoingDocumentEvent.objects.create(document=document, from_status="", to_status="issued",
                                             actor_id=issued.issued_by_id, note=NOTE)


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0030_outgoing_attachment'),
    ]

    operations = [
        migrations.RunPython(numbers_into_register, migrations.RunPython.noop),
        migrations.CreateModel(
            name='ResultsReportFigures',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('table', models.JSONField(default=dict, editable=False, verbose_name='số liệu Phụ lục I')),
                ('in_process', models.JSONField(default=list, editable=False, verbose_name='kiến nghị đang xử lý')),
                ('frozen_at', models.DateTimeField(auto_now_add=True, verbose_name='chốt số liệu lúc')),
                ('document', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='results_figures', to='reports.outgoingdocument', verbose_name='văn bản')),
            ],
            options={
                'verbose_name': 'số liệu báo cáo kết quả trình ký',
                'verbose_name_plural': 'số liệu báo cáo kết quả trình ký',
            },
        ),
        migrations.DeleteModel(
            name='ConferenceDocumentNumber',
        ),
    ]
