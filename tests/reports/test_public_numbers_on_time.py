"""The public "Kết quả bằng số liệu" page counts on time honestly (issue 21 item 8): answered at the conference
or in writing by the due date is on time; an open petition past its due date is late and shown as overdue."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from conferences.models import Conference
from petitions.models import Petition, Status
from tests.factories import BodyFactory, ConferenceFactory, PetitionFactory

pytestmark = pytest.mark.django_db


def local(y, m, d, hh=9, mm=0):
    return timezone.make_aware(datetime.datetime(y, m, d, hh, mm))


def petition(conference, *, status, due, answered_at=None, at_conference=False):
    p = PetitionFactory(body=conference.body, conference=conference, received_at=local(2026, 5, 5))
    Petition.objects.filter(pk=p.pk).update(status=status, due_date=due, answered_at=answered_at,
                                            answered_at_conference=at_conference)
    return p


@freeze_time("2026-12-05 10:00:00+07:00")
def test_open_petitions_past_their_due_date_count_as_late(client):
    body = BodyFactory(slug="xa-so-lieu")
    conference = ConferenceFactory(body=body, year=2026, starts_at=local(2026, 6, 18, 8), is_public=True,
                                   status=Conference.Status.CONCLUDED)
    due = datetime.date(2026, 6, 29)
    petition(conference, status=Status.RESOLVED, due=due, answered_at=local(2026, 6, 18, 10), at_conference=True)
    petition(conference, status=Status.RESOLVED, due=due, answered_at=local(2026, 6, 26))
    petition(conference, status=Status.RESOLVED, due=due, answered_at=local(2026, 7, 10))  # late
    petition(conference, status=Status.ASSIGNED, due=due)  # open, 5 months late
    petition(conference, status=Status.DRAFTED, due=due)
    petition(conference, status=Status.ASSIGNED, due=datetime.date(2027, 1, 10))  # open, not yet due
    p = PetitionFactory(body=body, conference=conference, received_at=local(2026, 5, 5), status=Status.WITHDRAWN,
                        withdrawn_at=local(2026, 5, 20))
    Petition.objects.filter(pk=p.pk).update(due_date=due)
    page = client.get(reverse("reports_public:folder_numbers", args=[body.slug, 2026])).content.decode()
    assert "Tỷ lệ trả lời đúng hạn: <strong>40%</strong>" in page
    assert "2 trên 5 kiến nghị đã trả lời hoặc đã đến hạn" in page
    assert "Đang quá hạn: <strong>2</strong> kiến nghị chưa trả lời." in page
    assert "Số liệu tính đến ngày 05/12/2026." in page
    assert "<strong>100%</strong>" not in page
