"""The notice lead time has a unit (issue 21 item 6): Hà Đông's plan says 15 working days before."""

import datetime

import pytest
from django.utils import timezone
from freezegun import freeze_time

from conferences.common.errors import ConferenceError
from conferences.lifecycle import eligibility
from conferences.lifecycle.services import conference_transition
from conferences.models import Conference, Unit
from reports.documents import render_html
from reports.documents.conference import plan
from tests.factories import BodyFactory, ConferenceFactory, UnitFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_2026")]
S = Conference.Status


def local(y, m, d, hh=9, mm=0):
    return timezone.make_aware(datetime.datetime(y, m, d, hh, mm))


@pytest.fixture
def conference():
    body = BodyFactory(name="xã Hà Đông", notice_days=15, notice_days_working=True)
    UnitFactory(body=body, name="Văn phòng HĐND và UBND", code="VP", kind=Unit.Kind.OFFICE)
    conference = ConferenceFactory(body=body, status=S.DRAFT, starts_at=local(2026, 6, 18, 8))
    conference.copy_rules_from(body)
    conference.save()
    return conference


def test_notice_date_counts_working_days(conference):
    # Thursday 18/6/2026: 15 working days before is Thursday 28/5 (30 calendar days would be 19/5).
    assert eligibility.notice_date(conference) == datetime.date(2026, 5, 28)


@freeze_time("2026-03-02 09:00:00+07:00")
def test_notice_task_and_plan_use_working_days(conference):
    conference_transition(conference=conference, to_status=S.PLAN_SENT, actor=UserFactory(), plan_number="05/KH-UBND")
    task = conference.tasks.get(title="Tham mưu ban hành Thông báo tổ chức Hội nghị")
    assert task.due_date == datetime.date(2026, 5, 28)
    assert task.working_days
    html = render_html(plan(conference))
    assert "trước 15 ngày làm việc diễn ra Hội nghị (chậm nhất ngày 28/5/2026)" in html


def test_notice_refused_after_the_working_day_lead(conference):
    Conference.objects.filter(pk=conference.pk).update(status=S.PLAN_SENT)
    conference.refresh_from_db()
    with freeze_time(local(2026, 5, 29)), pytest.raises(ConferenceError, match="ngày làm việc"):
        conference_transition(conference=conference, to_status=S.NOTICE_PUBLISHED, actor=UserFactory())
    with freeze_time(local(2026, 5, 28)):
        conference_transition(conference=conference, to_status=S.NOTICE_PUBLISHED, actor=UserFactory())
    assert conference.status == S.NOTICE_PUBLISHED


def test_calendar_days_stay_the_default():
    conference = ConferenceFactory(starts_at=local(2026, 6, 18, 8))
    assert not conference.notice_days_working
    assert eligibility.notice_date(conference) == datetime.date(2026, 5, 19)
