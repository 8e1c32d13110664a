"""Retention: past the period nothing of a registrant is left anywhere in the database, Phụ lục I unchanged."""

import datetime
import json
import os
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.forms.models import model_to_dict
from django.utils import timezone
from freezegun import freeze_time

from conferences.common.text import fold_for_search
from conferences.models import Conference, Invitee, Registration
from conferences.organisation import roles
from conferences.outbox.models import OutboxMessage
from petitions.models import Attachment, DataSubjectRequest, Petition, PetitionEvent, PetitionNote, Status
from petitions.privacy import anonymise
from petitions.privacy import services as privacy
from petitions.registration import services as reg
from reports.models import ExportJob
from reports.phu_luc_1 import counting as phu_luc_1
from reports.phu_luc_1.snapshots import report_submit
from tests.factories import PetitionFactory, UnitFactory, UpcomingConferenceFactory, staff_user

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db

# Distinctive values: none of them may survive anywhere once retention has passed.
NAME = "Lưu Thị Quỳnh Mai"
ORGANISATION = "Hộ kinh doanh Quỳnh Mai Hoa Sữa"
PERSONAL_ID = "031185009876"
PHONE = "0363918274"
EMAIL = "quynhmai.hoasua@example.vn"
ADDRESS = "Số 17 ngõ Hoa Sữa, thôn Đông Xá"
FILE_NAME = "cccd-luu-thi-quynh-mai.pdf"
WALK_IN = {"name": "Đoàn Văn Khải Tường", "phone": "0977215386", "email": "khaituong.doan@example.vn"}
SEEDED = [NAME, ORGANISATION, PERSONAL_ID, EMAIL, ADDRESS, FILE_NAME, "Quỳnh Mai Hoa Sữa", *WALK_IN.values()]
DIGITS = [PHONE[1:], WALK_IN["phone"][1:], PERSONAL_ID]


def at(*args):
    return datetime.datetime(*args, tzinfo=VN)


def submit(conference, *, name, organisation, kind, identifier_kind, tax_code, phone, email, address, petitions,
           token):
    with freeze_time(at(2026, 11, 20, 9, 0)):
        registration, _created = reg.registration_submit(
            conference=conference, form_token=token, full_name=name, position="Chủ hộ",
            organisation_name=organisation, organisation_kind=kind, identifier_kind=identifier_kind,
            tax_code=tax_code, phone=phone, email=email, address=address, notify_sms=True, notify_email=True,
            overall_proposal=f"Xin liên hệ chị Mai theo số {PHONE[:4]} {PHONE[4:7]} {PHONE[7:]}.",
            petitions=petitions, consent_version=reg.PRIVACY_NOTICE_VERSION, consented_at=timezone.now())
    return registration


