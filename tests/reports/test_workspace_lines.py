"""The lines of "Việc cần làm" about the conference, the results reports, returned drafts, the invitations and
minutes, paper registrations and, for Sở Tài chính, the communes whose report is due: each with its count, a
link that opens as many rows, and a number of queries that does not grow with the rows."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from conferences.models import Conference, Registration
from conferences.organisation import roles
from reports.models import OutgoingKind
from reports.register import services
from tests.factories import BodyFactory, CityFactory, ConferenceFactory, RegistrationFactory, staff_user
from tests.reports.test_workspace import World, home, items
from tests.signing import signed_by

pytestmark = pytest.mark.django_db
NOW = "2026-12-03 09:00:00+07:00"  # a Thursday
S = Conference.Status


def at(day: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day} 08:00"))


@pytest.fixture
def world():
    with freeze_time(NOW):
        w = World()
        # The conference on Tue 22/12/2026: cut-off Tue 1/12/2026 (15 working days before).
        Conference.objects.filter(pk=w.conference.pk).update(starts_at=at("2026-12-22"))
        w.conference.refresh_from_db()
        yield w


def set_status(conference, status, day=None):
    Conference.objects.filter(pk=conference.pk).update(status=status, **({"starts_at": at(day)} if day else {}))


def get(client, url):
    with freeze_time(NOW):
        return client.get(url)


def test_economic_sees_the_conference_next_step_with_its_deadline(client, world):
    shown = items(home(client, world.economic))
    change = reverse("admin:conferences_conference_change", args=[world.conference.pk])
    line = (1, "Hội nghị năm 2026 – bước tiếp theo: hết hạn tiếp nhận đăng ký, kiến nghị, hạn 01/12/2026", change)
    # The cut-off passed two days ago: a late line, shown before what is merely due soon.
    assert line in shown
    assert shown.index(line) < [label for _, label, _ in shown].index("Kiến nghị đến hạn trong 3 ngày làm việc")
    assert world.conference.title in get(client, change).content.decode()

    set_status(world.conference, S.PLAN_SENT)
    labels = [label for _, label, _ in items(home(client, world.economic))]
    assert "Hội nghị năm 2026 – bước tiếp theo: niêm yết thông báo tổ chức Hội nghị, hạn 22/11/2026" in labels


def test_economic_sees_the_results_report_due_until_it_is_recorded(client, world):
    set_status(world.conference, S.HELD, "2026-11-26")
    shown = items(home(client, world.economic))
    documents = reverse("reports:conference_documents", args=[world.conference.pk])
    # 7 working days after Thu 26/11: Mon 7/12, within the 3 working days.
    assert (1, "Báo cáo kết quả Hội nghị năm 2026 gửi Sở Tài chính (kèm Phụ lục I), hạn 07/12/2026",
            documents) in shown
    assert not [label for _, label, _ in shown if "bước tiếp theo" in label]  # held: the report is the next step
    page = get(client, documents)
    assert page.status_code == 200 and world.conference.title in page.content.decode()

    set_status(world.conference, S.REPORTED)
    assert not [label for _, label, _ in items(home(client, world.economic)) if label.startswith("Báo cáo kết quả")]


def test_leader_sees_the_conference_state(client, world):
    shown = items(home(client, world.leader))
    assert (1, "Hội nghị năm 2026: Đang nhận đăng ký; tiếp theo: hết hạn tiếp nhận đăng ký, kiến nghị, "
               "hạn 01/12/2026", reverse("admin:conferences_conference_change", args=[world.conference.pk])) in shown
    assert not [label for _, label, _ in shown if "bước tiếp theo" in label]  # Phòng Kinh tế's line


def returned_draft(world, unit, drafter, title):
    with freeze_time(NOW):
        document = services.outgoing_document_create(
            body=world.body, kind=OutgoingKind.NOTICE, title=title, conference=world.conference,
            drafting_unit=unit, actor=drafter)
        document = services.outgoing_document_submit(document=document, actor=drafter)
        return services.outgoing_document_return(document=document, actor=world.economic,
                                                 comment="Bổ sung căn cứ pháp lý")


def test_handler_sees_its_returned_drafts_with_their_comments(client, world):
    returned_draft(world, world.vhxh, world.handler, "Báo cáo tình hình giải quyết kiến nghị")
    other = staff_user(world.body, roles.HANDLER, unit=world.tc)
    returned_draft(world, world.tc, other, "Công văn của phòng khác")
    page = home(client, world.handler)
    shown = items(page)
    register = reverse("reports:outgoing_register")
    line = [item for item in shown if item[1] == "Dự thảo bị trả lại, cần sửa theo ý kiến"]
    assert line == [(1, "Dự thảo bị trả lại, cần sửa theo ý kiến", f"{register}?tra_lai=1&don_vi={world.vhxh.pk}")]
    assert "Báo cáo tình hình giải quyết kiến nghị – ý kiến: Bổ sung căn cứ pháp lý" in page
    listed = get(client, line[0][2]).content.decode()
    assert len(re.findall(r'href="/reports/van-ban-di/\d+/"', listed)) == 1
    assert "Trả lại: Bổ sung căn cứ pháp lý" in listed and "Công văn của phòng khác" not in listed


def issued(world, kind):
    with freeze_time(NOW):
        document = services.outgoing_document_create(
            body=world.body, kind=kind, title=f"{OutgoingKind(kind).label} năm 2026", conference=world.conference,
            actor=world.economic)
        document = services.outgoing_document_submit(document=document, actor=world.economic)
        document = services.outgoing_document_pass(document=document, actor=world.office)
        document = services.outgoing_document_sign(document=document, actor=world.leader,
                                                   signed_pdf=signed_by(document, world.leader))
        return services.outgoing_document_issue(document=document, actor=world.office)


def prepare_counts(client, world):
    return {label: (count, link) for count, label, link in items(home(client, world.office))
            if label.endswith("cần chuẩn bị, ban hành")}


def test_office_sees_the_invitation_then_the_minutes_to_prepare(client, world):
    documents = reverse("reports:conference_documents", args=[world.conference.pk])
    assert prepare_counts(client, world) == {"Giấy mời Hội nghị cần chuẩn bị, ban hành": (0, documents),
                                             "Biên bản Hội nghị cần chuẩn bị, ban hành": (0, documents)}
    set_status(world.conference, S.ELIGIBLE)
    assert prepare_counts(client, world)["Giấy mời Hội nghị cần chuẩn bị, ban hành"] == (1, documents)
    assert get(client, documents).status_code == 200
    issued(world, OutgoingKind.INVITATION)
    assert prepare_counts(client, world)["Giấy mời Hội nghị cần chuẩn bị, ban hành"][0] == 0
    set_status(world.conference, S.HELD, "2026-11-26")
    assert prepare_counts(client, world) == {"Giấy mời Hội nghị cần chuẩn bị, ban hành": (0, documents),
                                             "Biên bản Hội nghị cần chuẩn bị, ban hành": (1, documents)}


def registrations(world, n, *, typed_by=None, channel=Registration.Channel.PAPER, when=NOW):
    with freeze_time(when):
        extra = {"consent_version": "1", "consented_at": timezone.now()} if channel == "online" else {}
        return [RegistrationFactory(conference=world.conference, channel=channel, created_by=typed_by, **extra)
                for _ in range(n)]


def test_office_sees_the_paper_registrations_typed_today(client, world):
    registrations(world, 2, typed_by=world.office)
    registrations(world, 1, typed_by=world.economic, when="2026-12-03 23:30:00+07:00")  # late tonight: today
    registrations(world, 1, typed_by=world.office, when="2026-12-02 16:00:00+07:00")  # yesterday
    registrations(world, 1, channel=Registration.Channel.ONLINE)  # the public form
    registrations(world, 1)  # imported, nobody typed it
    line = [item for item in items(home(client, world.office)) if item[1] == "Phiếu đăng ký giấy đã nhập hôm nay"]
    assert [count for count, _, _ in line] == [3]
    page = get(client, line[0][2]).content.decode()
    assert page.count('class="field-code"') == 3


class City:
    def __init__(self):
        self.city = CityFactory()
        self.finance = staff_user(self.city, roles.FINANCE)
        self.communes = {}
        # name -> (conference day, status): due Mon 7/12 (soon), due 19/11 (late), due 10/12 (later), reported.
        for name, day, status in (("xã Hải Hưng", "2026-11-26", S.HELD), ("xã Hải An", "2026-11-10", S.CONCLUDED),
                                  ("xã Hải Bình", "2026-12-01", S.HELD), ("xã Hải Châu", "2026-11-10", S.REPORTED)):
            body = BodyFactory(parent=self.city, name=name)
            self.communes[name] = body
            ConferenceFactory(body=body, year=2026, starts_at=at(day), status=status)


@pytest.fixture
def city():
    with freeze_time(NOW):
        return City()


def test_finance_sees_the_communes_whose_report_is_due_or_late(client, city):
    shown = items(home(client, city.finance))
    total = reverse("reports:city_year", args=[2026]) + "?han=1"
    assert shown[0] == (2, "Xã, phường, đặc khu đến hạn hoặc quá hạn báo cáo kết quả năm 2026", total)
    an, hung = city.communes["xã Hải An"], city.communes["xã Hải Hưng"]
    assert shown[1] == (1, "Quá hạn báo cáo – xã Hải An (hạn 19/11/2026)",
                        reverse("reports:body_phu_luc_1", args=[an.slug, 2026, "pdf"]))
    assert shown[2] == (1, "Đến hạn báo cáo – xã Hải Hưng (hạn 07/12/2026)",
                        reverse("reports:body_phu_luc_1", args=[hung.slug, 2026, "pdf"]))
    assert len(shown) == 3
    page = get(client, total).content.decode()
    table = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert re.findall(r'<th scope="row">([^<]+)</th>', table) == ["xã Hải An", "xã Hải Hưng", "Cộng"]
    pdf = get(client, shown[1][2])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def count_queries(client, user, grow):
    client.force_login(user)
    url = reverse("admin:index")
    with freeze_time(NOW):
        client.get(url)  # warm the calendar's and the session's caches
        with CaptureQueriesContext(connection) as few:
            client.get(url)
    grow()
    with freeze_time(NOW), CaptureQueriesContext(connection) as many:
        client.get(url)
    return len(few), len(many)


@pytest.mark.parametrize("role", ["economic", "handler", "leader", "office"])
def test_the_new_lines_keep_the_query_count_flat(client, world, role):
    set_status(world.conference, S.ELIGIBLE)

    def grow():
        for i in range(3):
            returned_draft(world, world.vhxh, world.handler, f"Dự thảo {i}")
        registrations(world, 3, typed_by=world.office)

    few, many = count_queries(client, getattr(world, role), grow)
    assert few == many


def test_the_finance_lines_keep_the_query_count_flat(client, city):
    def grow():
        with freeze_time(NOW):
            for i in range(3):
                body = BodyFactory(parent=city.city, name=f"phường {i}")
                ConferenceFactory(body=body, year=2026, starts_at=at("2026-11-12"), status=S.HELD)

    few, many = count_queries(client, city.finance, grow)
    assert few == many
