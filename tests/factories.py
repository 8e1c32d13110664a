"""factory_boy factories shared by the test suites (extend, do not rewrite others' factories)."""

import datetime
from zoneinfo import ZoneInfo

import factory

from conferences.models import Body, Conference, OrganisationKind, Registration

VN = ZoneInfo("Asia/Ho_Chi_Minh")


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"xã Thử Nghiệm {n}")
    kind = Body.Kind.COMMUNE
    admin_unit_code = factory.Sequence(lambda n: f"{20000 + n}"[-5:])
    slug = factory.Sequence(lambda n: f"xa-thu-nghiem-{n}")
    code_prefix = factory.Sequence(lambda n: "".join("ABCDEFGHJKMNPQRSTUVWXYZ"[int(d)] for d in f"{n:03d}"))
    place_name = "Thử Nghiệm"


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference

    body = factory.SubFactory(BodyFactory)
    year = 2026
    title = "Hội nghị đối thoại với các doanh nghiệp, hợp tác xã, hộ kinh doanh trên địa bàn xã năm 2026"
    starts_at = datetime.datetime(2026, 12, 22, 8, 0, tzinfo=VN)
    venue = "Hội trường Ủy ban nhân dân xã"
    status = Conference.Status.REGISTRATION_OPEN


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    conference = factory.SubFactory(ConferenceFactory)
    full_name = "Nguyễn Văn An"
    organisation_name = factory.Sequence(lambda n: f"Công ty TNHH Thử Nghiệm {n}")
    organisation_kind = OrganisationKind.ENTERPRISE
    tax_code = "0312687878"
    phone = "0912345678"
    received_at = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=VN)
    consent_version = "2026-01"
    consented_at = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=VN)
