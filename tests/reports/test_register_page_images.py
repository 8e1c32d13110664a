"""The register document page's images: the draft is rendered once per content version (not once per image), all
pages rasterised in one run, kept as files until the content changes; frozen files are never rendered again."""

from unittest import mock

import pytest
from django.urls import reverse

from reports.documents import render_pdf
from reports.register import page_images, services
from reports.register.models import PETITION_KINDS, OutgoingDocument, OutgoingKind
from reports.register.rendering import draft_document
from tests.reports.test_layout_worst_case import world  # noqa: F401  (a body, unit, conference and petition)
from tests.reports.test_outgoing_register import World

LONG = "\n".join(f"Đoạn thứ {i}: nội dung dài để văn bản sang trang thứ hai của thông báo." * 3 for i in range(25))


@pytest.fixture
def w(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return World()


@pytest.fixture
def counted():
    """(renderings of the register's files, pdftoppm runs) while the test runs."""
    render = mock.Mock(wraps=render_pdf)
    run = mock.Mock(wraps=page_images.subprocess.run)
    with mock.patch("reports.register.views.render_pdf", render), mock.patch.object(page_images.subprocess, "run",
                                                                                     run):
        yield render, run


def open_page(client, document) -> list[bytes]:
    """The document's page, then every page image it shows, as a browser does."""
    response = client.get(reverse("reports:outgoing_document", args=[document.pk]))
    assert response.status_code == 200
    images = []
    for number in response.context["page_range"]:
        image = client.get(reverse("reports:outgoing_document_page", args=[document.pk, number]))
        assert image.status_code == 200 and image["Content-Type"] == "image/png"
        images.append(image.content)
    return images


def test_the_page_and_all_its_images_cost_one_rendering(w, client, counted):
    render, run = counted
    document = w.notice(text=LONG)
    client.force_login(w.economic)
    images = open_page(client, document)
    assert len(images) >= 2 and all(image.startswith(b"\x89PNG") for image in images)
    assert images[0] != images[1]
    assert (render.call_count, run.call_count) == (1, 1)
    # Opened again (another reviewer, a reload): nothing is rendered or rasterised.
    assert open_page(client, document) == images
    assert (render.call_count, run.call_count) == (1, 1)
    assert client.get(reverse("reports:outgoing_document_page", args=[document.pk, 99])).status_code == 404


def test_a_changed_draft_is_a_new_version_and_the_old_images_go(w, client, counted, settings):
    render, _run = counted
    document = w.notice(text=LONG)
    client.force_login(w.economic)
    before = open_page(client, document)
    services.outgoing_document_update(document=document, actor=w.economic, text=LONG + "\nĐoạn cuối mới thêm.")
    after = open_page(client, document)
    assert render.call_count == 2 and after != before
    versions = list((page_images.images_root() / str(document.pk)).iterdir())
    assert len(versions) == 1 and versions[0].name.startswith("draft-")


def test_the_frozen_file_is_rasterised_from_its_bytes_never_rendered_again(w, client, counted):
    render, run = counted
    document = w.notice(text=LONG)
    services.outgoing_document_submit(document=document, actor=w.economic)
    services.outgoing_document_pass(document=document, actor=w.office)
    client.force_login(w.office)
    open_page(client, document)
    open_page(client, document)
    assert (render.call_count, run.call_count) == (0, 1)
    version = next((page_images.images_root() / str(document.pk)).iterdir()).name
    document.refresh_from_db()
    assert version == page_images.content_version("frozen", document.frozen_sha256)


def test_pdftoppm_padded_page_names_are_read_as_page_numbers(tmp_path):
    from reports.documents import Paragraph, official_document
    from tests.factories import BodyFactory

    body = BodyFactory.build(name="xã Hải Hưng", place_name="Hải Hưng")
    doc = official_document(body=body, title="THÔNG BÁO", filename="x", symbol="TB-UBND",
                            blocks=[Paragraph(LONG) for _ in range(8)])
    pages = page_images.rasterise(render_pdf(doc), tmp_path)
    assert pages >= 10  # pdftoppm writes page-01.png … page-10.png
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"page-{n}.png" for n in range(1, pages + 1))


@pytest.mark.django_db
@pytest.mark.parametrize("kind", OutgoingKind.values)
def test_every_kind_of_draft_has_a_stable_content_version(world, kind):  # noqa: F811  (the imported fixture)
    """A draft's version is the SHA-256 of the content it is built from: the same for two builds (else every look
    would render again), different once the text changes."""
    body, unit, conference, petition = world
    document = OutgoingDocument.objects.create(
        body=body, kind=kind, conference=conference, petition=petition if kind in PETITION_KINDS else None,
        drafting_unit=unit, title="Trích yếu", recipients="Sở Tài chính\nLưu: VT, KT", text="Nội dung.")
    first, second = (repr(draft_document(document, "https://doithoai.example.vn")) for _ in range(2))
    assert " at 0x" not in first
    assert page_images.content_version("draft", first) == page_images.content_version("draft", second)
    document.text = "Nội dung đã sửa."
    changed = repr(draft_document(document, "https://doithoai.example.vn"))
    assert page_images.content_version("draft", changed) != page_images.content_version("draft", first)
