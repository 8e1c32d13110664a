"""The append-only audit log; on PostgreSQL a trigger refuses UPDATE and DELETE of its rows."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

TABLE = "conferences_auditentry"
CREATE_TRIGGER = f"""
CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{TABLE} is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only();
"""
DROP_TRIGGER = f"""
DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};
DROP FUNCTION IF EXISTS {TABLE}_append_only();
"""


def _postgresql_only(sql):
    # Row triggers only (no TRUNCATE trigger): the test runner empties tables with TRUNCATE on PostgreSQL.
    # SQLite relies on the model's guards (its test runner empties tables with DELETE).
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)  # no parameters: "%" in the function body is literal
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('conferences', '0081_registration_consent_withdrawn_anonymised'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='thời điểm')),
                ('action', models.CharField(choices=[('add', 'Thêm'), ('change', 'Sửa'), ('delete', 'Xóa'), ('view', 'Xem'), ('export', 'Tải về / xuất dữ liệu'), ('transition', 'Chuyển trạng thái'), ('send', 'Gửi thư'), ('import', 'Nhập từ tệp')], max_length=20, verbose_name='thao tác')),
                ('object_type', models.CharField(max_length=100, verbose_name='loại đối tượng')),
                ('object_id', models.CharField(blank=True, max_length=64, verbose_name='mã số đối tượng')),
                ('detail', models.CharField(blank=True, help_text='Tên trang, định dạng tệp, tên trường đã sửa; không chứa dữ liệu cá nhân.', max_length=300, verbose_name='chi tiết')),
                ('ip', models.GenericIPAddressField(blank=True, null=True, verbose_name='địa chỉ IP')),
                ('body', models.ForeignKey(blank=True, db_constraint=False, help_text='Cơ quan của đối tượng (hoặc của người thao tác); Lãnh đạo xem nhật ký của cơ quan mình.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='conferences.body', verbose_name='cơ quan')),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='tài khoản')),
            ],
            options={
                'verbose_name': 'nhật ký truy cập',
                'verbose_name_plural': 'nhật ký truy cập',
                'ordering': ['-created_at', '-pk'],
                'default_permissions': (),
                'indexes': [models.Index(fields=['body', '-created_at'], name='audit_body_time'), models.Index(fields=['object_type', 'object_id'], name='audit_object')],
            },
        ),
        migrations.RunPython(_postgresql_only(CREATE_TRIGGER), _postgresql_only(DROP_TRIGGER)),
    ]
