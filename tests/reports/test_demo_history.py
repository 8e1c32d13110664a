"""The demo data tells the truth about time: its history is written on the dates it describes (issue 21 item 10)."""

import datetime
import io

import openpyxl
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from conferences.models import Conference
from petitions.models import Petition, PetitionEvent, Status
from reports.phu_luc_1 import counting
from reports.phu_luc_1.workbook import TOTAL_ROW
from reports.register.models import OutgoingDocument, OutgoingStatus

pytestmark = pytest.mark.django_db

S = Conference.Status
JUNE_18 = datetime.date(2026, 6, 18)


def local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment)


@freeze_time("2026-12-05 09:00:00+07:00")
def test_as_of_the_conference_day_shows_what_was_answered_by_then(client):
    call_command("load_demo", verbosity=0, quiet_logins=True)
    conference = Conference.objects.get(body__slug="xa-hai-hung", year=2026)

    then = {p.code: p.status_then for p in counting.with_status_as_of(
        Petition.objects.filter(conference=conference), JUNE_18)}
    # The 16 answered and resolved in the hall, 5 answered there with follow-up; not everything "received".
    assert list(then.values()).count(Status.RESOLVED) == 16
    assert list(then.values()).count(Status.ANSWERED_PENDING) == 5
    assert list(then.values()).count(Status.RECEIVED) < 5
    # Before the conference nothing had been answered yet; what was sent out had been.
    before = [p.status_then for p in counting.with_status_as_of(
        Petition.objects.filter(conference=conference), datetime.date(2026, 6, 10))]
    assert Status.RESOLVED not in before and Status.ANSWERED_PENDING not in before
    assert Status.TRANSFERRED in before and Status.ASSIGNED in before
    # Phụ lục I as of 18/06/2026, as the staff open it: the "resolved" column is filled in.
    table = counting.conference_table(conference, as_of=JUNE_18)
    assert sum(row.counts[4] for row in table.rows) == 16
    client.force_login(get_user_model().objects.get(username="kinhte.haihung"))
    response = client.get(reverse("reports:phu_luc_1_xlsx", args=[conference.pk]) + "?as_of=2026-06-18")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A7"].value == "(Số liệu tính đến hết ngày 18/06/2026)"
    assert sheet[f"D{TOTAL_ROW}"].value == 16  # "Đã giải quyết triệt để"


@freeze_time("2026-12-05 09:00:00+07:00")
def test_a_petitions_timeline_shows_the_days_it_describes():
    call_command("load_demo", verbosity=0, quiet_logins=True)
    conference = Conference.objects.get(body__slug="xa-hai-hung", year=2026)
    answered = Petition.objects.filter(conference=conference, status=Status.RESOLVED, answered_at_conference=True,
                                       raised_at_conference=False).order_by("code").first()
    events = list(answered.events.order_by("created_at", "pk"))
    assert [e.to_status for e in events] == [Status.RECEIVED, Status.ASSIGNED, Status.RESOLVED]
    received, assigned, resolved = (local(e.created_at) for e in events)
    assert received == local(answered.received_at)
    assert received.date() < assigned.date() < JUNE_18
    assert (resolved.date(), resolved.hour) == (JUNE_18, 10)
    assert local(answered.answered_at) == resolved
    # Nothing of the 2026 conference is dated the day the demo was loaded.
    loaded = timezone.localdate()
    assert not PetitionEvent.objects.filter(petition__conference=conference, created_at__date=loaded).exists()
    assert not conference.events.filter(created_at__date=loaded).exists()
    # The conference walked its lifecycle on its days: planned, noticed, eligible at its cut-off, held, concluded,
    # reported (its BC issued through the register on 22/07).
    steps = [(e.to_status, local(e.created_at).date()) for e in conference.events.order_by("created_at", "pk")]
    assert [status for status, _day in steps] == [
        S.DRAFT, S.PLAN_SENT, S.NOTICE_PUBLISHED, S.REGISTRATION_OPEN, S.CUTOFF_PASSED, S.ELIGIBLE, S.HELD,
        S.CONCLUDED, S.REPORTED]
    assert dict(steps)[S.PLAN_SENT] == datetime.date(2026, 4, 20)
    assert dict(steps)[S.HELD] == JUNE_18
    assert dict(steps)[S.REPORTED] == datetime.date(2026, 7, 22)
    # A withdrawal is dated when it happened, its event with it.
    withdrawn = Petition.objects.filter(conference=conference, status=Status.WITHDRAWN).first()
    assert withdrawn.events.get(to_status=Status.WITHDRAWN).created_at == withdrawn.withdrawn_at
    assert withdrawn.withdrawn_at < timezone.make_aware(datetime.datetime(2026, 6, 18))


