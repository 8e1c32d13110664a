"""`Cache-Control: no-store` on every page with personal data (staff pages, a person's registration pages), and
not on the public pages without any (they stay cacheable)."""

import pytest
from django.urls import reverse

from conferences.models import Conference
from petitions.registration.views import confirmation_url, status_url
from tests.factories import RegistrationFactory, ScopingWorld
from tests.factories import UpcomingConferenceFactory as ConferenceFactory

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "")


@pytest.fixture
def world():
    return ScopingWorld()


def test_every_staff_page_is_no_store(client, world):
    conference = world.hh_conf
    Conference.objects.filter(pk=conference.pk).update(status=Conference.Status.HELD)
    client.force_login(world.superuser)
    pages = [
        reverse("admin:index"),
        reverse("admin:petitions_petition_changelist"),
        reverse("admin:petitions_petition_change", args=[world.p_kt.pk]),
        reverse("admin:conferences_registration_changelist"),
        reverse("admin:conferences_calendarentry_year", args=[2026]),
        reverse("admin:conferences_conference_dashboard"),
        reverse("admin:conferences_conference_check_in", args=[conference.pk]),
        reverse("admin:petitions_registration_import"),
        reverse("reports:report_index"),
        reverse("reports:dashboard"),
        reverse("reports:registration_phu_luc_2", args=[world.hh_reg.pk, "pdf"]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert no_store(response), url
    # A staff member's view of a public page may carry their session's personal data too (and the admin link).
    assert no_store(client.get("/"))


def test_a_persons_registration_pages_are_no_store(client, settings):
    settings.REGISTRATION_LOOKUP_RATE_LIMIT = ""
    conference = ConferenceFactory(year=2030)
    registration = RegistrationFactory(conference=conference)
    slug, code, secret = conference.body.slug, registration.code, registration.secret
    pages = {
        "confirmation": confirmation_url(registration),
        "status": status_url(registration),
        "edit": reverse("petitions:registration_edit", args=[slug, code, secret]),
        "filled Phụ lục II": reverse("reports_public:filled_phu_luc_2_pdf", args=[slug, code, secret]),
        "look-up": reverse("petitions:status_lookup", args=[slug]),
        "registration form": reverse("petitions:register", args=[slug, 2030]),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code in (200, 302), name
        assert no_store(response), name
    found = client.post(reverse("petitions:status_lookup", args=[slug]), {"code": code, "phone": registration.phone})
    assert no_store(found)


def test_public_pages_without_personal_data_stay_cacheable(client):
    conference = ConferenceFactory(year=2030)
    for url in ("/", reverse("petitions:conference_detail", args=[conference.body.slug, 2030]),
                reverse("conferences:deadline_calculator"), reverse("reports_public:folder_bodies")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not no_store(response), url


def test_any_page_under_a_secret_link_is_no_store_without_being_listed(rf):
    """A page added later under /tra-cuu/<code>/<secret>/ is covered by the rule, not by remembering a list."""
    from django.urls import ResolverMatch

    from dialogue_portal.middleware import PERSONAL_DATA_URL_NAMES, shows_personal_data

    request = rf.get("/xa-hai-hung/tra-cuu/HH26-7KQ4M/s3cr3t/tai-du-lieu/")
    request.resolver_match = ResolverMatch(lambda r: None, (), {"body_slug": "xa-hai-hung", "code": "HH26-7KQ4M",
                                                              "secret": "s3cr3t"}, url_name="data_download",
                                           app_names=["petitions"], namespaces=["petitions"])
    assert "petitions:data_download" not in PERSONAL_DATA_URL_NAMES
    assert shows_personal_data(request)
    request.resolver_match = ResolverMatch(lambda r: None, (), {"body_slug": "xa-hai-hung", "year": 2030},
                                           url_name="conference_detail", app_names=["petitions"],
                                           namespaces=["petitions"])
    assert not shows_personal_data(request)
