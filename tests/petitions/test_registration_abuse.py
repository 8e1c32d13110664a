"""Abuse and follow-up: per-IP rate limits (429, failing open), status by code + phone, secret link, withdraw."""

import datetime
import uuid
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.cache.backends.base import BaseCache
from freezegun import freeze_time

from conferences.models import IdentifierKind, Registration
from petitions.models import Petition, Status
from petitions.registration import ratelimit
from petitions.registration import services as reg
from tests.factories import UpcomingConferenceFactory as ConferenceFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


class BrokenCache(BaseCache):
    """A cache whose server is down: every call raises, like Redis refusing connections."""

    def __init__(self, location, params):
        super().__init__(params)

    def _down(self, *args, **kwargs):
        raise ConnectionError("cache down")

    add = get = set = incr = delete = touch = has_key = clear = _down


def fresh_ip():
    # A unique address per test keeps counters of other tests (or runs) from interfering.
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


def post_data(token):
    return {
        "form_token": token, "full_name": "Lê Văn Cường", "organisation_name": "HTX Nông nghiệp Đông Hà",
        "organisation_kind": "HTX", "tax_code": "0312687878", "phone": "0987654321", "address": "Thôn Bắc",
        "attending": "yes", "consent": "on", "petitions-TOTAL_FORMS": "1", "petitions-INITIAL_FORMS": "0",
        # Each post its own petition text: the same text again would be a repeat (issue 20 item 2).
        "petitions-0-category": "2", "petitions-0-content": f"Lãi suất vay cao ({token}).",
    }


@pytest.fixture
def conference():
    return ConferenceFactory(starts_at=datetime.datetime(2030, 12, 20, 8, 0, tzinfo=VN), year=2030)


def register_url(conference):
    return f"/{conference.body.slug}/hoi-nghi/{conference.year}/dang-ky/"


def test_parse_rate():
    assert ratelimit.parse_rate("20/h") == (20, 3600)
    assert ratelimit.parse_rate("5/10m") == (5, 600)
    assert ratelimit.parse_rate("") is None
    with pytest.raises(ValueError):
        ratelimit.parse_rate("many")


def test_rate_limit_answers_429_in_vietnamese_after_the_limit(client, conference, settings):
    settings.REGISTRATION_RATE_LIMIT = "2/h"
    ip = fresh_ip()
    codes = [client.post(register_url(conference), post_data(f"t{i}"), REMOTE_ADDR=ip).status_code
             for i in range(3)]
    assert codes == [302, 302, 429]
    response = client.post(register_url(conference), post_data("t9"), REMOTE_ADDR=ip)
    assert response.status_code == 429
    assert "Có quá nhiều lần gửi từ địa chỉ mạng của bạn" in response.content.decode()
    assert Registration.objects.count() == 2
    # Another address is not affected.
    assert client.post(register_url(conference), post_data("t10"), REMOTE_ADDR=fresh_ip()).status_code == 302


def test_behind_the_proxy_each_client_has_its_own_count(client, conference, settings):
    settings.REGISTRATION_RATE_LIMIT = "1/h"
    proxy = "127.0.0.1"
    settings.RATE_LIMIT_TRUSTED_PROXIES = [proxy]
    first, second = fresh_ip(), fresh_ip()
    post = client.post
    assert post(register_url(conference), post_data("a"), REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=first).status_code == 302
    assert post(register_url(conference), post_data("b"), REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=second).status_code == 302
    # A client cannot escape its count by prepending a made-up address: the proxy appends the real one.
    spoofed = f"{fresh_ip()}, {first}"
    assert post(register_url(conference), post_data("c"), REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=spoofed).status_code == 429
    # Talking to the server directly, the header is ignored.
    direct = fresh_ip()
    assert post(register_url(conference), post_data("d"), REMOTE_ADDR=direct, HTTP_X_FORWARDED_FOR=fresh_ip()).status_code == 302
    assert post(register_url(conference), post_data("e"), REMOTE_ADDR=direct, HTTP_X_FORWARDED_FOR=fresh_ip()).status_code == 429


