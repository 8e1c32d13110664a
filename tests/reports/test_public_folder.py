"""The public "Đối thoại doanh nghiệp" folder: items, PDFs, published answers without personal data, numbers, search."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from conferences.models import Conference, Registration
from petitions.models import OPEN_STATUSES, Petition, Status
from reports.models import OutgoingDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
    return Conference.objects.get(body__slug="xa-hai-hung", year=2026, status=Conference.Status.REPORTED)


def _folder_pages(client, conference):
    slug, year = conference.body.slug, conference.year
    urls = [reverse("reports_public:folder_bodies"), reverse("reports_public:folder_archive", args=[slug]),
            reverse("reports_public:folder_year", args=[slug, year]),
            reverse("reports_public:folder_answers", args=[slug, year]),
            reverse("reports_public:folder_numbers", args=[slug, year])]
    for item in ("thong-bao", "noi-dung", "ket-qua"):
        urls.append(reverse("reports_public:folder_item", args=[slug, year, item]))
    return urls


def test_the_demo_shows_all_four_items(client, demo):
    slug = demo.body.slug
    page = client.get(reverse("reports_public:folder_year", args=[slug, 2026])).content.decode()
    for item in ("thong-bao", "noi-dung", "ket-qua", "ket-luan"):
        assert reverse("reports_public:folder_item", args=[slug, 2026, item]) in page
        assert client.get(reverse("reports_public:folder_item", args=[slug, 2026, item])).status_code == 200
    pdf = client.get(reverse("reports_public:folder_item_pdf", args=[slug, 2026, "ket-luan"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_four_items_show_what_exists_for_a_held_conference(client, demo):
    Conference.objects.filter(pk=demo.pk).update(status=Conference.Status.HELD)
    slug = demo.body.slug
    page = client.get(reverse("reports_public:folder_year", args=[slug, 2026])).content.decode()
    assert "Thông báo thời gian tổ chức Hội nghị" in page
    assert reverse("reports_public:folder_item", args=[slug, 2026, "ket-qua"]) in page
    # The conclusion notice does not exist before the conference is concluded.
    assert reverse("reports_public:folder_item", args=[slug, 2026, "ket-luan"]) not in page
    assert client.get(reverse("reports_public:folder_item", args=[slug, 2026, "ket-luan"])).status_code == 404
    assert client.get(reverse("reports_public:folder_item_pdf", args=[slug, 2026, "ket-luan"])).status_code == 404


def test_item_pdfs_are_the_issued_files_of_a_public_conference_only(client, demo):
    import hashlib

    slug = demo.body.slug
    response = client.get(reverse("reports_public:folder_item_pdf", args=[slug, 2026, "thong-bao"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    notice = OutgoingDocument.objects.get(conference=demo, kind="notice", status="issued")
    assert hashlib.sha256(response.content).hexdigest() == notice.issued_sha256  # byte for byte, not re-rendered
    plan = OutgoingDocument.objects.get(conference=demo, kind="plan", status="issued")
    response = client.get(reverse("reports_public:folder_item_pdf", args=[slug, 2026, "noi-dung"]))
    assert response.content == bytes(plan.issued_pdf)
    results = OutgoingDocument.objects.get(conference=demo, kind="results_notice", status="issued")
    response = client.get(reverse("reports_public:folder_item_pdf", args=[slug, 2026, "ket-qua"]))
    assert response.content == bytes(results.issued_pdf)
    # An item whose document is not issued is not offered as a file (its results notice withdrawn and redrafted).
    OutgoingDocument.objects.filter(pk=results.pk).update(status="withdrawn")
    assert client.get(reverse("reports_public:folder_item_pdf", args=[slug, 2026, "ket-qua"])).status_code == 404
    page = client.get(reverse("reports_public:folder_item", args=[slug, 2026, "ket-qua"])).content.decode()
    assert "Văn bản chưa ban hành." in page
    Conference.objects.filter(pk=demo.pk).update(is_public=False)
    assert client.get(reverse("reports_public:folder_item_pdf", args=[slug, 2026, "thong-bao"])).status_code == 404
    assert client.get(reverse("reports_public:folder_year", args=[slug, 2026])).status_code == 404


def test_published_answers_only_those_allowed(client, demo):
    published = Petition.objects.filter(conference=demo, publish_answer=True, status=Status.RESOLVED).exclude(answer="")
    hidden = Petition.objects.filter(conference=demo, publish_answer=False, status=Status.RESOLVED).exclude(answer="")
    assert published.exists() and hidden.exists()
    page = client.get(reverse("reports_public:folder_answers", args=[demo.body.slug, 2026])).content.decode()
    assert page.count('class="card mb-3"') == published.count()


def test_no_personal_data_in_any_public_page(client, demo):
    html = "".join(client.get(url).content.decode() for url in _folder_pages(client, demo))
    registrations = Registration.objects.filter(conference__body=demo.body)
    assert registrations.count() >= 24
    for r in registrations:
        for value in (r.phone, r.tax_code, r.full_name, r.code, r.email):
            if value:
                assert value not in html, value
        if r.organisation_kind == "HKD":
            assert r.organisation_name not in html
    for p in Petition.objects.filter(conference=demo):
        assert p.code not in html and p.contact_name not in html


def test_search_is_accent_insensitive(client, demo):
    url = reverse("reports_public:folder_answers", args=[demo.body.slug, 2026])
    land = Petition.objects.filter(conference=demo, publish_answer=True, status=Status.RESOLVED, category=6).exclude(answer="")
    folded = client.get(url, {"q": "dat dai"}).content.decode()
    accented = client.get(url, {"q": "ĐẤT ĐAI"}).content.decode()
    n = folded.count('class="card mb-3"')
    assert n >= land.count() and n == accented.count('class="card mb-3"')
    assert client.get(url, {"q": "zzzkhongco"}).content.decode().count('class="card mb-3"') == 0


def test_search_does_not_match_the_petitioner(client, demo):
    petition = Petition.objects.filter(conference=demo, publish_answer=True, status=Status.RESOLVED).exclude(answer="").first()
    url = reverse("reports_public:folder_answers", args=[demo.body.slug, 2026])
    page = client.get(url, {"q": petition.tax_code}).content.decode()
    assert page.count('class="card mb-3"') == 0


def test_numbers_table_and_chart(client, demo):
    page = client.get(reverse("reports_public:folder_numbers", args=[demo.body.slug, 2026])).content.decode()
    assert "<svg" in page and "<table" in page
    counted = Petition.objects.filter(conference=demo).exclude(status__in=[Status.WITHDRAWN, Status.MERGED]).count()
    total_row = re.search(r"<tfoot><tr><th scope=\"row\">[^<]+</th><td>(\d+)</td>", page)
    assert int(total_row.group(1)) == counted


def test_ics_feed_and_posting_notice(client, demo):
    slug = demo.body.slug
    ics = client.get(reverse("reports_public:conference_ics", args=[slug, 2026]))
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in ics.content and b"DTSTART:2026" in ics.content
    assert all(len(line) <= 75 for line in ics.content.split(b"\r\n"))
    feed = client.get(reverse("reports_public:folder_feed", args=[slug]))
    assert feed.status_code == 200 and b"<feed" in feed.content
    assert "Thông báo kết quả giải quyết kiến nghị".encode() in feed.content
    poster = client.get(reverse("reports_public:posting_notice_pdf", args=[slug, 2026]))
    assert poster.status_code == 200 and poster.content.startswith(b"%PDF")


def test_open_graph_and_navigation(client, demo):
    page = client.get(reverse("reports_public:folder_year", args=[demo.body.slug, 2026])).content.decode()
    assert 'property="og:title"' in page and demo.title in page
    home = client.get(reverse("conferences:home")).content.decode()
    assert reverse("reports_public:folder_bodies") in home


def test_english(client, demo):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("reports_public:folder_numbers", args=[demo.body.slug, 2026])).content.decode()
    assert "Land" in page and "Results in numbers" in page and "Published petitions and answers" in page


def test_on_time_rate_counts_answers_by_their_due_date(client, demo):
    from django.utils import timezone

    petitions = list(Petition.objects.filter(conference=demo).exclude(status__in=[Status.WITHDRAWN, Status.MERGED]))
    answered = [p for p in petitions if p.answered_at_conference or (p.answered_at and p.due_date)]
    assert answered
    on_time = sum(p.answered_at_conference or timezone.localdate(p.answered_at) <= p.due_date for p in answered)
    today = timezone.localdate()
    overdue = [p for p in petitions if p.status in OPEN_STATUSES and not p.answered_at and not p.answered_at_conference
               and p.due_date and p.due_date < today]
    page = client.get(reverse("reports_public:folder_numbers", args=[demo.body.slug, 2026])).content.decode()
    assert f"{on_time} trên {len(answered) + len(overdue)} kiến nghị đã trả lời hoặc đã đến hạn" in page
    assert f"Đang quá hạn: <strong>{len(overdue)}</strong>" in page


def test_answers_page_query_count_does_not_grow_with_answers(client, demo, django_assert_max_num_queries):
    url = reverse("reports_public:folder_answers", args=[demo.body.slug, 2026])
    with django_assert_max_num_queries(8):
        client.get(url)


def test_unknown_body_year_and_item_are_404(client, demo):
    slug = demo.body.slug
    assert client.get(reverse("reports_public:folder_archive", args=["khong-co"])).status_code == 404
    assert client.get(reverse("reports_public:folder_year", args=[slug, 1999])).status_code == 404
    assert client.get(reverse("reports_public:folder_item", args=[slug, 2026, "khac"])).status_code == 404


def test_conference_page_has_open_graph_and_links_to_the_folder(client, demo):
    page = client.get(reverse("petitions:conference_detail", args=[demo.body.slug, 2026])).content.decode()
    assert f'<meta property="og:title" content="{demo.title}">' in page
    assert reverse("reports_public:folder_year", args=[demo.body.slug, 2026]) in page
    assert reverse("reports_public:conference_ics", args=[demo.body.slug, 2026]) in page


def _pdf_text(pdf: bytes) -> str:
    import subprocess

    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def test_public_results_pdf_names_no_petitioner_and_hides_unpublished_answers(client, demo):
    slug = demo.body.slug
    assert OutgoingDocument.objects.filter(conference=demo, kind="results_notice", status="issued").exists()
    text = _pdf_text(client.get(reverse("reports_public:folder_item_pdf", args=[slug, 2026, "ket-qua"])).content)
    assert "Hộ kinh doanh" in text or "Doanh nghiệp" in text
    for r in Registration.objects.filter(conference=demo):
        for value in (r.phone, r.tax_code, r.full_name, r.organisation_name):
            assert value not in text, value
    hidden = Petition.objects.filter(conference=demo, publish_answer=False, status=Status.RESOLVED).exclude(answer="")
    published = Petition.objects.filter(conference=demo, publish_answer=True, status=Status.RESOLVED).exclude(answer="")
    assert "không công khai theo lựa chọn của doanh nghiệp" in text
    assert " ".join(published.first().content.split()[:4]) in text
    assert hidden.exists()


def test_search_across_all_years_without_diacritics(client, demo):
    from tests.factories import ConferenceFactory, PetitionFactory

    older = ConferenceFactory(body=demo.body, year=2025, status=Conference.Status.CONCLUDED, is_public=True)
    PetitionFactory(body=demo.body, conference=older, category=6, status=Status.RESOLVED, publish_answer=True,
                    publication_consent=True,
                    content="Đề nghị hướng dẫn thủ tục thuê đất làm nhà xưởng năm 2025.",
                    answer="Đã hướng dẫn tại Trung tâm Phục vụ hành chính công.")
    url = reverse("reports_public:folder_archive", args=[demo.body.slug])
    page = client.get(url, {"q": "thue dat nha xuong"}).content.decode()
    assert "thuê đất làm nhà xưởng năm 2025" in page
    assert reverse("reports_public:folder_answers", args=[demo.body.slug, 2025]) in page
    assert "0 kiến nghị" in client.get(url, {"q": "khong co tu nay zzz"}).content.decode()
