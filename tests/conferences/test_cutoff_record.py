"""Decided at the cut-off (issue 21 item 4): the counts, the lists and the decision are recorded; a later
withdrawal does not change what was decided, and the panel shows "at the cut-off" beside "now"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from conferences.lifecycle import services as lifecycle
from conferences.models import Conference
from tests.factories import PetitionFactory, RegistrationFactory, ScopingWorld

pytestmark = pytest.mark.django_db
S = Conference.Status


def local(y, m, d, hh=9, mm=0):
    return timezone.make_aware(datetime.datetime(y, m, d, hh, mm))


def test_withdrawal_after_the_cutoff_does_not_rewrite_the_decision(client):
    world = ScopingWorld()
    conference = world.hh_conf
    registrations = [RegistrationFactory(conference=conference, received_at=local(2026, 5, 4)) for _ in range(15)]
    for registration in registrations[:5]:
        PetitionFactory(body=conference.body, conference=conference, registration=registration,
                        tax_code=registration.tax_code, received_at=local(2026, 5, 5))
    Conference.objects.filter(pk=conference.pk).update(status=S.REGISTRATION_OPEN)
    conference.refresh_from_db()
    lifecycle.conference_transition(conference=conference, to_status=S.CUTOFF_PASSED, now=local(2026, 5, 29, 8))
    conference.refresh_from_db()
    record = conference.cutoff_record
    assert record["met"] is True
    assert len(record["organisations"]) >= 15 and len(record["petitions"]) >= 5
    assert record["recorded_at"].startswith("2026-05-29T")

    # Two organisations withdraw the day after the cut-off: the decision stands.
    with freeze_time(local(2026, 5, 30)):
        for registration in registrations[:2]:
            registration.withdrawn_at = timezone.now()
            registration.save(update_fields=["withdrawn_at"])
        lifecycle.conference_evaluate_cutoff(conference=conference, now=timezone.now())
    conference.refresh_from_db()
    assert conference.status == S.ELIGIBLE
    assert conference.cutoff_record == record

    client.force_login(world.economic)
    with freeze_time(local(2026, 5, 30)):
        page = client.get(reverse("admin:conferences_conference_change", args=[conference.pk])).content.decode()
    assert "Tại hạn tiếp nhận" in page and "Hiện nay" in page
    organisations = len(record["organisations"])
    assert f"{organisations}/15" in page and f"{organisations - 2}/15" in page
    assert "Đủ điều kiện" in page