def test_rate_limit_fails_open_when_the_cache_is_down(client, conference, settings):
    settings.REGISTRATION_RATE_LIMIT = "1/h"
    settings.CACHES = {"default": {"BACKEND": "tests.petitions.test_registration_abuse.BrokenCache"}}
    ip = fresh_ip()
    codes = [client.post(register_url(conference), post_data(f"t{i}"), REMOTE_ADDR=ip).status_code
             for i in range(3)]
    assert codes == [302, 302, 302]
    assert Registration.objects.count() == 3


def submitted(conference, **overrides):
    kwargs = dict(
        conference=conference, form_token=uuid.uuid4().hex, full_name="Lê Văn Cường",
        organisation_name="HTX Nông nghiệp Đông Hà", organisation_kind="HTX",
        identifier_kind=IdentifierKind.TAX_CODE, tax_code="0312687878", phone="0987654321",
        petitions=[reg.PetitionInput(category=2, content="Lãi suất vay cao."),
                   reg.PetitionInput(category=7, content="Thiếu điện ba pha.")],
        consent_version="2026-01", consented_at=datetime.datetime(2026, 11, 20, tzinfo=VN),
    )
    kwargs.update(overrides)
    return reg.registration_submit(**kwargs)[0]


class TestStatusLookup:
    def lookup(self, client, conference, code, phone, ip=None):
        return client.post(f"/{conference.body.slug}/tra-cuu/", {"code": code, "phone": phone},
                           REMOTE_ADDR=ip or fresh_ip())

    def test_code_and_phone_lead_to_the_status_page(self, client, conference):
        registration = submitted(conference)
        response = self.lookup(client, conference, registration.code.lower(), "+84 987 654 321")
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
        assert registration.code in page
        assert "Lãi suất vay cao." in page and "Đã tiếp nhận" in page
        assert "Trả lời bằng văn bản sau hội nghị" in page
        assert "còn " in page and "ngày làm việc" in page

    def test_wrong_code_and_wrong_phone_get_the_same_answer(self, client, conference):
        registration = submitted(conference)
        wrong_phone = self.lookup(client, conference, registration.code, "0911111111").content.decode()
        wrong_code = self.lookup(client, conference, "XX26-ABCDE", "0987654321").content.decode()
        garbage = self.lookup(client, conference, "nonsense", "abc").content.decode()
        message = "Không tìm thấy đăng ký khớp với mã và số điện thoại đã nhập."
        assert message in wrong_phone and message in wrong_code and message in garbage

    def test_another_bodys_slug_does_not_find_it(self, client, conference):
        registration = submitted(conference)
        other = ConferenceFactory()
        assert self.lookup(client, other, registration.code, "0987654321").status_code == 200

    def test_lookup_is_rate_limited(self, client, conference, settings):
        settings.REGISTRATION_LOOKUP_RATE_LIMIT = "3/h"
        ip = fresh_ip()
        codes = [self.lookup(client, conference, f"XX26-ABCD{c}", "0987654321", ip).status_code for c in "EFGH"]
        assert codes == [200, 200, 200, 429]

    def test_wrong_secret_is_404(self, client, conference):
        registration = submitted(conference)
        assert client.get(f"/{conference.body.slug}/tra-cuu/{registration.code}/wrong-secret/").status_code == 404

    def test_published_answer_and_late_days_are_shown(self, client, conference):
        registration = submitted(conference)
        answered, late = registration.petitions.order_by("pk")
        Petition.objects.filter(pk=answered.pk).update(status=Status.RESOLVED, answer="Ngân hàng đã giảm lãi suất.")
        Petition.objects.filter(pk=late.pk).update(due_date=datetime.date(2026, 11, 2))
        with freeze_time(datetime.datetime(2026, 11, 5, 9, 0, tzinfo=VN)):
            page = client.get(f"/{conference.body.slug}/tra-cuu/{registration.code}/{registration.secret}/")
        html = page.content.decode()
        assert "Ngân hàng đã giảm lãi suất." in html
        assert "trễ 3 ngày làm việc" in html


