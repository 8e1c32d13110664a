"""registration_submit: one transaction, codes, deadlines from petitions/deadlines.py, token idempotency."""

import datetime
import threading
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from conferences.models import Conference, IdentifierKind, Registration
from petitions.models import Petition, PetitionEvent, RegistrationSubmission, Status
from petitions.registration import services as reg
from petitions.workflow.services import PetitionError
from tests.factories import UpcomingConferenceFactory as ConferenceFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args):
    return datetime.datetime(*args, tzinfo=VN)


def submit(conference, token="tok-1", petitions=None, **overrides):
    kwargs = dict(
        conference=conference, form_token=token, full_name="Nguyễn Văn An", position="Giám đốc",
        organisation_name="Công ty TNHH Hải An", organisation_kind="DN", identifier_kind=IdentifierKind.TAX_CODE,
        tax_code="0312687878", phone="0912345678", address="Thôn Đông, xã Thử Nghiệm",
        overall_proposal="Đề nghị đơn giản hóa thủ tục.",
        petitions=petitions if petitions is not None else [
            reg.PetitionInput(category=1, content="Khó tiếp cận vốn vay ưu đãi."),
            reg.PetitionInput(category=1, content="Hạn mức vay thấp.", proposed_solution="Nâng hạn mức."),
            reg.PetitionInput(category=6, content="Chậm cấp giấy chứng nhận quyền sử dụng đất."),
        ],
        consent_version=reg.PRIVACY_NOTICE_VERSION, consented_at=at(2026, 11, 20, 9, 0),
        received_at=at(2026, 11, 20, 9, 0),
    )
    kwargs.update(overrides)
    return reg.registration_submit(**kwargs)


