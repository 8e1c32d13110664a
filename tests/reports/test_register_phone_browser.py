"""In Chromium at 390 px (a phone) and at 1366 px: the register's document page of an issued results report (its
signatures, its Phụ lục I in its own file, its page images) and the public verification result (the QR code's page
and an uploaded file's verdict) fit the screen's width, without horizontal scrolling."""

import os

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from freezegun import freeze_time

from reports.register import attachment, services
from reports.register.models import OutgoingKind
from tests.reports.test_outgoing_register import World
from tests.signing import ensure_signing_setup, outside_event_loop, signed_by

WIDTHS = (390, 1366)
SHOTS = os.environ.get("SIGNATURE_PAGES_DIR", "")


def issued_report():
    ensure_signing_setup()
    w = World()
    w.office.groups.get().permissions.add(Permission.objects.get(codename="view_outgoingdocument"))
    document = services.outgoing_document_create(
        body=w.body, kind=OutgoingKind.RESULTS_REPORT, conference=w.conference, actor=w.economic,
        title="Báo cáo kết quả tổ chức Hội nghị đối thoại với doanh nghiệp năm 2027 và kết quả giải quyết kiến nghị",
        recipients="Sở Tài chính thành phố Hải Phòng\nLưu: VT, KT")
    services.outgoing_document_submit(document=document, actor=w.economic)
    services.outgoing_document_pass(document=document, actor=w.office)
    services.outgoing_document_sign(document=document, actor=w.leader, signed_pdf=signed_by(document, w.leader))
    with freeze_time("2026-07-10 14:05:09+07:00"):
        document = services.outgoing_document_issue(document=document, actor=w.office)
    return w, document, attachment.issued_attachment(document).data


def no_horizontal_scroll(page, name: str, width: int) -> None:
    page.wait_for_load_state("load")
    # The page images load lazily: load them all, as a reader scrolling down would, before measuring.
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })")
    page.evaluate("""async () => { await Promise.all(Array.from(document.images).map(i => i.complete ? null
        : new Promise(done => { i.addEventListener('load', done); i.addEventListener('error', done); }))); }""")
    assert page.evaluate("Array.from(document.images).every(i => i.naturalWidth > 0)")
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}-{width}.png"), full_page=True)
    scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client, f"{name} at {width} px scrolls sideways: {scroll} > {client}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_document_page_and_verification_result_fit_a_phone(live_server, chromium, settings, role_groups, tmp_path):
    settings.ADMIN_REQUIRE_2FA = False
    w, document, attached = outside_event_loop(issued_report)
    path = tmp_path / "phu-luc-1.pdf"
    path.write_bytes(attached)
    base = live_server.url
    for width in WIDTHS:
        context = chromium.new_context(locale="vi-VN", viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(base + reverse("admin:login"))
        page.get_by_label("Tên đăng nhập").fill(w.office.username)
        page.get_by_label("Mật khẩu").fill("matkhau-thu-nghiem")
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state("load")
        page.goto(base + reverse("reports:outgoing_document", args=[document.pk]))
        assert page.get_by_role("link", name="Tải Phụ lục I (PDF)").is_visible()
        assert page.get_by_text("01/BC-UBND, 10/07/2026").is_visible()
        no_horizontal_scroll(page, "van-ban-di", width)

        page.goto(base + reverse("verify_document_id", args=[document.verification_id]))
        assert page.get_by_role("heading", name="Kết quả kiểm tra").is_visible()
        no_horizontal_scroll(page, "kiem-tra-qr", width)
        page.get_by_label("So sánh một tệp với văn bản đã ban hành (PDF)").set_input_files(str(path))
        page.get_by_role("button", name="Kiểm tra").click()
        page.wait_for_load_state("load")
        assert page.get_by_text("Tệp này đúng từng byte với Phụ lục I kèm theo văn bản số 01/BC-UBND").is_visible()
        no_horizontal_scroll(page, "kiem-tra-tai-len", width)
        context.close()
