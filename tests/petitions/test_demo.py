"""The demo data: idempotent, and rich enough to show every role, column and category."""

import phonenumbers
import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from stdnum.vn import mst

from conferences.models import Body, Conference, IdentifierKind, Registration
from petitions.models import PHU_LUC_I_COLUMN, Category, Petition, Status

pytestmark = pytest.mark.django_db


def counts():
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_load_demo_twice_gives_the_same_counts(capsys):
    call_command("load_demo")
    first = counts()
    out = capsys.readouterr().out
    assert "DoiThoai@2026" in out and "kinhte.haihung" in out
    call_command("load_demo")
    assert counts() == first
    assert first["petitions.Petition"] > 0


def test_demo_held_conference_fills_every_column_and_category():
    call_command("load_demo", "--quiet-logins")
    conference = Conference.objects.get(body__slug="xa-hai-hung", year=2026)
    assert conference.status == Conference.Status.REPORTED  # its BC issued through the register
    assert (conference.starts_at.year, conference.starts_at.month) == (2026, 6)
    petitions = list(Petition.objects.filter(conference=conference))
    assert len(petitions) >= 40
    assert len({p.registration_id for p in petitions}) >= 20
    assert {p.category for p in petitions} == set(Category.values)
    assert {PHU_LUC_I_COLUMN[p.status] for p in petitions} == {4, 5, 6, 7, None}
    assert {Status.WITHDRAWN, Status.MERGED} <= {p.status for p in petitions}
    assert all(p.due_date and p.deadline_rule and p.receipt_day for p in petitions)


def test_demo_identifiers_and_phones_are_valid():
    call_command("load_demo", "--quiet-logins")
    for registration in Registration.objects.all():
        assert phonenumbers.is_valid_number(phonenumbers.parse(registration.phone, "VN")), registration.phone
        if registration.identifier_kind == IdentifierKind.TAX_CODE:
            assert mst.is_valid(registration.tax_code), registration.tax_code
        else:
            assert len(registration.tax_code) == 12 and registration.tax_code.isdigit()


def test_demo_upcoming_conference_is_on_the_home_page(client):
    call_command("load_demo", "--quiet-logins")
    upcoming = Conference.objects.get(body__slug="xa-hai-hung", status=Conference.Status.REGISTRATION_OPEN)
    html = client.get(reverse("conferences:home")).content.decode()
    assert upcoming.title in html
    assert "Hải Hưng" in html
    assert Body.objects.get(slug="xa-hai-hung").chair_name == "Phạm Văn Hạnh"


def test_demo_logins_see_only_their_share(client):
    call_command("load_demo", "--quiet-logins")
    client.login(username="xuly.haihung", password="DoiThoai@2026")
    response = client.get(reverse("admin:petitions_petition_changelist"))
    shown = set(response.context["cl"].queryset)
    assert shown and all(
        p.lead_unit.code == "PVHCC" or p.coordinating_units.filter(code="PVHCC").exists() for p in shown)
    client.login(username="kinhte.hadong", password="DoiThoai@2026")
    response = client.get(reverse("admin:petitions_petition_changelist"))
    assert {p.body.slug for p in response.context["cl"].queryset} == {"xa-ha-dong"}


def test_demo_logins_command_prints_without_data(capsys):
    call_command("demo_logins")
    assert "load_demo" in capsys.readouterr().out


def test_demo_register_shows_every_state_with_2026_numbers_signed_by_the_chair(client):
    from reports.register.models import OutgoingDocument, OutgoingKind, OutgoingStatus

    call_command("load_demo", "--quiet-logins")
    documents = OutgoingDocument.objects.filter(body__slug="xa-hai-hung")
    assert set(documents.values_list("status", flat=True)) == set(OutgoingStatus.values)
    issued = documents.filter(status=OutgoingStatus.ISSUED)
    assert {"plan", "notice", "invitation", "minutes", "conclusion", "answer_letter"} <= set(
        issued.values_list("kind", flat=True))
    for document in issued:
        assert document.issued_on.year == 2026 and document.number.year == 2026
        assert document.signer_name == "Phạm Văn Hạnh" and document.events.filter(to_status="signed").exists()
    plan = issued.get(kind=OutgoingKind.PLAN)
    assert (plan.number.formatted, plan.issued_on.isoformat()) == ("01/KH-UBND", "2026-04-20")
    # The written answers issued: their petitions are resolved with the letter's number.
    letters = issued.filter(kind=OutgoingKind.ANSWER_LETTER)
    assert letters.count() == 3
    for letter in letters:
        assert letter.petition.status == Status.RESOLVED
        assert letter.petition.answer_document_number == letter.number.formatted
    assert documents.exclude(return_comment="").exists()
    # Every demo role sees the register.
    from django.contrib.auth import get_user_model

    for username in ("kinhte.haihung", "xuly.haihung", "vanphong.haihung", "lanhdao.haihung"):
        client.force_login(get_user_model().objects.get(username=username))
        assert client.get(reverse("reports:outgoing_register")).status_code == 200