class TestWithdrawPages:
    def status_url(self, registration):
        return f"/{registration.conference.body.slug}/tra-cuu/{registration.code}/{registration.secret}/"

    def test_withdraw_one_petition_before_the_cut_off(self, client, conference):
        registration = submitted(conference)
        petition = registration.petitions.first()
        response = client.post(self.status_url(registration) + "rut/", {"petition": petition.pk}, follow=True)
        petition.refresh_from_db()
        assert petition.status == Status.WITHDRAWN
        assert f"Đã rút kiến nghị {petition.code}." in response.content.decode()

    def test_withdraw_the_registration(self, client, conference):
        registration = submitted(conference)
        client.post(self.status_url(registration) + "rut/")
        registration.refresh_from_db()
        assert registration.withdrawn_at is not None
        assert set(registration.petitions.values_list("status", flat=True)) == {Status.WITHDRAWN}

    def test_after_the_cut_off_the_buttons_are_gone_and_posts_are_refused(self, client, conference):
        registration = submitted(conference)
        with mock.patch.object(reg, "before_cutoff", return_value=False), \
                mock.patch("petitions.registration.views.before_cutoff", return_value=False):
            page = client.get(self.status_url(registration)).content.decode()
            response = client.post(self.status_url(registration) + "rut/", follow=True)
        assert "Rút toàn bộ đăng ký" not in page
        assert "Đã hết hạn gửi kiến nghị" in response.content.decode()
        registration.refresh_from_db()
        assert registration.withdrawn_at is None


def test_conference_page_shows_deadlines_in_plain_words(client):
    from conferences.lifecycle.services import conference_create
    from tests.factories import BodyFactory

    conference = conference_create(
        body=BodyFactory(), year=2026, title="Hội nghị đối thoại với doanh nghiệp năm 2026",
        starts_at=datetime.datetime(2026, 12, 22, 8, 0, tzinfo=VN), venue="Hội trường UBND xã",
        status="registration_open")
    with freeze_time(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=VN)):
        html = client.get(f"/{conference.body.slug}/hoi-nghi/2026/").content.decode()
    assert conference.title in html
    # Cut-off Tue 1/12/2026; from Fri 20/11: 23, 25, 26, 27, 30/11 and 1/12 (24/11 is a day off) = 6.
    assert "Hạn gửi kiến nghị" in html and "01/12/2026" in html and "còn 6 ngày làm việc" in html
    assert "Chương trình hội nghị" in html and "Đón tiếp đại biểu" in html
    assert "08:00" in html and "22/12/2026" in html and "Hội trường UBND xã" in html
    assert f'href="/{conference.body.slug}/hoi-nghi/2026/dang-ky/"' in html


def test_draft_conference_is_not_public(client):
    conference = ConferenceFactory(status="draft")
    assert client.get(f"/{conference.body.slug}/hoi-nghi/2026/").status_code == 404


def test_pages_with_personal_data_are_not_cached(client, conference):
    registration = submitted(conference)
    response = client.get(f"/{conference.body.slug}/tra-cuu/{registration.code}/{registration.secret}/")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "no-store" in client.get(register_url(conference))["Cache-Control"]