@pytest.fixture
def seeded(calendar_2026, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    conference = UpcomingConferenceFactory()
    body = conference.body
    kt = UnitFactory(body=body, name="Phòng Kinh tế", code="KT")
    economic = staff_user(body, roles.ECONOMIC, unit=kt, username="kinhte_anon")
    upload = SimpleUploadedFile(FILE_NAME, b"%PDF-1.4 scan", content_type="application/pdf")
    registration = submit(
        conference, name=NAME, organisation=ORGANISATION, kind="HKD", identifier_kind="cccd", tax_code=PERSONAL_ID,
        phone=PHONE, email=EMAIL, address=ADDRESS, token="tok-anon-1", petitions=[
            reg.PetitionInput(category=5, content=f"Đề nghị gọi {PHONE[:4]}.{PHONE[4:7]}.{PHONE[7:]} hoặc viết cho "
                                                  f"{EMAIL} về thủ tục cấp phép.", files=[upload]),
            reg.PetitionInput(category=6, content=f"Thửa đất tại {ADDRESS} chậm cấp giấy chứng nhận."),
        ])
    answered, open_one = registration.petitions.order_by("category")
    # An answer sent (outbox message naming the person), event and internal notes with personal values.
    Petition.objects.filter(pk=answered.pk).update(
        status=Status.APPROVED, lead_unit=kt, answer_draft=f"Đã trao đổi với chị {NAME} qua điện thoại.")
    with freeze_time(at(2026, 11, 25, 9, 0)):
        from petitions.triage import answers

        answers.petition_answer_issued(petition=Petition.objects.get(pk=answered.pk), document_number="05/UBND-KT",
                                       issued_on=datetime.date(2026, 11, 25), outcome=Status.RESOLVED,
                                       actor=economic)
    PetitionEvent.objects.create(petition=open_one, from_status=Status.RECEIVED, to_status=Status.ASSIGNED,
                                 note=f"Gọi lại số +84 {PHONE[1:]} cho chị {NAME.upper()}")
    Petition.objects.filter(pk=open_one.pk).update(status=Status.ASSIGNED, lead_unit=kt)
    PetitionNote.objects.create(petition=open_one, author=economic, text=f"Chủ hộ {fold_for_search(NAME)} hẹn gặp.")
    Invitee.objects.create(conference=conference, organisation_name=ORGANISATION, organisation_kind="HKD",
                           tax_code=PERSONAL_ID, contact_name=NAME, phone=PHONE, email=EMAIL, address=ADDRESS,
                           registration=registration)
    # A data-subject request (its own outbox messages) and the admin's history of the registration.
    privacy.data_request_submit(registration=registration, kind=DataSubjectRequest.Kind.CORRECTION,
                                details=f"Địa chỉ đúng không phải {ADDRESS}", requested_value="Số 19 ngõ khác")
    LogEntry.objects.create(user=economic, content_type=ContentType.objects.get_for_model(Registration),
                            object_id=str(registration.pk), object_repr=str(registration)[:200], action_flag=CHANGE,
                            change_message=json.dumps([{"changed": {"fields": ["Địa chỉ"]}}]))
    # A staff digest listing the business (related to the unit, not to the petition).
    from django.db import transaction

    from conferences.outbox import services as outbox

    with freeze_time(at(2026, 12, 1, 7, 0)), transaction.atomic():
        outbox.message_enqueue(body=body, channel=OutboxMessage.Channel.EMAIL, recipient="kt@example.vn",
                               subject="Nhắc hạn kiến nghị", text=f"- {open_one.code} — {ORGANISATION}", related=kt)
    # A petition typed in by staff for a walk-in business (no registration) in the same conference.
    walk_in = PetitionFactory(body=body, conference=conference, contact_name=WALK_IN["name"],
                              phone=WALK_IN["phone"], email=WALK_IN["email"], category=1, status=Status.RECEIVED,
                              received_at=at(2026, 11, 21, 10, 0),
                              content=f"Anh {WALK_IN['name']} hỏi về vốn vay.")
    # The conference is held and its results report submitted (a snapshot naming the open petitions).
    Conference.objects.filter(pk=conference.pk).update(status=Conference.Status.HELD)
    conference.refresh_from_db()
    with freeze_time(at(2026, 12, 28, 9, 0)):
        report_submit(conference=conference, user=economic, submitted_on=datetime.date(2026, 12, 28))
    export = ExportJob.objects.create(user=economic, body=body, conference=conference, year=2026,
                                      status=ExportJob.Status.DONE)
    export.file.save("kien-nghi-2026.xlsx", SimpleUploadedFile("x.xlsx", f"{NAME} {PHONE}".encode()), save=True)
    # A registration of the next year's conference: still inside retention on 1/1/2032.
    later = UpcomingConferenceFactory(body=body, year=2027)
    with freeze_time(at(2027, 11, 20, 9, 0)):
        kept, _created = reg.registration_submit(
            conference=later, form_token="tok-anon-2", full_name="Vũ Thị Kim Oanh", position="Giám đốc",
            organisation_name="Công ty TNHH Kim Oanh Thủy Nguyên", organisation_kind="DN", identifier_kind="mst",
            tax_code="0312687878", phone="0912777415", email="kimoanh@example.vn", address="Thôn Bắc",
            petitions=[reg.PetitionInput(category=2, content="Lãi suất cho vay cao, gọi 0912777415.")],
            consent_version=reg.PRIVACY_NOTICE_VERSION, consented_at=timezone.now())
    attachment = Attachment.objects.get(petition=answered)
    return {"conference": conference, "registration": registration, "kept": kept, "walk_in": walk_in,
            "file": attachment.file.path, "export": export.file.path, "secret": registration.secret}


def dump_database() -> list[tuple[str, str]]:
    """(table, value) for every non-empty text-like value of every table, auto-created M2M tables included."""
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (table names from the DB)
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview | bytes | bytearray):
                        value = bytes(value).decode("utf-8", "ignore")
                    elif isinstance(value, dict | list):
                        value = json.dumps(value, ensure_ascii=False)
                    if isinstance(value, str) and value:
                        values.append((table, value))
    return values


def leaks(values, seeded=SEEDED, digits=DIGITS) -> list[tuple[str, str, str]]:
    found = []
    for table, value in values:
        folded = fold_for_search(value)
        bare = re.sub(r"[\s.\-+]", "", value)
        for needle in seeded:
            if needle.lower() in value.lower() or fold_for_search(needle) in folded:
                found.append((table, needle, value[:120]))
        for needle in digits:
            if needle in bare:
                found.append((table, needle, value[:120]))
    return found


def phu_luc_numbers(conference):
    table = phu_luc_1.conference_table(conference)
    year = phu_luc_1.year_table(conference.body, conference.year)
    return ([r.cells for r in table.rows], table.totals, table.withdrawn_total, table.merged_total,
            [r.cells for r in year.rows], year.totals)


