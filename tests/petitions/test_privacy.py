"""Data subjects' rights from the status page: the copy, correction, consent withdrawal, deletion; the admin."""

import datetime
import json
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from conferences.models import Registration
from conferences.organisation import roles
from conferences.outbox.models import OutboxMessage
from petitions.models import DataSubjectRequest, Petition, Status
from petitions.privacy import anonymise
from petitions.privacy import services as privacy
from petitions.registration import services as reg
from petitions.triage import answers
from petitions.workflow.services import PetitionError
from tests.factories import BodyFactory, UnitFactory, UpcomingConferenceFactory, staff_user

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db
Kind = DataSubjectRequest.Kind


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    # The limit has its own test below, from its own address; a Redis-backed cache keeps counters across tests.
    settings.DATA_REQUEST_RATE_LIMIT = ""


@pytest.fixture
def registration(calendar_2026):
    conference = UpcomingConferenceFactory()
    with freeze_time(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=VN)):
        registration, _created = reg.registration_submit(
            conference=conference, form_token=uuid.uuid4().hex, full_name="Trần Thị Bình", position="Chủ hộ",
            organisation_name="Cơ sở may Bình An", organisation_kind="HKD", identifier_kind="cccd",
            tax_code="031185001234", phone="0912345678", email="binh@example.vn", address="Thôn Tây",
            notify_sms=True, notify_email=False, overall_proposal="Giảm thủ tục.",
            petitions=[reg.PetitionInput(category=5, content="Thủ tục cấp phép kéo dài.")],
            consent_version=reg.PRIVACY_NOTICE_VERSION, consented_at=timezone.now())
    return registration


def url(registration, name="privacy_overview", **kwargs):
    return reverse(f"petitions:{name}", kwargs={"body_slug": registration.conference.body.slug,
                                                "code": registration.code, "secret": registration.secret, **kwargs})


def request_url(registration, slug):
    return url(registration, "privacy_request", kind_slug=slug)


def no_store(response):
    return "no-store" in response.headers.get("Cache-Control", "")


def messages_of(data_request):
    return OutboxMessage.objects.filter(related_id=str(data_request.pk), related_type__model="datasubjectrequest")


# ---- The copy ----

def test_status_page_links_to_the_personal_data_page_which_shows_everything_held(client, registration):
    status = client.get(url(registration, "registration_status"))
    assert url(registration) in status.content.decode()
    response = client.get(url(registration))
    html = response.content.decode()
    assert response.status_code == 200 and no_store(response)
    for value in ("Trần Thị Bình", "0912345678", "binh@example.vn", "031185001234", "Thủ tục cấp phép kéo dài.",
                  reg.PRIVACY_NOTICE_VERSION, "Giảm thủ tục."):
        assert value in html
    assert "da nhan dang ky hoi nghi" in html  # the confirmation SMS sent to them is listed


def test_json_copy_is_complete_machine_readable_no_store_with_a_server_chosen_name(client, registration):
    petition = registration.petitions.get()
    Petition.objects.filter(pk=petition.pk).update(answer_draft="Nháp nội bộ", status=Status.DRAFTED)
    response = client.get(url(registration, "privacy_download_json"))
    assert response.status_code == 200 and no_store(response)
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == f'attachment; filename="du-lieu-ca-nhan-{registration.code}.json"'
    data = json.loads(response.content)
    assert data["registration"]["full_name"] == "Trần Thị Bình" and data["registration"]["tax_code"] == "031185001234"
    assert data["consent"] == {"notice_version": reg.PRIVACY_NOTICE_VERSION,
                               "consented_at": "2026-11-20T09:00:00+07:00", "withdrawn_at": None}
    assert data["submission"]["overall_proposal"] == "Giảm thủ tục."
    [row] = data["petitions"]
    assert row["code"] == petition.code and row["answer"] == ""  # a draft is not an answer yet
    assert [e["to"] for e in row["events"]] == ["Đã tiếp nhận"]
    assert [m["recipient"] for m in data["messages"]] == ["0912345678"]
    html = client.get(url(registration, "privacy_download_html"))
    assert html["Content-Disposition"] == f'attachment; filename="du-lieu-ca-nhan-{registration.code}.html"'
    assert "Trần Thị Bình" in html.content.decode() and no_store(html)


