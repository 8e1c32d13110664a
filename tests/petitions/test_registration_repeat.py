"""Issue 20 item 2: the Back button refills the form under a new token; submitting again is a repeat, not a
second registration. The page shows the code (never the secret link) and the link is re-sent to the phone."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from conferences.models import OutboxMessage, Registration
from tests.factories import UpcomingConferenceFactory as ConferenceFactory
from tests.petitions.test_registration_form import url, valid_data

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.REGISTRATION_RATE_LIMIT = ""


@pytest.fixture
def conference():
    return ConferenceFactory()


def test_back_and_submit_again_is_a_repeat(client, conference):
    with freeze_time(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=VN)):
        first = client.post(url(conference), valid_data(form_token="a" * 32))
        assert first.status_code == 302
        registration = Registration.objects.get()
        sms_before = OutboxMessage.objects.filter(channel="sms").count()
    with freeze_time(datetime.datetime(2026, 11, 20, 9, 5, tzinfo=VN)):
        # Same data, new token, phone typed differently, petition text with other spacing.
        again = client.post(url(conference), valid_data(
            form_token="b" * 32, phone="+84 912 345 678",
            **{"petitions-0-content": "Thủ tục  cấp phép kéo dài. "}))
    assert again.status_code == 200
    page = again.content.decode()
    assert Registration.objects.count() == 1
    assert "đã được gửi và tiếp nhận" in page and registration.code in page
    assert registration.secret not in page
    resent = OutboxMessage.objects.filter(channel="sms").order_by("-pk").first()
    assert OutboxMessage.objects.filter(channel="sms").count() == sms_before + 1
    assert registration.code in resent.text and f"/tc/{registration.code}/{registration.secret}/" in resent.text


def test_same_token_is_still_the_double_click_answer(client, conference):
    with freeze_time(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=VN)):
        client.post(url(conference), valid_data(form_token="c" * 32))
        again = client.post(url(conference), valid_data(form_token="c" * 32))
    assert again.status_code == 302 and Registration.objects.count() == 1


@pytest.mark.parametrize("change", [
    {"petitions-0-content": "Một kiến nghị khác."}, {"phone": "0987654321"}, {"tax_code": "0100109106"}])
def test_a_different_submission_is_not_a_repeat(client, conference, change):
    with freeze_time(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=VN)):
        client.post(url(conference), valid_data(form_token="d" * 32))
        assert client.post(url(conference), valid_data(form_token="e" * 32, **change)).status_code == 302
    assert Registration.objects.count() == 2


def test_without_petitions_the_same_name_is_a_repeat_and_after_a_day_it_is_not(client, conference):
    no_petition = {"petitions-0-category": "", "petitions-0-content": "", "petitions-0-proposed_solution": ""}
    with freeze_time(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=VN)):
        client.post(url(conference), valid_data(form_token="f" * 32, **no_petition))
        assert client.post(url(conference), valid_data(form_token="g" * 32, **no_petition)).status_code == 200
        assert client.post(url(conference), valid_data(
            form_token="h" * 32, full_name="Người Khác", **no_petition)).status_code == 302
    assert Registration.objects.count() == 2
    with freeze_time(datetime.datetime(2026, 11, 21, 9, 30, tzinfo=VN)):
        assert client.post(url(conference), valid_data(form_token="i" * 32, **no_petition)).status_code == 302
    assert Registration.objects.count() == 3
