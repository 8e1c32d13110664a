"""Document numbering: one series per body, year and type; concurrency-safe, never reused, leading zero."""

import threading

import pytest
from django.db import connection

from reports.documents.numbering import ReportError, document_number_allocate
from reports.models import DocumentNumber, IssuedDocumentNumber
from tests.conftest import require_service
from tests.factories import BodyFactory, ConferenceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_numbers_follow_each_other_with_a_leading_zero_below_ten():
    body = BodyFactory()
    user = UserFactory()
    issued = [document_number_allocate(body=body, year=2026, doc_type="KH", user=user) for _ in range(10)]
    assert [n.formatted for n in issued[:2]] == ["01/KH-UBND", "02/KH-UBND"]
    assert issued[8].formatted == "09/KH-UBND"
    assert issued[9].formatted == "10/KH-UBND"
    assert issued[0].issued_by == user


def test_series_are_separate_per_type_year_and_body():
    body, other = BodyFactory(), BodyFactory()
    assert document_number_allocate(body=body, year=2026, doc_type="KH").number == 1
    assert document_number_allocate(body=body, year=2026, doc_type="TB").formatted == "01/TB-UBND"
    assert document_number_allocate(body=body, year=2027, doc_type="KH").number == 1
    assert document_number_allocate(body=other, year=2026, doc_type="KH").number == 1
    assert document_number_allocate(body=body, year=2026, doc_type="KH").formatted == "02/KH-UBND"


def test_letters_carry_the_drafting_unit_and_share_one_series():
    body = BodyFactory()
    first = document_number_allocate(body=body, year=2026, doc_type="CV", unit_code="KT")
    second = document_number_allocate(body=body, year=2026, doc_type="CV", unit_code="vp")
    assert (first.formatted, second.formatted) == ("01/UBND-KT", "02/UBND-VP")
    with pytest.raises(ReportError):
        document_number_allocate(body=body, year=2026, doc_type="CV")
    with pytest.raises(ReportError):
        document_number_allocate(body=body, year=2026, doc_type="XX")


def test_a_number_is_never_handed_out_again():
    body = BodyFactory()
    first = document_number_allocate(body=body, year=2026, doc_type="GM")
    first.delete()  # even if a clerk deletes the record of a number, the counter does not go back
    assert document_number_allocate(body=body, year=2026, doc_type="GM").number == 2
    assert DocumentNumber.objects.get(body=body, year=2026, doc_type="GM").last_number == 2


def test_conference_of_another_body_is_refused():
    with pytest.raises(ReportError):
        document_number_allocate(body=BodyFactory(), year=2026, doc_type="KH", conference=ConferenceFactory())


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_numbers_taken_at_the_same_moment_differ():
    require_service("PostgreSQL", connection.vendor == "postgresql",
                    "row locks need PostgreSQL (DATABASE_URL=postgres://…); SQLite runs the sequential tests")
    body = BodyFactory()
    workers = 8
    barrier = threading.Barrier(workers)
    results, errors = [], []

    def take():
        try:
            barrier.wait()
            results.append(document_number_allocate(body=body, year=2026, doc_type="BC").number)
        except Exception as exc:  # reported below: a lost update or a deadlock must fail the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == list(range(1, workers + 1))
    assert IssuedDocumentNumber.objects.filter(body=body, doc_type="BC").count() == workers
