"""Vietnamese dates are read and shown day first (dialogue_portal/formats/vi), in forms and in the admin."""

from datetime import date, datetime

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from django.utils import formats, translation

from conferences.models import Conference
from tests.factories import UserFactory


class DeadlineForm(forms.Form):
    day = forms.DateField()
    moment = forms.DateTimeField()


@pytest.fixture
def vi():
    with translation.override("vi"):
        yield


@pytest.mark.usefixtures("vi")
class TestVietnamese:
    def test_a_form_reads_04_03_2027_as_4_march(self):
        form = DeadlineForm({"day": "04/03/2027", "moment": "04/03/2027 08:30"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == date(2027, 3, 4)
        moment = form.cleaned_data["moment"]
        assert (moment.year, moment.month, moment.day, moment.hour, moment.minute) == (2027, 3, 4, 8, 30)

    def test_iso_dates_are_still_accepted(self):
        form = DeadlineForm({"day": "2027-03-04", "moment": "2027-03-04 08:30"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == date(2027, 3, 4)

    def test_a_month_above_12_is_refused_rather_than_swapped(self):
        form = DeadlineForm({"day": "04/13/2027", "moment": "04/03/2027 08:30"})
        assert not form.is_valid()
        assert "day" in form.errors

    def test_dates_are_shown_day_first(self):
        assert formats.date_format(date(2027, 3, 4)) == "04/03/2027"
        assert formats.date_format(datetime(2027, 3, 4, 8, 30), "DATETIME_FORMAT") == "04/03/2027 08:30"
        assert formats.localize_input(date(2027, 3, 4)) == "04/03/2027"

    def test_the_separators_still_come_from_django(self):
        assert formats.get_format("DECIMAL_SEPARATOR") == ","

    @pytest.mark.django_db
    def test_the_conference_admin_reads_the_start_day_first(self):
        request = RequestFactory().get("/admin/")
        request.user = UserFactory(is_superuser=True)
        form_class = admin.site._registry[Conference].get_form(request)
        starts_at = form_class.base_fields["starts_at"].clean(["04/03/2027", "08:00"])
        assert (starts_at.month, starts_at.day) == (3, 4)


def test_english_keeps_django_formats():
    with translation.override("en"):
        assert DeadlineForm({"day": "03/04/2027", "moment": "2027-03-04 08:30"}).is_valid()
        form = DeadlineForm({"day": "03/04/2027", "moment": "2027-03-04 08:30"})
        form.is_valid()
        assert form.cleaned_data["day"] == date(2027, 3, 4)