@pytest.mark.django_db
class TestSubmit:
    def test_creates_the_registration_its_petitions_codes_and_events(self):
        conference = ConferenceFactory()
        registration, created = submit(conference)

        assert created
        assert registration.code.startswith(f"{conference.body.code_prefix}26-")
        assert len(registration.secret) >= 16
        assert registration.consent_version == "2026-12"
        assert registration.consented_at == at(2026, 11, 20, 9, 0)
        petitions = list(registration.petitions.order_by("pk"))
        assert [p.category for p in petitions] == [1, 1, 6]
        assert petitions[1].proposed_solution == "Nâng hạn mức."
        assert len({p.code for p in petitions} | {registration.code}) == 4
        assert all(p.status == Status.RECEIVED and p.body == conference.body for p in petitions)
        assert all(p.organisation_name == "Công ty TNHH Hải An" and p.phone == "0912345678" for p in petitions)
        assert PetitionEvent.objects.filter(petition__registration=registration, to_status=Status.RECEIVED).count() == 3

    def test_overall_proposal_and_notification_choices_are_kept(self):
        registration, _ = submit(ConferenceFactory(), notify_sms=False, notify_email=True, email="a@b.vn")
        submission = RegistrationSubmission.objects.get(registration=registration)
        assert submission.overall_proposal == "Đề nghị đơn giản hóa thủ tục."
        assert (submission.notify_sms, submission.notify_email) == (False, True)

    def test_timely_petitions_follow_the_conference_rule(self):
        # Conference Tue 22/12/2026; cut-off 15 working days before = Tue 1/12/2026.
        registration, _ = submit(ConferenceFactory(), received_at=at(2026, 12, 1, 10, 0))
        petition = registration.petitions.first()
        assert petition.receipt_day == datetime.date(2026, 12, 1)
        assert petition.deadline_rule == "after_conference"
        assert petition.due_date == datetime.date(2026, 12, 31)
        assert registration.submission.received_after_cutoff is False

    def test_after_office_hours_on_the_cut_off_day_is_late(self):
        registration, _ = submit(ConferenceFactory(), received_at=at(2026, 12, 1, 17, 30))
        petition = registration.petitions.first()
        assert petition.receipt_day == datetime.date(2026, 12, 2)
        assert petition.deadline_rule == "no_conference"
        # 7 working days from the counted receipt day (Wed 2/12) → Fri 11/12.
        assert petition.due_date == datetime.date(2026, 12, 11)
        assert registration.submission.received_after_cutoff is True
        assert "sau hạn" in petition.events.get().note

    def test_no_conference_rule_for_a_conference_that_will_not_be_held(self):
        conference = ConferenceFactory(status=Conference.Status.NOT_ELIGIBLE)
        registration, _ = submit(conference, received_at=at(2026, 11, 20, 9, 0))
        petition = registration.petitions.first()
        assert petition.deadline_rule == "no_conference"
        # Fri 20/11 + 7 working days, skipping the weekend and 24/11 (Ngày Văn hóa Việt Nam) → Wed 2/12.
        assert petition.due_date == datetime.date(2026, 12, 2)

    def test_conference_rule_settings_are_used(self):
        conference = ConferenceFactory(cutoff_working_days=5, no_conference_answer_working_days=3)
        registration, _ = submit(conference, received_at=at(2026, 12, 16, 9, 0))
        petition = registration.petitions.first()
        assert petition.deadline_rule == "no_conference"  # cut-off 15/12 with 5 working days
        assert petition.due_date == datetime.date(2026, 12, 21)

    def test_same_token_returns_the_same_registration_and_creates_nothing(self):
        conference = ConferenceFactory()
        first, created = submit(conference)
        again, created_again = submit(conference, full_name="Người khác")
        assert (created, created_again) == (True, False)
        assert again.pk == first.pk
        assert Registration.objects.count() == 1
        assert Petition.objects.count() == 3

    def test_token_of_another_conference_is_refused(self):
        submit(ConferenceFactory())
        with pytest.raises(PetitionError):
            submit(ConferenceFactory())

    def test_a_failure_half_way_leaves_nothing(self):
        conference = ConferenceFactory()
        with mock.patch.object(reg, "_enqueue_confirmation", side_effect=RuntimeError("boom")):
            with pytest.raises(RuntimeError):
                submit(conference)
        assert Registration.objects.count() == 0
        assert Petition.objects.count() == 0
        assert RegistrationSubmission.objects.count() == 0

    def test_online_submission_needs_consent(self):
        with pytest.raises(PetitionError):
            submit(ConferenceFactory(), consent_version="", consented_at=None)
        assert Registration.objects.count() == 0

    def test_paper_form_entered_by_staff_keeps_received_at_as_written(self, django_user_model):
        staff = django_user_model.objects.create_user("kt", password="x")
        registration, _ = submit(ConferenceFactory(), channel=Registration.Channel.PAPER, consent_version="",
                                 consented_at=None, received_at=at(2026, 11, 18, 14, 0), actor=staff)
        assert registration.received_at == at(2026, 11, 18, 14, 0)
        assert registration.created_by == staff
        assert set(registration.petitions.values_list("channel", flat=True)) == {"paper"}


@pytest.mark.django_db
class TestWithdraw:
    def test_registrant_withdraws_one_petition_before_the_cut_off(self):
        registration, _ = submit(ConferenceFactory())
        petition = registration.petitions.first()
        with mock.patch.object(reg, "before_cutoff", return_value=True):
            reg.petition_withdraw_by_registrant(registration=registration, petition=petition)
        petition.refresh_from_db()
        assert petition.status == Status.WITHDRAWN
        assert petition.events.last().to_status == Status.WITHDRAWN

    def test_after_the_cut_off_withdrawal_is_refused(self):
        registration, _ = submit(ConferenceFactory())
        with mock.patch.object(reg, "before_cutoff", return_value=False):
            with pytest.raises(PetitionError):
                reg.registration_withdraw(registration=registration)
        registration.refresh_from_db()
        assert registration.withdrawn_at is None

    def test_withdrawing_the_registration_withdraws_its_petitions_with_events(self):
        registration, _ = submit(ConferenceFactory())
        with mock.patch.object(reg, "before_cutoff", return_value=True):
            reg.registration_withdraw(registration=registration)
        assert registration.withdrawn_at is not None
        assert set(registration.petitions.values_list("status", flat=True)) == {Status.WITHDRAWN}
        assert PetitionEvent.objects.filter(to_status=Status.WITHDRAWN).count() == 3


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_with_one_token_make_one_registration():
    """Four threads post the same form at once: the unique token lets one win, the others return its row."""
    from tests.conftest import require_service

    require_service("PostgreSQL", connection.vendor == "postgresql",
                    "concurrent writers need PostgreSQL (DATABASE_URL=postgres://…)")
    conference = ConferenceFactory()
    barrier = threading.Barrier(4)
    results, errors = [], []

    def worker():
        from django.db import connection as thread_connection
        try:
            barrier.wait()
            results.append(submit(conference, token="same-token"))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len({r.pk for r, _ in results}) == 1
    assert sorted(created for _, created in results) == [False, False, False, True]
    assert Registration.objects.count() == 1
    assert Petition.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("today,text", [
    (datetime.date(2026, 11, 20), "còn 6 ngày làm việc"),  # 23, 25, 26, 27, 30/11, 1/12 (24/11 is off)
    (datetime.date(2026, 12, 1), "hôm nay là hạn cuối"),
    (datetime.date(2026, 12, 3), "trễ 2 ngày làm việc"),
    (datetime.date(2026, 12, 5), "trễ 3 ngày làm việc"),  # a Saturday: Wed 2, Thu 3, Fri 4
])
def test_remaining_text_counts_working_days(today, text):
    assert reg.remaining_text(datetime.date(2026, 12, 1), today=today) == text