def run(today="2032-01-01", *extra):
    from io import StringIO

    out = StringIO()
    call_command("anonymise_expired_data", "--today", today, *extra, stdout=out)
    return out.getvalue()


def test_past_retention_nothing_personal_is_left_anywhere_and_phu_luc_1_is_unchanged(
        seeded, django_capture_on_commit_callbacks):
    before = dump_database()
    assert len(leaks(before)) > 20  # the seeding did put the values everywhere the test looks
    numbers = phu_luc_numbers(seeded["conference"])
    kept = model_to_dict(Registration.objects.get(pk=seeded["kept"].pk))
    kept_petitions = list(Petition.objects.filter(registration=seeded["kept"]).values())

    with django_capture_on_commit_callbacks(execute=True):
        output = run()

    assert leaks(dump_database()) == []
    assert seeded["secret"] not in {v for _t, v in dump_database()}
    assert not os.path.exists(seeded["file"]) and not os.path.exists(seeded["export"])
    assert phu_luc_numbers(seeded["conference"]) == numbers
    # Inside retention: untouched, to the field.
    assert model_to_dict(Registration.objects.get(pk=seeded["kept"].pk)) == kept
    assert list(Petition.objects.filter(registration=seeded["kept"]).values()) == kept_petitions
    # What stays readable: kind, categories, statuses, the petition text around the removed values.
    registration = Registration.objects.get(pk=seeded["registration"].pk)
    assert registration.organisation_name == "Hộ kinh doanh (đã ẩn danh)" and registration.organisation_kind == "HKD"
    assert registration.anonymised_at is not None
    petition = registration.petitions.get(category=5)
    assert petition.content == "Đề nghị gọi [đã ẩn danh] hoặc viết cho [đã ẩn danh] về thủ tục cấp phép."
    assert petition.status == Status.RESOLVED and "thu tuc cap phep" in petition.search_text
    assert "đăng ký / registrations: 1" in output and "tệp đính kèm đã xóa / attachments deleted: 1" in output


def test_a_second_run_changes_nothing_and_a_dry_run_changes_nothing(seeded, django_capture_on_commit_callbacks):
    before = dump_database()
    dry = run("2032-01-01", "--dry-run")
    assert "đăng ký / registrations: 1" in dry and "kiến nghị / petitions: 3" in dry
    assert dump_database() == before and os.path.exists(seeded["file"])

    with django_capture_on_commit_callbacks(execute=True):
        run()
    after_first = dump_database()
    second = anonymise.personal_data_anonymise_expired(today=datetime.date(2032, 1, 1))
    assert second.changed == 0
    assert dump_database() == after_first


def test_inside_retention_nothing_changes(seeded):
    before = dump_database()
    report = anonymise.personal_data_anonymise_expired(today=datetime.date(2031, 12, 31))
    assert report.changed == 0
    assert dump_database() == before


def test_tokens_keep_the_conference_counts_of_distinct_organisations(seeded):
    from conferences.lifecycle.eligibility import counted_organisations

    conference = seeded["conference"]
    organisations = len(counted_organisations(conference))
    anonymise.personal_data_anonymise_expired(today=datetime.date(2032, 1, 1))
    tokens = counted_organisations(conference)
    assert len(tokens) == organisations and all(t.startswith("AN-") for t in tokens)
    registration = Registration.objects.get(pk=seeded["registration"].pk)
    assert set(registration.petitions.values_list("tax_code", flat=True)) == {registration.tax_code}


def test_the_retention_period_is_a_setting(seeded, settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 10
    assert anonymise.retention_cutoff_year(datetime.date(2032, 1, 1)) == 2021
    assert anonymise.personal_data_anonymise_expired(today=datetime.date(2032, 1, 1)).changed == 0
    assert anonymise.personal_data_anonymise_expired(today=datetime.date(2037, 1, 1)).registrations == 1


@pytest.mark.parametrize(("text", "expected"), [
    ("Gọi 0363 918 274 hoặc +84 363.918.274", "Gọi [đã ẩn danh] hoặc [đã ẩn danh]"),
    ("chị LUU THI QUYNH  MAI đến", "chị [đã ẩn danh] đến"),
    ("số 10363918274 không phải", "số 10363918274 không phải"),
    ("CCCD 0311 8500 9876.", "CCCD [đã ẩn danh]."),
])
def test_the_scrubber_finds_values_however_they_were_typed(text, expected):
    scrub = anonymise.Scrubber(texts=[NAME], numbers=[PHONE, PERSONAL_ID])
    assert scrub(text) == expected


def test_the_beat_schedule_runs_the_retention_task_nightly(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="petitions.tasks.anonymise_expired_data")
    assert task.enabled and task.crontab.hour == "2"
