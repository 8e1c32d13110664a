"""The admin home's "Việc cần làm": what waits for each role, most urgent first, links to the filtered lists,
and a number of queries that does not grow with the rows."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from conferences.models import Unit
from conferences.organisation import roles
from petitions.models import Status
from reports.models import OutgoingKind
from reports.register import services
from tests.factories import BodyFactory, ConferenceFactory, PetitionFactory, UnitFactory, staff_user
from tests.signing import signed_by

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 3)  # a Thursday


class World:
    def __init__(self):
        self.body = BodyFactory()
        self.kt = UnitFactory(body=self.body, code="KT", kind=Unit.Kind.ECONOMIC, name="Phòng Kinh tế")
        self.vp = UnitFactory(body=self.body, code="VP", kind=Unit.Kind.OFFICE, name="Văn phòng")
        self.vhxh = UnitFactory(body=self.body, code="VHXH", name="Phòng Văn hóa – Xã hội", handles_petitions=True)
        self.tc = UnitFactory(body=self.body, code="TC", name="Phòng Tài chính – Kế hoạch", handles_petitions=True)
        self.economic = staff_user(self.body, roles.ECONOMIC, unit=self.kt)
        self.handler = staff_user(self.body, roles.HANDLER, unit=self.vhxh)
        self.office = staff_user(self.body, roles.OFFICE, unit=self.vp)
        self.leader = staff_user(self.body, roles.LEADERSHIP)
        self.finance = staff_user(BodyFactory(), roles.FINANCE)
        self.conference = ConferenceFactory(body=self.body, year=2026)

    def petitions(self, n=1, *, status=Status.ASSIGNED, due=TODAY, unit=None, coordinating=()):
        return [PetitionFactory(body=self.body, status=status, due_date=due, lead_unit=unit or self.vhxh,
                                coordinating_units=list(coordinating)) for _ in range(n)]

    def document(self, status):
        document = services.outgoing_document_create(
            body=self.body, kind=OutgoingKind.NOTICE, title="Thông báo tổ chức Hội nghị năm 2026",
            conference=self.conference, actor=self.economic, recipients="Sở Tài chính")
        if status in ("under_review", "awaiting_signature", "signed"):
            document = services.outgoing_document_submit(document=document, actor=self.economic)
        if status in ("awaiting_signature", "signed"):
            document = services.outgoing_document_pass(document=document, actor=self.office)
        if status == "signed":
            document = services.outgoing_document_sign(document=document, actor=self.leader,
                                                           signed_pdf=signed_by(document, self.leader))
        return document

    def fill(self, k=1):
        """k of each kind of work; every count on the home then reads k (2k for the late total)."""
        late = TODAY - datetime.timedelta(days=2)
        self.petitions(k, status=Status.RECEIVED, due=TODAY + datetime.timedelta(days=30))
        self.petitions(k, status=Status.DRAFTED, due=TODAY + datetime.timedelta(days=30))
        self.petitions(k, due=late)
        self.petitions(k, due=late, unit=self.tc, coordinating=[self.vhxh])
        self.petitions(k, due=TODAY + datetime.timedelta(days=1))
        for status in ("under_review", "awaiting_signature", "signed"):
            for _ in range(k):
                self.document(status)


@pytest.fixture
def world():
    with freeze_time("2026-12-03 09:00:00+07:00"):
        yield World()


def home(client, user):
    client.force_login(user)
    with freeze_time("2026-12-03 09:00:00+07:00"):
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.content.decode()


def items(page):
    """(count, label, link) of each line of "Việc cần làm", in the order shown."""
    section = page.split('<h2 id="workspace-title">Việc cần làm</h2>', 1)[1].split("</section>", 1)[0]
    return [(int(n), re.sub(r"\s+", " ", label).strip(), href.replace("&amp;", "&"))
            for href, n, label in re.findall(
                r'<a href="([^"]+)"><span class="workspace-count">(\d+)</span> '
                r'<span class="workspace-label">([^<]+)</span>', section)]


def test_economic_sees_late_first_then_due_soon_then_triage_and_review(client, world):
    with freeze_time("2026-12-03 09:00:00+07:00"):
        world.fill()
    # The conference's own lines (tests/reports/test_workspace_lines.py) aside.
    shown = [item for item in items(home(client, world.economic)) if not item[1].startswith("Hội nghị năm")]
    changelist = reverse("admin:petitions_petition_changelist")
    assert shown[0] == (2, "Kiến nghị quá hạn trả lời", f"{changelist}?han=late")
    assert (2, "Quá hạn – Phòng Văn hóa – Xã hội", f"{changelist}?han=late&don_vi={world.vhxh.pk}") in shown[1:3]
    assert (1, "Quá hạn – Phòng Tài chính – Kế hoạch", f"{changelist}?han=late&don_vi={world.tc.pk}") in shown[1:3]
    assert shown[3] == (1, "Kiến nghị đến hạn trong 3 ngày làm việc", f"{changelist}?han=soon")
    # ... and by unit, right under it (the drafted one due in 30 days is not due soon).
    assert shown[4] == (1, "Đến hạn trong 3 ngày làm việc – Phòng Văn hóa – Xã hội",
                        f"{changelist}?han=soon&don_vi={world.vhxh.pk}")
    assert (1, "Kiến nghị mới cần phân loại, giao đơn vị", f"{changelist}?status__exact=received") in shown
    assert (1, "Dự thảo trả lời cần duyệt", f"{changelist}?status__exact=drafted") in shown
    register = reverse("reports:outgoing_register")
    assert (1, "Văn bản chờ thẩm định", f"{register}?status=under_review") in shown
    assert not [item for item in shown if item[1] in ("Văn bản chờ ký", "Kiến nghị đơn vị cần dự thảo trả lời")]


def test_each_link_opens_a_list_with_as_many_rows_as_counted(client, world):
    with freeze_time("2026-12-03 09:00:00+07:00"):
        world.fill(k=2)
    for count, label, link in items(home(client, world.economic)):
        with freeze_time("2026-12-03 09:00:00+07:00"):
            page = client.get(link).content.decode()
        if link.startswith(reverse("admin:conferences_conference_changelist")):
            assert count == 1 and world.conference.title in page, label  # the conference's next step
        elif link.startswith(reverse("reports:outgoing_register")):
            assert page.count("Thông báo tổ chức Hội nghị năm 2026") >= count, label
        else:
            assert len(re.findall(r'<tr[^>]*>\s*<td class="action-checkbox">', page)) == count, label


def test_handler_sees_its_own_petitions_to_draft_and_late(client, world):
    with freeze_time("2026-12-03 09:00:00+07:00"):
        world.fill()
        world.petitions(3, unit=world.tc, due=TODAY - datetime.timedelta(days=1))  # another unit's
    shown = {label: count for count, label, _ in items(home(client, world.handler))}
    assert shown["Kiến nghị quá hạn trả lời"] == 2
    assert shown["Kiến nghị đến hạn trong 3 ngày làm việc"] == 1
    # Its assigned petitions: the late, the coordinated late and the due-soon ones.
    assert shown["Kiến nghị đơn vị cần dự thảo trả lời"] == 3
    assert "Kiến nghị mới cần phân loại, giao đơn vị" not in shown


def test_leader_sees_documents_to_sign_and_late_by_unit(client, world):
    with freeze_time("2026-12-03 09:00:00+07:00"):
        world.fill()
    shown = items(home(client, world.leader))
    labels = [label for _, label, _ in shown]
    assert labels[0] == "Kiến nghị quá hạn trả lời"
    assert "Quá hạn – Phòng Văn hóa – Xã hội" in labels
    assert (1, "Văn bản chờ ký", f"{reverse('reports:outgoing_register')}?status=awaiting_signature") in shown
    assert "Văn bản chờ thẩm định" not in labels


def test_office_sees_documents_to_review_and_issue(client, world):
    with freeze_time("2026-12-03 09:00:00+07:00"):
        world.fill()
    shown = {label: count for count, label, _ in items(home(client, world.office))}
    assert {label: shown[label] for label in shown if label.startswith("Văn bản")} == {
        "Văn bản chờ thẩm định": 1, "Văn bản đã ký chờ cấp số, ban hành": 1}


def test_home_links_to_reports_dashboard_and_public_folder(client, world):
    page = home(client, world.economic)
    assert f'href="{reverse("reports:report_index")}"' in page
    assert f'href="{reverse("reports:dashboard")}"' in page
    assert f'href="{reverse("reports_public:folder_archive", args=[world.body.slug])}"' in page
    office = home(client, world.office)
    assert f'href="{reverse("reports:dashboard")}"' not in office  # the office may not open it


@pytest.mark.parametrize("role", ["economic", "handler", "leader", "office"])
def test_the_home_query_count_does_not_grow_with_the_rows(client, world, role, django_assert_num_queries):
    user = getattr(world, role)
    with freeze_time("2026-12-03 09:00:00+07:00"):
        world.fill(k=1)
    client.force_login(user)
    url = reverse("admin:index")
    with freeze_time("2026-12-03 09:00:00+07:00"):
        client.get(url)  # warm the calendar's and the session's caches
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        world.fill(k=3)
        with django_assert_num_queries(len(few)):
            client.get(url)


def test_conference_page_links_to_reports_dashboard_and_public_folder(client, world):
    client.force_login(world.economic)
    page = client.get(reverse("admin:conferences_conference_change", args=[world.conference.pk])).content.decode()
    assert f'href="{reverse("reports:report_index")}"' in page
    assert f'href="{reverse("reports:dashboard")}?year=2026"' in page
    assert f'href="{reverse("reports_public:folder_year", args=[world.body.slug, 2026])}"' in page
