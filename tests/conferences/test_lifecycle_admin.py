"""The lifecycle in the conference admin: panels, the transition page, the dashboard, scoping."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from conferences.models import Conference, ConferenceTask
from tests.factories import ScopingWorld

pytestmark = pytest.mark.django_db
S = Conference.Status


@pytest.fixture
def world():
    return ScopingWorld()


def test_change_page_shows_the_condition_buttons_and_documents(client, world):
    client.force_login(world.economic)
    response = client.get(reverse("admin:conferences_conference_change", args=[world.hh_conf.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Đơn vị đăng ký tham dự (đúng hạn, chưa rút)" in page
    assert "1/15" in page  # one registration with a petition in the world
    assert "Chưa đủ điều kiện" in page
    assert "?to=cutoff_passed" in page and "Hoãn hội nghị" in page and "?to=held" not in page
    # The documents live on the reports app's page of the conference, which links back.
    documents_url = reverse("reports:conference_documents", args=[world.hh_conf.pk])
    assert documents_url in page
    documents = client.get(documents_url).content.decode()
    assert reverse("reports:conference_document", args=[world.hh_conf.pk, "ke-hoach", "pdf"]) in documents
    # Each document of the cycle is drafted in the register ("Soạn văn bản"), numbered only when issued.
    assert "Kế hoạch tổ chức Hội nghị" in documents and "Soạn văn bản" in documents and "Lấy số" not in documents
    assert reverse("reports:conference_document_new", args=[world.hh_conf.pk, "ke-hoach"]) in documents
    assert reverse("reports:phu_luc_1_xlsx", args=[world.hh_conf.pk]) in documents
    assert reverse("admin:conferences_conference_change", args=[world.hh_conf.pk]) in documents


def test_transition_page_refuses_with_the_services_message_and_then_moves(client, world):
    client.force_login(world.economic)
    url = reverse("admin:conferences_conference_transition", args=[world.hh_conf.pk])
    with freeze_time(timezone.make_aware(datetime.datetime(2026, 5, 20, 9))):
        response = client.post(url, {"to_status": S.CUTOFF_PASSED})
        assert response.status_code == 200
        assert "Chưa hết hạn tiếp nhận kiến nghị" in response.content.decode()
        response = client.post(url, {"to_status": S.POSTPONED, "note": "Chưa đủ đăng ký",
                                     "starts_at": "2026-09-17T08:00"})
    assert response.status_code == 302
    world.hh_conf.refresh_from_db()
    assert world.hh_conf.status == S.POSTPONED
    assert world.hh_conf.events.get(to_status=S.POSTPONED).actor == world.economic


def test_transition_page_of_another_body_is_404_and_needs_login(client, world):
    url = reverse("admin:conferences_conference_transition", args=[world.hd_conf.pk])
    assert client.get(url).status_code == 302
    client.force_login(world.economic)
    assert client.get(url).status_code == 404
    client.force_login(world.leader)  # view only: cannot change the status
    own = reverse("admin:conferences_conference_transition", args=[world.hh_conf.pk])
    assert client.post(own, {"to_status": S.STOPPED, "note": "x"}).status_code == 403


def test_dashboard_lists_only_the_users_conferences_with_counts_and_next_task(client, world):
    ConferenceTask.objects.create(conference=world.hh_conf, unit=world.kt, title="Tổng hợp kiến nghị",
                                  due_date=datetime.date(2026, 6, 10))
    client.force_login(world.economic)
    page = client.get(reverse("admin:conferences_conference_dashboard")).content.decode()
    assert world.hh_conf.title in page and world.hd_conf.title not in page
    assert "Tổng hợp kiến nghị — 10/06/2026 (KT)" in page
    assert "1/15" in page and "/5" in page


def _form_values(form, prefix=""):
    data = {}
    for name in form.fields:
        value = form[name].value()
        key = f"{prefix}{name}"
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, datetime.datetime):
            data[key] = timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
        elif value is not None:
            data[key] = str(getattr(value, "pk", value))
    return data


def change_form_data(response):
    """The POST data of an admin change page as the browser would send it unchanged."""
    data = _form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({f"{formset.prefix}-{k}": v for k, v in _form_values(formset.management_form).items()})
        for form in formset.forms:
            data.update(_form_values(form, prefix=f"{form.prefix}-"))
    return data


def test_task_checklist_ticks_a_task_done_and_moves_due_dates_with_offsets(client, world):
    task = ConferenceTask.objects.create(conference=world.hh_conf, unit=world.kt, title="Chuẩn bị hội trường",
                                         offset_days=-1, due_date=datetime.date(2026, 6, 10))
    client.force_login(world.economic)
    url = reverse("admin:conferences_conference_change", args=[world.hh_conf.pk])
    data = change_form_data(client.get(url))
    prefix = next(k for k, v in data.items() if k.endswith("-title") and v == "Chuẩn bị hội trường")[:-len("title")]
    data[f"{prefix}done_at_0"] = "2026-06-16"
    data[f"{prefix}done_at_1"] = "10:00:00"
    data.pop(f"{prefix}done_at", None)
    data[f"{prefix}offset_days"] = "-2"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors or [
        f.errors for i in response.context["inline_admin_formsets"] for f in i.formset.forms]
    task.refresh_from_db()
    assert task.done_by == world.economic and task.done_at is not None
    assert task.due_date == datetime.date(2026, 6, 16)  # 2 working days before Thursday 18/6


def test_check_in_on_a_phone_finds_by_code_name_and_phone_and_marks_once(client, world):
    Conference.objects.filter(pk=world.hh_conf.pk).update(status=S.HELD)
    reg = world.hh_reg
    client.force_login(world.office)
    url = reverse("admin:conferences_conference_check_in", args=[world.hh_conf.pk])
    for query in (reg.code, reg.full_name.split()[-1], "0912 345 678", "5678"):
        page = client.get(url, {"q": query}).content.decode()
        assert reg.organisation_name in page, query
    assert world.hd_reg.organisation_name not in client.get(url, {"q": world.hd_reg.code}).content.decode()
    response = client.post(url, {"registration": reg.pk, "q": reg.code})
    assert response.status_code == 302
    reg.refresh_from_db()
    first = reg.checked_in_at
    assert first is not None
    client.post(url, {"registration": reg.pk})
    reg.refresh_from_db()
    assert reg.checked_in_at == first
    assert "Có mặt: 1/1" in client.get(url).content.decode()
    # A registration of another body cannot be checked in through this conference.
    assert client.post(url, {"registration": world.hd_reg.pk}).status_code == 404


def test_check_in_is_refused_before_the_conference_is_eligible(client, world):
    client.force_login(world.office)
    url = reverse("admin:conferences_conference_check_in", args=[world.hh_conf.pk])
    client.post(url, {"registration": world.hh_reg.pk})
    world.hh_reg.refresh_from_db()
    assert world.hh_reg.checked_in_at is None
    client.force_login(world.handler)
    assert client.get(url).status_code in (403, 404)


def test_action_creates_the_bodys_default_tasks_once(client, world):
    client.force_login(world.economic)
    url = reverse("admin:conferences_conference_changelist")
    data = {"action": "create_default_tasks", "_selected_action": [world.hh_conf.pk]}
    client.post(url, data)
    client.post(url, data)
    assert world.hh_conf.tasks.count() == len(world.hh.default_tasks)
    assert world.hh_conf.tasks.filter(unit=world.kt).exists()


def test_changing_a_conferences_rules_in_the_admin_signals_petitions_and_its_date_is_read_only(
        client, world, django_capture_on_commit_callbacks):
    from conferences.signals import conference_rules_changed

    received = []

    def handler(sender, **kwargs):
        received.append((kwargs["conference_id"], kwargs["changes"]))

    client.force_login(world.economic)
    url = reverse("admin:conferences_conference_change", args=[world.hh_conf.pk])
    data = change_form_data(client.get(url))
    assert "starts_at_0" not in data and "starts_at" not in data  # registration_open: moved only by postponing
    data["cutoff_working_days"] = "10"
    conference_rules_changed.connect(handler)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url, data).status_code == 302
            assert client.post(url, data).status_code == 302  # nothing changed the second time
    finally:
        conference_rules_changed.disconnect(handler)
    assert received == [(world.hh_conf.pk, {"cutoff_working_days": (15, 10)})]
