"""The audit log: staff exports and views of personal data and staff actions leave an entry (ids only, one
INSERT), the log cannot be changed or deleted (model, database, admin), and only Lãnh đạo read it."""

import pytest
from django import forms
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conferences.audit.services import AuditAction, audit_record
from conferences.models import AuditEntry, AuditLogError
from petitions.models import Attachment, Status
from petitions.workflow.services import petition_transition
from tests.conftest import require_service
from tests.factories import ScopingWorld
from tests.security.forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return ScopingWorld()


def personal_values(world):
    """Every personal value the world holds (names, phones, e-mails, tax codes, addresses, free text)."""
    values = set()
    for registration in (world.hh_reg, world.hd_reg):
        values |= {registration.full_name, registration.phone, registration.email, registration.tax_code,
                   registration.address, registration.organisation_name, registration.secret}
    for petition in (world.p_kt, world.p_pv, world.p_coord, world.p_hd):
        values |= {petition.organisation_name, petition.tax_code, petition.content}
    return {v for v in values if v}


def audit_text():
    """Every field of every audit row, as one text."""
    return "\n".join(" | ".join(str(v) for v in row) for row in AuditEntry.objects.values_list())


def audit_inserts(queries):
    return [q["sql"] for q in queries if q["sql"].startswith("INSERT") and "conferences_auditentry" in q["sql"]]


def test_a_staff_export_of_personal_data_leaves_one_entry_with_ids_only(client, world):
    client.force_login(world.leader)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:conference_petitions_xlsx", args=[world.hh_conf.pk]))
    assert response.status_code == 200
    assert len(audit_inserts(queries.captured_queries)) == 1
    entry = AuditEntry.objects.get()
    assert (entry.user_id, entry.action, entry.object_type, entry.object_id, entry.body_id) == (
        world.leader.pk, AuditAction.EXPORT, "conferences.conference", str(world.hh_conf.pk), world.hh.pk)
    assert entry.ip == "127.0.0.1" and entry.created_at is not None
    text = audit_text()
    assert not [value for value in personal_values(world) if value in text]


@pytest.mark.parametrize("url_name,target,args", [
    ("reports:registration_phu_luc_2", "hh_reg", ["docx"]),
    ("reports:registration_invitation", "hh_reg", ["docx"]),
    ("reports:petition_answer_letter", "p_kt", ["docx"]),
    ("reports:conference_attendance", "hh_conf", ["xlsx"]),
])
def test_other_personal_data_downloads_are_audited(client, world, url_name, target, args):
    client.force_login(world.economic)
    obj = getattr(world, target)
    assert client.get(reverse(url_name, args=[obj.pk, *args])).status_code == 200
    entry = AuditEntry.objects.get()
    assert (entry.user_id, entry.action, entry.object_type, entry.object_id) == (
        world.economic.pk, "export", obj._meta.label_lower, str(obj.pk))
    assert not [value for value in personal_values(world) if value in audit_text()]