class TestEditBeforeCutOff:
    def edit_url(self, registration):
        return f"/{registration.conference.body.slug}/tra-cuu/{registration.code}/{registration.secret}/sua/"

    def form_data(self, registration, **overrides):
        first, second = registration.petitions.order_by("pk")
        data = {
            "full_name": "Lê Văn Cường", "organisation_name": "HTX Nông nghiệp Đông Hà", "organisation_kind": "HTX",
            "tax_code": "0312687878", "phone": "0987654321", "address": "Thôn Bắc", "attending": "no",
            "notify_sms": "on", "petitions-TOTAL_FORMS": "3", "petitions-INITIAL_FORMS": "2",
            "petitions-0-petition_id": first.pk, "petitions-0-category": "2",
            "petitions-0-content": "Lãi suất vay cao, đề nghị hỗ trợ.",
            "petitions-1-petition_id": second.pk, "petitions-1-category": "7",
            "petitions-1-content": "Thiếu điện ba pha.",
            "petitions-2-category": "6", "petitions-2-content": "Thêm: đường vào khu sản xuất hẹp.",
        }
        data.update(overrides)
        return data

    def test_edit_page_is_prefilled(self, client, conference):
        registration = submitted(conference)
        html = client.get(self.edit_url(registration)).content.decode()
        assert 'value="Lê Văn Cường"' in html and "Thiếu điện ba pha." in html

    def test_corrections_and_a_new_petition_are_saved_with_events(self, client, conference):
        registration = submitted(conference)
        first = registration.petitions.order_by("pk").first()
        response = client.post(self.edit_url(registration), self.form_data(registration, phone="0977 111 222"))
        assert response.status_code == 302
        registration.refresh_from_db()
        first.refresh_from_db()
        assert registration.attending is False
        assert registration.phone == "0977111222"
        assert set(registration.petitions.values_list("phone", flat=True)) == {"0977111222"}
        assert first.content == "Lãi suất vay cao, đề nghị hỗ trợ."
        event = first.events.last()
        assert "Nội dung trước khi sửa (nhóm 2): Lãi suất vay cao." in event.note
        assert registration.petitions.count() == 3
        new = registration.petitions.get(category=6)
        assert new.status == Status.RECEIVED and new.due_date is not None
        # The untouched petition got no event beyond its receipt.
        assert registration.petitions.get(category=7).events.count() == 1

    def test_a_handled_petition_cannot_be_changed(self, client, conference):
        registration = submitted(conference)
        first = registration.petitions.order_by("pk").first()
        Petition.objects.filter(pk=first.pk).update(status=Status.ASSIGNED)
        response = client.post(self.edit_url(registration), self.form_data(registration))
        assert "không còn sửa được" in response.content.decode()
        first.refresh_from_db()
        assert first.content == "Lãi suất vay cao."
        assert registration.petitions.count() == 2

    def test_another_registrations_petition_id_is_refused(self, client, conference):
        registration = submitted(conference)
        other = submitted(conference).petitions.order_by("pk").first()
        data = self.form_data(registration, **{"petitions-0-petition_id": other.pk})
        client.post(self.edit_url(registration), data)
        other.refresh_from_db()
        assert other.content == "Lãi suất vay cao."

    def test_after_the_cut_off_editing_is_refused(self, client, conference):
        registration = submitted(conference)
        with mock.patch("petitions.registration.views.before_cutoff", return_value=False):
            response = client.post(self.edit_url(registration), self.form_data(registration), follow=True)
        assert "Không thể sửa đăng ký này nữa" in response.content.decode()
        assert registration.petitions.count() == 2


