"""factory_boy factories shared by the test suite."""

import datetime
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth import get_user_model

from conferences.models import Body, Conference, Registration, StaffProfile, Unit
from petitions.models import Petition

VN = ZoneInfo("Asia/Ho_Chi_Minh")


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ("admin_unit_code",)

    name = "thành phố Hải Phòng"
    kind = Body.Kind.CITY
    admin_unit_code = "31"
    slug = "thanh-pho-hai-phong"
    code_prefix = "HP"
    place_name = "Hải Phòng"


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    name = "xã Hải Hưng"
    kind = Body.Kind.COMMUNE
    parent = factory.SubFactory(CityFactory)
    admin_unit_code = factory.Sequence(lambda n: f"{11257 + n}")
    slug = factory.Sequence(lambda n: f"xa-hai-hung-{n}")
    code_prefix = factory.Sequence(lambda n: "H" + "ABCDEFGHJKMNPQRSTUVWXYZ"[n % 23] + "ABCDEFGHJK"[(n // 23) % 10])
    place_name = "Hải Hưng"
    chair_name = "Nguyễn Văn An"
    chair_title = "Chủ tịch"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    body = factory.SubFactory(BodyFactory)
    name = "Phòng Kinh tế"
    code = "KT"
    kind = Unit.Kind.ECONOMIC


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"canbo{n}")
    first_name = "Lan"
    last_name = "Trần Thị"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    is_staff = True
    password = factory.django.Password("mat-khau-123")


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory)
    body = factory.SubFactory(BodyFactory)


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference

    body = factory.SubFactory(BodyFactory)
    year = 2026
    title = "Hội nghị đối thoại với các doanh nghiệp, hợp tác xã, hộ kinh doanh trên địa bàn xã Hải Hưng"
    starts_at = factory.LazyFunction(lambda: datetime.datetime(2026, 6, 18, 8, 0, tzinfo=VN))
    venue = "Hội trường UBND xã Hải Hưng"
    status = Conference.Status.REGISTRATION_OPEN
    chair_name = "Nguyễn Văn An"
    chair_title = "Chủ tịch"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    conference = factory.SubFactory(ConferenceFactory)
    full_name = "Phạm Thị Hoa"
    position = "Giám đốc"
    organisation_name = "Công ty TNHH Thương mại Hải Hưng"
    tax_code = factory.Sequence(lambda n: f"0{312687870 + n}")
    phone = "0912345678"
    email = "hoa@example.vn"
    address = "Thôn Đông, xã Hải Hưng, thành phố Hải Phòng"
    channel = Registration.Channel.PAPER
    received_at = factory.LazyFunction(lambda: datetime.datetime(2026, 5, 4, 9, 0, tzinfo=VN))


class PetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Petition

    body = factory.LazyAttribute(lambda p: p.conference.body if p.conference else BodyFactory())
    conference = None
    registration = None
    organisation_name = "Công ty TNHH Thương mại Hải Hưng"
    category = Petition.Category.ADMIN_PROCEDURE
    content = "Thủ tục cấp phép xây dựng nhà xưởng kéo dài."
    received_at = factory.LazyFunction(lambda: datetime.datetime(2026, 5, 4, 9, 0, tzinfo=VN))