@freeze_time("2026-12-05 09:00:00+07:00")
def test_ha_dong_is_not_eligible_at_its_cutoff_then_stopped_with_its_stop_report():
    call_command("load_demo", verbosity=0, quiet_logins=True)
    conference = Conference.objects.get(body__slug="xa-ha-dong", year=2026)
    assert conference.status == S.STOPPED
    record = conference.cutoff_record
    assert len(record["organisations"]) == 3 and record["met"] is False
    assert record["cutoff"] == "2026-07-07"
    steps = [(e.to_status, local(e.created_at).date()) for e in conference.events.order_by("created_at", "pk")]
    assert steps[-3:] == [(S.CUTOFF_PASSED, datetime.date(2026, 7, 8)), (S.NOT_ELIGIBLE, datetime.date(2026, 7, 8)),
                          (S.STOPPED, datetime.date(2026, 7, 10))]
    assert "3 doanh nghiệp" in conference.events.get(to_status=S.STOPPED).note
    report = OutgoingDocument.objects.get(conference=conference, kind="stop_postpone_report")
    assert report.status == OutgoingStatus.ISSUED
    assert report.issued_on == datetime.date(2026, 7, 10) and report.signer_name == "Hoàng Văn Đại"
    # Its open petitions follow the no-conference rule from that day; none was answered in a hall.
    assert not Petition.objects.filter(conference=conference, answered_at_conference=True).exists()
    for petition in Petition.objects.filter(conference=conference, status=Status.ASSIGNED):
        assert petition.deadline_rule == "no_conference"
        assert local(petition.events.order_by("-created_at").first().created_at).date() == datetime.date(2026, 7, 10)


def counts():
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_loaded_on_another_day_the_demo_is_the_same_and_loads_twice():
    """Loaded any day (here in spring 2027, the upcoming conference then in 2027 too), the 2026 history is the
    same, and a second load changes nothing."""
    with freeze_time("2027-03-10 09:00:00+07:00"):
        call_command("load_demo", verbosity=0, quiet_logins=True)
        first = counts()
        call_command("load_demo", verbosity=0, quiet_logins=True)
        assert counts() == first
    conference = Conference.objects.get(body__slug="xa-hai-hung", year=2026)
    then = [p.status_then for p in counting.with_status_as_of(Petition.objects.filter(conference=conference),
                                                              JUNE_18)]
    assert then.count(Status.RESOLVED) == 16
    upcoming = Conference.objects.get(body__slug="xa-hai-hung", status=S.REGISTRATION_OPEN)
    assert upcoming.year == 2027 and upcoming.starts_at.date() > datetime.date(2027, 3, 10)
    opened = upcoming.events.get(to_status=S.REGISTRATION_OPEN).created_at
    assert all(r.received_at > opened for r in upcoming.registrations.all())


@freeze_time("2026-12-05 09:00:00+07:00")
def test_the_demo_documents_are_signed_on_their_day_before_they_are_issued():
    """The Chủ tịch's signature of an issued demo document is dated on the day the demo describes, before the body's
    signature at issue (it carried the time the demo was loaded, months after the issue)."""
    from reports.register.pdf import SEAL_FIELD, SIGNER_FIELD
    from reports.register.signing.signatures import validate_pdf

    call_command("load_demo", verbosity=0, quiet_logins=True)
    issued = OutgoingDocument.objects.filter(body__slug="xa-hai-hung", conference__year=2026,
                                             status=OutgoingStatus.ISSUED).exclude(kind="minutes")
    assert issued.count() >= 6
    for document in issued:
        times = {r.field_name: r.signing_time for r in validate_pdf(bytes(document.issued_pdf))}
        signed, sealed = times[SIGNER_FIELD], times[SEAL_FIELD]
        assert local(signed).date() == document.issued_on, document.kind
        assert signed < sealed, document.kind