def test_a_submission_costs_the_same_few_queries_whatever_its_petitions(client, conference, settings):
    """Codes checked in one query, petitions and events inserted in bulk: 1 or 3 petitions, same count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.REGISTRATION_RATE_LIMIT = ""
    client.post(register_url(conference), post_data("warm-up"))  # calendar years cached
    counts = []
    for rows in (1, 3):
        data = post_data(f"counted-{rows}")
        data.update({"petitions-TOTAL_FORMS": str(rows), "petitions-1-category": "5", "petitions-1-content": "Thủ tục.",
                     "petitions-2-category": "6", "petitions-2-content": "Đất đai."})
        with CaptureQueriesContext(connection) as queries:
            assert client.post(register_url(conference), data).status_code == 302
        counts.append(len(queries))
        assert Petition.objects.filter(registration__submission__form_token=f"counted-{rows}").count() == rows
    assert counts[0] == counts[1] <= 9


def pdf_text_and_fonts(pdf: bytes) -> tuple[str, str]:
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout
    return text.decode(), fonts.decode()


class TestPhuLucIIDownloads:
    def test_blank_form_from_the_conference_page(self, client, conference):
        html = client.get(f"/{conference.body.slug}/hoi-nghi/{conference.year}/").content.decode()
        url = f"/{conference.body.slug}/hoi-nghi/{conference.year}/phieu-dang-ky-mau.pdf"
        assert f'href="{url}"' in html
        response = client.get(url)
        assert response["Content-Type"] == "application/pdf"
        text, fonts = pdf_text_and_fonts(response.content)
        assert "PHIẾU ĐĂNG KÝ" in text
        assert "DejaVu" not in fonts
        docx = client.get(f"/{conference.body.slug}/hoi-nghi/{conference.year}/phieu-dang-ky-mau.docx")
        assert docx.content[:2] == b"PK"

    def test_filled_form_through_the_secret_link_only(self, client, conference):
        registration = submitted(conference, overall_proposal="Đề nghị tổ chức đối thoại chuyên đề về tín dụng.")
        base = f"/{conference.body.slug}/tra-cuu/{registration.code}"
        confirmation = client.get(
            f"/{conference.body.slug}/hoi-nghi/{conference.year}/dang-ky/{registration.code}/{registration.secret}/")
        assert f'href="{base}/{registration.secret}/phieu-dang-ky.pdf"' in confirmation.content.decode()
        response = client.get(f"{base}/{registration.secret}/phieu-dang-ky.pdf")
        text, _fonts = pdf_text_and_fonts(response.content)
        assert "HTX Nông nghiệp Đông Hà" in text and "Lãi suất vay cao." in text
        assert "Đề nghị tổ chức đối thoại chuyên đề về tín dụng." in " ".join(text.split())
        assert client.get(f"{base}/not-the-secret/phieu-dang-ky.pdf").status_code == 404

    def test_draft_conference_has_no_public_form(self, client):
        draft = ConferenceFactory(status="draft")
        assert client.get(f"/{draft.body.slug}/hoi-nghi/{draft.year}/phieu-dang-ky-mau.pdf").status_code == 404


def test_ipv6_clients_are_counted_by_their_64_prefix(client, conference, settings):
    """Issue 20 item 13: one IPv6 subscriber cannot dodge the limit by taking a new address of its /64."""
    settings.REGISTRATION_RATE_LIMIT = "2/h"
    prefix = f"2001:db8:{uuid.uuid4().int % 65535:x}:{uuid.uuid4().int % 65535:x}"
    codes = [client.post(register_url(conference), post_data(f"v6-{i}"), REMOTE_ADDR=f"{prefix}::{i + 1:x}")
             .status_code for i in range(3)]
    assert codes == [302, 302, 429]
    # The neighbouring /64 (another subscriber) is not affected.
    other = prefix.rsplit(":", 1)[0] + f":{(int(prefix.rsplit(':', 1)[1], 16) + 1) % 65535:x}::1"
    assert client.post(register_url(conference), post_data("v6-x"), REMOTE_ADDR=other).status_code == 302


def test_address_groups():
    from conferences.ops.client_ip import address_group

    assert address_group("2001:db8:1:2:aaaa:bbbb:cccc:dddd") == "2001:db8:1:2::"
    assert address_group("::ffff:10.1.2.3") == "10.1.2.3"
    assert address_group("10.1.2.3") == "10.1.2.3"
    assert address_group("unknown") == "unknown"


def test_429_keeps_the_typed_text_and_says_the_real_wait(client, conference, settings):
    """Issue 20 item 3: the page over the limit is the form with everything typed, and the wait is the
    window's real remainder (an hour's window is not "ít phút")."""
    import re

    settings.REGISTRATION_RATE_LIMIT = "1/h"
    ip = fresh_ip()
    assert client.post(register_url(conference), post_data("w1"), REMOTE_ADDR=ip).status_code == 302
    data = {**post_data("w2"), "organisation_name": "HTX Rau sạch Tiên Lãng",
            "petitions-0-content": "Đường vào khu sản xuất bị ngập."}
    with freeze_time(datetime.datetime.now(datetime.UTC).replace(minute=10, second=0)):
        response = client.post(register_url(conference), data, REMOTE_ADDR=ip)
    assert response.status_code == 429
    page = response.content.decode()
    assert 'value="HTX Rau sạch Tiên Lãng"' in page
    assert "Đường vào khu sản xuất bị ngập." in page
    assert "ít phút" not in page
    assert re.search(r"lại sau 50 phút", page), re.findall(r"lại sau [^,]*", page)


def test_posts_refused_by_validation_count_on_their_own_higher_limit(client, conference, settings):
    settings.REGISTRATION_RATE_LIMIT = "2/h"
    settings.REGISTRATION_INVALID_RATE_LIMIT = "5/h"
    ip = fresh_ip()
    for i in range(4):  # a person correcting mistakes
        assert client.post(register_url(conference), {**post_data(f"i{i}"), "phone": "12"},
                           REMOTE_ADDR=ip).status_code == 200
    assert client.post(register_url(conference), post_data("ok1"), REMOTE_ADDR=ip).status_code == 302
    assert client.post(register_url(conference), post_data("ok2"), REMOTE_ADDR=ip).status_code == 302
    assert client.post(register_url(conference), post_data("ok3"), REMOTE_ADDR=ip).status_code == 429
    for i in range(2):
        client.post(register_url(conference), {**post_data(f"j{i}"), "phone": "12"}, REMOTE_ADDR=ip)
    assert client.post(register_url(conference), {**post_data("j9"), "phone": "12"},
                       REMOTE_ADDR=ip).status_code == 429
