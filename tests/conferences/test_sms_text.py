"""Issue 20 item 4: SMS texts in one encoding by setting, carrying the code and a short status link, within a
segment budget even with the longest names."""

import datetime
import types

import pytest
from django.urls import reverse

from conferences.common.codes import CODE_MAX_LENGTH
from conferences.outbox.services import render_message
from conferences.outbox.sms import is_gsm7, sms_segments, sms_text

LONG_BODY = "xã " + "Hường Phượng Nguyễn " * 10  # 200 characters, the field's limit
BASE_URL = "https://doithoaidoanhnghiep.haiphong.gov.vn"

CONTEXTS = {
    "registration_received": {"registration": types.SimpleNamespace(code="W" * CODE_MAX_LENGTH),
                              "status_link": f"{BASE_URL}/tc/{'W' * CODE_MAX_LENGTH}/{'x' * 22}/"},
    "registration_repeat": {"registration": types.SimpleNamespace(code="W" * CODE_MAX_LENGTH),
                            "status_link": f"{BASE_URL}/tc/{'W' * CODE_MAX_LENGTH}/{'x' * 22}/"},
    "petition_answered": {"petition": types.SimpleNamespace(code="W" * CODE_MAX_LENGTH,
                                                            answer_document_number="1234/UBND-KT" + "8" * 8)},
    "petition_sent_out": {"petition": types.SimpleNamespace(code="W" * CODE_MAX_LENGTH,
                                                            dispatch_number="1234/UBND-KT" + "8" * 8),
                          "status_link": f"{BASE_URL}/tc/{'W' * CODE_MAX_LENGTH}/{'x' * 22}/",
                          "escalated": True, "letter_in_portal": True},
    "data_request_outcome": {"data_request": types.SimpleNamespace(code="W" * CODE_MAX_LENGTH, status="refused")},
    "data_request_received": {"data_request": types.SimpleNamespace(
        code="W" * CODE_MAX_LENGTH, due_at=datetime.date(2026, 12, 31))},
}
# The budget of each SMS with the longest names: GSM-7 at most 2 segments, UCS-2 (diacritics) at most 4.
BUDGET = {False: 2, True: 4}


def context(template, email_sent):
    body = types.SimpleNamespace(name=LONG_BODY[:200], phone="0225 3123 456 - 0987")
    conference = types.SimpleNamespace(starts_at=datetime.datetime(2026, 12, 20, 8, 0))
    return {"body": body, "conference": conference, "email_sent": email_sent, **CONTEXTS[template]}


@pytest.mark.parametrize("unicode", [False, True])
@pytest.mark.parametrize("template", list(CONTEXTS))
@pytest.mark.parametrize("email_sent", [False, True])
def test_each_sms_template_fits_its_segments_in_one_encoding(settings, template, unicode, email_sent):
    settings.SMS_UNICODE = unicode
    text = sms_text(render_message(template, context(template, email_sent), parts=["sms"])["sms"])
    assert text
    assert is_gsm7(text) is (not unicode)
    assert sms_segments(text) <= BUDGET[unicode], (len(text), text)
    if unicode:
        assert "đã" in text or "yêu cầu" in text


def test_segment_counting():
    assert sms_segments("a" * 160) == 1 and sms_segments("a" * 161) == 2 and sms_segments("a" * 307) == 3
    assert sms_segments("ư" * 70) == 1 and sms_segments("ư" * 71) == 2
    assert sms_segments("€" * 80) == 1 and sms_segments("€" * 81) == 2
    assert sms_text("Xã Hải Hưng – “Đông”") == 'Xa Hai Hung - "Dong"'


def test_answer_sms_mentions_e_mail_only_when_one_was_sent(settings):
    settings.SMS_UNICODE = False
    without = render_message("petition_answered", context("petition_answered", False), parts=["sms"])["sms"]
    with_email = render_message("petition_answered", context("petition_answered", True), parts=["sms"])["sms"]
    assert "thư điện tử" not in without and "trang tra cứu" in without
    assert "thư điện tử" in with_email


@pytest.mark.django_db
def test_registration_sms_carries_the_code_and_a_working_short_link(client, settings):
    from conferences.models import OutboxMessage
    from tests.factories import UpcomingConferenceFactory
    from tests.petitions.test_registration_form import url, valid_data

    settings.REGISTRATION_RATE_LIMIT = ""
    settings.PUBLIC_BASE_URL = BASE_URL
    conference = UpcomingConferenceFactory()
    response = client.post(url(conference), valid_data(form_token="sms-token-1"))
    assert response.status_code == 302
    sms = OutboxMessage.objects.get(channel=OutboxMessage.Channel.SMS)
    from conferences.models import Registration

    registration = Registration.objects.get()
    link = f"{BASE_URL}/tc/{registration.code}/{registration.secret}/"
    assert f"Ma dang ky {registration.code}" in sms.text and link in sms.text
    assert "ma tra cuu" not in sms.text.lower()
    assert is_gsm7(sms.text)
    landing = client.get(link.removeprefix(BASE_URL))
    assert landing.status_code == 302 and landing["Location"] == reverse("petitions:registration_status", kwargs={
        "body_slug": conference.body.slug, "code": registration.code, "secret": registration.secret})
    assert client.get(f"/tc/{registration.code}/wrong-secret/").status_code == 404


@pytest.mark.parametrize("unicode", [False, True])
def test_answer_sms_with_the_status_link_fits_its_segments(settings, unicode):
    settings.SMS_UNICODE = unicode
    ctx = {**context("petition_answered", True), "status_link": f"{BASE_URL}/tc/{'W' * CODE_MAX_LENGTH}/{'x' * 22}/"}
    text = sms_text(render_message("petition_answered", ctx, parts=["sms"])["sms"])
    assert ctx["status_link"] in text
    assert sms_segments(text) <= BUDGET[unicode], (len(text), text)