def test_a_wrong_secret_or_an_anonymised_registration_is_not_found(client, registration):
    wrong = reverse("petitions:privacy_overview", kwargs={
        "body_slug": registration.conference.body.slug, "code": registration.code, "secret": "x" * 16})
    assert client.get(wrong).status_code == 404
    old = url(registration)
    anonymise.registration_anonymise(registration=registration)
    assert client.get(old).status_code == 404


def test_downloads_and_requests_are_rate_limited_per_address(client, registration, settings):
    settings.DATA_REQUEST_RATE_LIMIT = "2/h"
    ip = f"10.9.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    codes = [client.get(url(registration, "privacy_download_json"), REMOTE_ADDR=ip).status_code for _ in range(2)]
    codes.append(client.post(request_url(registration, "sua-thong-tin"), {}, REMOTE_ADDR=ip).status_code)
    assert codes == [200, 200, 429]


# ---- Correction ----

def test_correction_keeps_what_was_typed_on_error_then_confirms_with_a_code_and_due_date(client, registration):
    response = client.post(request_url(registration, "sua-thong-tin"),
                           {"field": "address", "details": "", "requested_value": "Thôn Đông, số 5"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vui lòng cho biết thông tin nào chưa đúng." in html
    assert "Thôn Đông, số 5" in html and 'value="address" selected' in html
    assert not DataSubjectRequest.objects.exists()

    with freeze_time(datetime.datetime(2026, 12, 1, 10, 0, tzinfo=VN)):
        response = client.post(request_url(registration, "sua-thong-tin"),
                               {"field": "address", "details": "Địa chỉ sai thôn", "requested_value": "Thôn Đông"})
    data_request = DataSubjectRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(registration, "privacy_request_received", request_code=data_request.code)
    assert data_request.kind == Kind.CORRECTION and data_request.field == "address"
    assert data_request.due_at == datetime.datetime(2026, 12, 11, 10, 0, tzinfo=VN)  # 10 days (setting)
    page = client.get(response["Location"])
    assert data_request.code in page.content.decode() and "11/12/2026" in page.content.decode() and no_store(page)
    [sms] = messages_of(data_request)
    assert sms.recipient == "0912345678" and data_request.code in sms.text
    # The same request sent twice (double click) is one request.
    client.post(request_url(registration, "sua-thong-tin"),
                {"field": "address", "details": "Địa chỉ sai thôn", "requested_value": "Thôn Đông"})
    assert DataSubjectRequest.objects.count() == 1


# ---- Consent withdrawal ----

def test_consent_withdrawal_needs_the_box_stops_messages_but_the_petition_is_still_answered(client, registration):
    page = client.get(request_url(registration, "rut-dong-y"))
    assert "vẫn được xem xét, trả lời theo quy định" in page.content.decode()
    refused = client.post(request_url(registration, "rut-dong-y"), {"details": "Không muốn nhận tin"})
    assert "Vui lòng đánh dấu ô xác nhận để rút lại sự đồng ý." in refused.content.decode()
    assert "Không muốn nhận tin" in refused.content.decode()

    with freeze_time(datetime.datetime(2026, 12, 1, 10, 0, tzinfo=VN)):
        client.post(request_url(registration, "rut-dong-y"), {"confirm": "on", "details": "Không muốn nhận tin"})
    registration.refresh_from_db()
    data_request = DataSubjectRequest.objects.get()
    assert registration.consent_withdrawn_at == datetime.datetime(2026, 12, 1, 10, 0, tzinfo=VN)
    assert data_request.due_at == datetime.datetime(2026, 12, 4, 10, 0, tzinfo=VN)  # 72 hours (setting)
    assert messages_of(data_request).count() == 1  # the reply to their own request still goes
    # The answer is given (status page) but no SMS / e-mail goes out any more.
    petition = registration.petitions.get()
    unit = UnitFactory(body=registration.conference.body)
    Petition.objects.filter(pk=petition.pk).update(status=Status.APPROVED, answer_draft="Đã giải quyết.",
                                                   lead_unit=unit)
    before = OutboxMessage.objects.count()
    answers.petition_answer_issued(petition=Petition.objects.get(pk=petition.pk), document_number="05/UBND-KT",
                                   issued_on=datetime.date(2026, 12, 1), outcome=Status.RESOLVED, actor=None)
    assert OutboxMessage.objects.count() == before
    status = client.get(url(registration, "registration_status")).content.decode()
    assert "Đã giải quyết." in status and "Bạn đã rút lại sự đồng ý" in status
    # A second visit shows the recorded withdrawal instead of the form; once closed, sending again adds nothing.
    again = client.get(request_url(registration, "rut-dong-y")).content.decode()
    assert data_request.code in again and 'name="confirm"' not in again
    DataSubjectRequest.objects.filter(pk=data_request.pk).update(status=DataSubjectRequest.Status.DONE,
                                                                 handled_at=timezone.now())
    assert privacy.data_request_submit(registration=registration, kind=Kind.CONSENT_WITHDRAWAL) == (
        data_request, False)


# ---- Deletion ----

def test_deletion_explains_what_stays_and_waits_for_open_petitions(client, registration, calendar_2026):
    page = client.get(request_url(registration, "xoa-du-lieu")).content.decode()
    assert "Những gì được giữ đến hết thời hạn lưu trữ" in page
    assert registration.petitions.get().code in page  # still being handled
    client.post(request_url(registration, "xoa-du-lieu"), {"confirm": "on"})
    data_request = DataSubjectRequest.objects.get(kind=Kind.DELETION)
    economic = staff_user(registration.conference.body, roles.ECONOMIC, username="kt_xoa")
    with pytest.raises(PetitionError, match="đang xử lý"):
        privacy.data_request_complete(data_request=data_request, actor=economic)
    assert Registration.objects.get(pk=registration.pk).anonymised_at is None

    Petition.objects.filter(registration=registration).update(status=Status.RESOLVED)
    privacy.data_request_complete(data_request=data_request, actor=economic, note="Đã xóa theo yêu cầu.")
    registration.refresh_from_db()
    data_request.refresh_from_db()
    assert registration.anonymised_at is not None and registration.phone == "" and registration.full_name == ""
    assert data_request.status == DataSubjectRequest.Status.DONE and data_request.handled_by == economic
    outcome = messages_of(data_request).get(dedup_key__endswith=":done:sms")
    assert outcome.recipient == "0912345678"  # told at the address read just before deletion
    # The anonymised registration opens read-only in the admin (its blanked fields would not validate).
    client.force_login(economic)
    page = client.get(reverse("admin:conferences_registration_change", args=[registration.pk]))
    assert page.status_code == 200 and 'name="phone"' not in page.content.decode()
    # The personal-data pages answer 404 whatever the secret (it was replaced, too).
    assert client.get(request_url(registration, "xoa-du-lieu")).status_code == 404
    # Once sent, the nightly run blanks it too.
    OutboxMessage.objects.filter(pk=outcome.pk).update(status=OutboxMessage.Status.SENT, sent_at=timezone.now())
    anonymise.personal_data_anonymise_expired()
    outcome.refresh_from_db()
    assert outcome.recipient == "" and outcome.text == anonymise.REMOVED_MESSAGE


def test_only_economic_staff_of_the_body_handle_requests_and_a_refusal_needs_a_reason(registration):
    data_request, _created = privacy.data_request_submit(registration=registration, kind=Kind.DELETION)
    body = registration.conference.body
    other = staff_user(BodyFactory(), roles.ECONOMIC, username="kt_khac")
    leader = staff_user(body, roles.LEADERSHIP, username="ld_xoa")
    economic = staff_user(body, roles.ECONOMIC, username="kt_tuchoi")
    for actor in (other, leader):
        with pytest.raises(PetitionError):
            privacy.data_request_start(data_request=data_request, actor=actor)
    with pytest.raises(PetitionError, match="lý do"):
        privacy.data_request_refuse(data_request=data_request, actor=economic, reason="  ")
    privacy.data_request_refuse(data_request=data_request, actor=economic, reason="Kiến nghị đang xử lý.")
    data_request.refresh_from_db()
    assert data_request.status == DataSubjectRequest.Status.REFUSED
    assert data_request.outcome_note == "Kiến nghị đang xử lý." and data_request.handled_by == economic
    [sms] = messages_of(data_request).filter(dedup_key__contains=":refused:")
    assert "tu choi" in sms.text and sms.recipient == "0912345678"
    with pytest.raises(PetitionError):
        privacy.data_request_complete(data_request=data_request, actor=economic)


# ---- Admin ----

CHANGELIST = reverse("admin:petitions_datasubjectrequest_changelist")


@pytest.fixture
def staff(registration):
    body = registration.conference.body
    return {"economic": staff_user(body, roles.ECONOMIC, username="kt_admin"),
            "leader": staff_user(body, roles.LEADERSHIP, username="ld_admin"),
            "handler": staff_user(body, roles.HANDLER, unit=UnitFactory(body=body), username="xl_admin"),
            "other": staff_user(BodyFactory(), roles.ECONOMIC, username="kt_other")}


def test_admin_list_is_scoped_highlights_late_requests_and_links_the_registration(client, registration, staff):
    with freeze_time(datetime.datetime(2026, 11, 1, 9, 0, tzinfo=VN)):
        late, _created = privacy.data_request_submit(registration=registration, kind=Kind.CORRECTION,
                                                     details="Sai tên", requested_value="Trần Thị Bính")
    fresh, _created = privacy.data_request_submit(registration=registration, kind=Kind.DELETION)
    client.force_login(staff["economic"])
    html = client.get(CHANGELIST).content.decode()
    assert late.code in html and fresh.code in html
    assert re.search(r"trễ \d+ ngày", html) and re.search(r"còn (\d+ ngày|\d+ giờ)", html)
    assert reverse("admin:conferences_registration_change", args=[registration.pk]) in html
    assert client.get(CHANGELIST, {"han": "late"}).context["cl"].result_list[0] == late
    client.force_login(staff["other"])
    assert list(client.get(CHANGELIST).context["cl"].result_list) == []
    assert client.get(reverse("admin:petitions_datasubjectrequest_change", args=[late.pk])).status_code == 404
    client.force_login(staff["handler"])
    assert client.get(CHANGELIST).status_code == 403
    client.force_login(staff["leader"])
    response = client.get(CHANGELIST)
    assert response.status_code == 200 and "mark_done" not in response.content.decode()


def test_admin_actions_refuse_needs_a_reason_and_deletion_a_confirmation(client, registration, staff):
    data_request, _created = privacy.data_request_submit(registration=registration, kind=Kind.DELETION)
    client.force_login(staff["economic"])
    base = {"_selected_action": [data_request.pk], "apply": "1"}
    response = client.post(CHANGELIST, {**base, "action": "refuse", "note": ""})
    assert "Phải ghi lý do từ chối yêu cầu." in response.content.decode()
    response = client.post(CHANGELIST, {**base, "action": "mark_done", "note": ""})
    page = response.content.decode()
    assert "Đánh dấu xác nhận để xóa dữ liệu." in page
    # The page names what was selected and warns that a deletion cannot be undone.
    assert "1 yêu cầu được chọn:" in page and data_request.code in page and registration.code in page
    assert "không khôi phục được" in page
    client.post(CHANGELIST, {"_selected_action": [data_request.pk], "action": "mark_in_progress"})
    data_request.refresh_from_db()
    assert data_request.status == DataSubjectRequest.Status.IN_PROGRESS
    # The registration still has a petition being handled: the deletion is refused with the reason shown.
    response = client.post(CHANGELIST, {**base, "action": "mark_done", "confirm_deletion": "on"}, follow=True)
    assert "đang xử lý" in response.content.decode()
    Petition.objects.filter(registration=registration).update(status=Status.RESOLVED)
    client.post(CHANGELIST, {**base, "action": "mark_done", "confirm_deletion": "on", "note": ""})
    data_request.refresh_from_db()
    assert data_request.status == DataSubjectRequest.Status.DONE
    assert Registration.objects.get(pk=registration.pk).anonymised_at is not None


def test_admin_list_query_count_does_not_grow_with_rows(client, registration, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    privacy.data_request_submit(registration=registration, kind=Kind.DELETION)
    client.force_login(staff["economic"])
    with CaptureQueriesContext(connection) as one:
        client.get(CHANGELIST)
    for n in range(5):
        privacy.data_request_submit(registration=registration, kind=Kind.CORRECTION, details=f"sai {n}",
                                    requested_value="đúng")
    with CaptureQueriesContext(connection) as six:
        client.get(CHANGELIST)
    assert len(six) == len(one)
