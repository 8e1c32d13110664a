"""Ten identical submissions of one form at once make one registration; without the token guard they make ten.

Two reminder runs at once sending each reminder once is covered by tests/conferences/test_lifecycle_concurrency.py
and tests/petitions/test_reminders.py (threads on PostgreSQL).
"""

import contextlib
import threading

import pytest
from django.db import connection, models

from conferences.models import Registration
from petitions.models import Petition, RegistrationSubmission
from petitions.registration import services as reg
from tests.conftest import require_service
from tests.factories import UpcomingConferenceFactory
from tests.petitions.test_registration_service import submit

THREADS = 10
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]


@pytest.fixture
def postgresql():
    require_service("PostgreSQL", connection.vendor == "postgresql",
                    "concurrent writers need PostgreSQL (DATABASE_URL=postgres://…)")


@pytest.fixture
def all_inside_the_critical_section(monkeypatch):
    """Test-only pause: every thread has passed the "token already used?" check before any of them writes,
    so the race the guard must settle happens on every run, not by chance."""
    barrier = threading.Barrier(THREADS, timeout=20)
    original = reg._petition_deadline

    def paused(*args, **kwargs):
        barrier.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(reg, "_petition_deadline", paused)


@contextlib.contextmanager
def token_guard_off():
    """Drop the unique index on the form token for the duration (negative control), then put it back."""
    field = RegistrationSubmission._meta.get_field("form_token")
    name, path, args, kwargs = field.deconstruct()
    unguarded = models.CharField(*args, **{**kwargs, "unique": False})
    unguarded.set_attributes_from_name(name)
    unguarded.model = RegistrationSubmission
    with connection.schema_editor() as editor:
        editor.alter_field(RegistrationSubmission, field, unguarded)
    try:
        yield
    finally:
        RegistrationSubmission.objects.all().delete()  # duplicate tokens would stop the index from coming back
        with connection.schema_editor() as editor:
            editor.alter_field(RegistrationSubmission, unguarded, field)


def submit_at_once(conference):
    results, errors = [], []

    def worker():
        from django.db import connection as thread_connection

        try:
            results.append(submit(conference, token="same-token"))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.mark.usefixtures("postgresql", "all_inside_the_critical_section")
def test_ten_identical_submissions_at_once_make_one_registration():
    conference = UpcomingConferenceFactory()

    results, errors = submit_at_once(conference)

    assert errors == []
    assert len({registration.pk for registration, _ in results}) == 1
    assert sorted(created for _, created in results) == [False] * (THREADS - 1) + [True]
    assert Registration.objects.count() == 1
    assert Petition.objects.count() == 3


@pytest.mark.usefixtures("postgresql", "all_inside_the_critical_section")
def test_negative_control_without_the_token_guard_the_race_makes_duplicates():
    conference = UpcomingConferenceFactory()

    with token_guard_off():
        results, errors = submit_at_once(conference)
        registrations = Registration.objects.count()

    assert errors == []
    # Every thread passed the check before any wrote: without the unique token, each one created a registration.
    assert registrations == THREADS
    assert all(created for _, created in results)