def test_an_admin_export_of_petitions_is_audited(client, world):
    client.force_login(world.economic)
    url = reverse("admin:petitions_petition_export")
    form = client.get(url).context["form"]
    data = {name: "on" for name, field in form.fields.items() if isinstance(field, forms.BooleanField)}
    response = client.post(url, {**data, "format": "0", "resource": "0"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    entry = AuditEntry.objects.get()
    assert (entry.user_id, entry.action, entry.object_type) == (world.economic.pk, "export", "petitions.petition")
    assert entry.detail.endswith("3 rows")  # the Hải Hưng petitions Phòng Kinh tế sees


@pytest.mark.parametrize("target,url_name", [("hh_reg", "admin:conferences_registration_change"),
                                             ("p_kt", "admin:petitions_petition_change")])
def test_a_staff_view_of_a_change_page_is_audited(client, world, target, url_name):
    obj = getattr(world, target)
    client.force_login(world.leader)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(url_name, args=[obj.pk])).status_code == 200
    assert len(audit_inserts(queries.captured_queries)) == 1
    entry = AuditEntry.objects.get()
    assert (entry.user_id, entry.action, entry.object_type, entry.object_id, entry.body_id) == (
        world.leader.pk, "view", obj._meta.label_lower, str(obj.pk), world.hh.pk)
    client.force_login(world.hd_economic)  # another body's page: 404, nothing viewed
    assert client.get(reverse(url_name, args=[obj.pk])).status_code == 404
    assert AuditEntry.objects.count() == 1


def test_an_admin_change_names_the_fields_never_their_values(client, world):
    client.force_login(world.economic)
    url = reverse("admin:conferences_registration_change", args=[world.hh_reg.pk])
    data = form_data(client.get(url).content.decode(), "registration_form")
    data.update(phone="0987 111 222", full_name="Nguyễn Văn Đổi Tên")
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 302
    assert len(audit_inserts(queries.captured_queries)) == 1
    change = AuditEntry.objects.get(action="change")
    assert (change.object_type, change.object_id) == ("conferences.registration", str(world.hh_reg.pk))
    assert "phone" in change.detail and "full_name" in change.detail
    text = audit_text()
    assert "0987111222" not in text and "Đổi Tên" not in text


def test_an_admin_save_with_inline_rows_writes_them_in_one_insert(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    attachment = Attachment(petition=world.p_kt, original_name="a.pdf", content_type="application/pdf", size=9)
    attachment.file.save("a.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    client.force_login(world.economic)
    url = reverse("admin:petitions_petition_change", args=[world.p_kt.pk])
    data = form_data(client.get(url).content.decode(), "petition_form")
    data["attachments-0-DELETE"] = "on"
    data.update({"notes-TOTAL_FORMS": "1", "notes-0-text": "Ghi chú nội bộ bí mật", "notes-0-petition": world.p_kt.pk})
    with CaptureQueriesContext(connection) as queries:
        assert client.post(url, data).status_code == 302
    assert len(audit_inserts(queries.captured_queries)) == 1
    rows = set(AuditEntry.objects.values_list("action", "object_type", "object_id"))
    assert ("delete", "petitions.attachment", str(attachment.pk)) in rows
    assert ("add", "petitions.petitionnote", str(world.p_kt.notes.get().pk)) in rows
    assert ("change", "petitions.petition", str(world.p_kt.pk)) in rows
    assert "bí mật" not in audit_text()


def test_admin_deletion_is_audited(client, world):
    client.force_login(world.economic)
    pk = world.hh_reg.pk
    world.hh_reg.petitions.update(registration=None)
    response = client.post(reverse("admin:conferences_registration_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="delete", object_type="conferences.registration",
                                     object_id=str(pk), user=world.economic).exists()


def test_staff_transitions_are_audited_and_the_systems_are_not(world):
    petition_transition(petition=world.p_kt, to_status=Status.ASSIGNED, actor=world.economic)
    entry = AuditEntry.objects.get()
    assert (entry.user_id, entry.action, entry.object_id, entry.detail) == (
        world.economic.pk, "transition", str(world.p_kt.pk), "received → assigned")
    petition_transition(petition=world.p_pv, to_status=Status.WITHDRAWN, actor=None, note="Doanh nghiệp rút")
    assert AuditEntry.objects.count() == 1


def test_an_entry_cannot_be_changed_or_deleted_through_the_model(world):
    entry = audit_record(user=world.economic, action=AuditAction.VIEW, obj=world.hh_reg)
    entry.detail = "sửa"
    with pytest.raises(AuditLogError):
        entry.save()
    with pytest.raises(AuditLogError):
        entry.delete()
    with pytest.raises(AuditLogError):
        AuditEntry.objects.filter(pk=entry.pk).update(detail="sửa")
    with pytest.raises(AuditLogError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get().detail == ""


def test_postgresql_refuses_update_and_delete_of_entries(world):
    require_service("PostgreSQL", connection.vendor == "postgresql",
                    "the append-only trigger is PostgreSQL's (DATABASE_URL=postgres://…)")
    entry = audit_record(user=world.economic, action=AuditAction.VIEW, obj=world.hh_reg)
    for sql in ("UPDATE conferences_auditentry SET detail = 'x' WHERE id = %s",
                "DELETE FROM conferences_auditentry WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
            c.execute(sql, [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk, detail="").exists()


def test_lanh_dao_reads_their_bodys_log_and_nobody_edits_it(client, world):
    ours = audit_record(user=world.economic, action=AuditAction.VIEW, obj=world.hh_reg)
    theirs = audit_record(user=world.hd_economic, action=AuditAction.VIEW, obj=world.hd_reg)
    changelist = reverse("admin:conferences_auditentry_changelist")
    client.force_login(world.leader)
    response = client.get(changelist)
    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == [ours]
    assert "delete_selected" not in response.content.decode()
    change = reverse("admin:conferences_auditentry_change", args=[ours.pk])
    assert client.get(change).status_code == 200  # read-only page
    assert client.post(change, {"detail": "x"}).status_code == 403
    assert client.get(reverse("admin:conferences_auditentry_delete", args=[ours.pk])).status_code == 403
    assert client.post(reverse("admin:conferences_auditentry_delete", args=[ours.pk]), {"post": "yes"}
                       ).status_code == 403
    assert client.get(reverse("admin:conferences_auditentry_add")).status_code == 403
    assert client.get(reverse("admin:conferences_auditentry_change", args=[theirs.pk])).status_code == 404
    client.force_login(world.superuser)
    assert set(client.get(changelist).context["cl"].queryset) == {ours, theirs}
    assert client.post(reverse("admin:conferences_auditentry_delete", args=[ours.pk]), {"post": "yes"}
                       ).status_code == 403
    assert AuditEntry.objects.count() == 2


@pytest.mark.parametrize("role", ["economic", "handler", "office", "finance"])
def test_other_roles_cannot_see_the_log(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(reverse("admin:conferences_auditentry_changelist")).status_code == 403
    assert "auditentry" not in client.get(reverse("admin:index")).content.decode()