@pytest.mark.django_db
def test_fresh_codes_skip_a_code_already_used_by_another_table():
    conference = ConferenceFactory()
    registration, _ = submit(conference, petitions=[])
    taken = registration.code.rsplit("-", 1)[1]
    with mock.patch.object(reg.codes, "random_part", side_effect=[taken, "ABCDE", "FGHJK"]):
        codes = reg._fresh_codes(conference, 2)
    head = registration.code.rsplit("-", 1)[0]
    assert codes == [f"{head}-ABCDE", f"{head}-FGHJK"]


@pytest.mark.django_db
class TestConfirmationMessages:
    def outbox(self):
        from conferences.outbox.models import OutboxMessage

        return OutboxMessage.objects

    def test_sms_and_e_mail_as_chosen_in_the_same_transaction(self):
        registration, _ = submit(ConferenceFactory(), notify_sms=True, notify_email=True, email="an@haian.vn")
        messages = {m.channel: m for m in self.outbox().all()}
        assert set(messages) == {"sms", "email"}
        assert messages["sms"].recipient == "0912345678"
        assert registration.code in messages["sms"].text and registration.code in messages["email"].text
        assert messages["email"].recipient == "an@haian.vn"

    def test_e_mail_carries_the_code_and_the_status_link_not_the_bare_secret(self):
        """Issue 20 (leftover of item 4): like the SMS, the e-mail gives the code and the status link; the secret
        is never shown on its own as a "Mã tra cứu" to copy."""
        from petitions.registration.status_links import short_status_url

        registration, _ = submit(ConferenceFactory(), notify_sms=False, notify_email=True, email="an@haian.vn")
        email = self.outbox().get(channel="email")
        link = short_status_url(registration)
        for part in (email.text, email.html):
            assert registration.code in part and link in part
            assert "Mã tra cứu" not in part
            assert part.count(registration.secret) == part.count(link)

    def test_only_the_chosen_channel(self):
        submit(ConferenceFactory(), notify_sms=False, notify_email=True, email="an@haian.vn")
        assert list(self.outbox().values_list("channel", flat=True)) == ["email"]

    def test_resubmission_queues_nothing_more(self):
        conference = ConferenceFactory()
        submit(conference)
        submit(conference)
        assert self.outbox().count() == 1

    def test_a_submission_failing_after_the_message_was_queued_leaves_no_message(self):
        real = reg._enqueue_confirmation

        def queue_then_fail(*args, **kwargs):
            real(*args, **kwargs)
            assert self.outbox().count() == 1
            raise RuntimeError("crash after queuing")

        with mock.patch.object(reg, "_enqueue_confirmation", side_effect=queue_then_fail):
            with pytest.raises(RuntimeError):
                submit(ConferenceFactory())
        assert self.outbox().count() == 0 and Registration.objects.count() == 0
