"""factory_boy factories shared by the test suite (extend, do not rewrite others' factories)."""

import datetime
import itertools

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from stdnum.vn import mst

from conferences.models import Body, Conference, Registration, StaffProfile, Unit
from petitions.models import Category, Petition

_tax_counter = itertools.count(1)


def next_tax_code() -> str:
    """A fresh valid 10-digit enterprise code (check digit per stdnum.vn.mst)."""
    while True:
        head = f"02{next(_tax_counter):07d}"
        check = mst.calc_check_digit(head)
        if len(check) == 1 and mst.is_valid(head + check):
            return head + check


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ("admin_unit_code",)

    name = "thành phố Hải Phòng"
    kind = Body.Kind.CITY
    admin_unit_code = "31"
    slug = "thanh-pho-hai-phong"
    code_prefix = "HP"
    default_agenda = factory.LazyFunction(list)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    name = "xã Hải Hưng"
    kind = Body.Kind.COMMUNE
    parent = factory.SubFactory(CityFactory)
    admin_unit_code = factory.Sequence(lambda n: f"{20000 + n}")
    slug = factory.Sequence(lambda n: f"xa-thu-nghiem-{n}")
    # "T" + three letters: at most 4 characters (the column's limit, enforced by PostgreSQL) for 17,576 bodies.
    code_prefix = factory.Sequence(lambda n: "T" + "".join(chr(65 + n // 26**i % 26) for i in (2, 1, 0)))
    chair_name = "Nguyễn Văn An"
    chair_title = "Chủ tịch"
    place_name = "Hải Hưng"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    body = factory.SubFactory(BodyFactory)
    name = factory.Sequence(lambda n: f"Phòng {n}")
    code = factory.Sequence(lambda n: f"U{n}")
    kind = Unit.Kind.OTHER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    first_name = "Cán"
    last_name = "Bộ"
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "matkhau-thu-nghiem")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))
        if create:
            self.save()


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory)
    body = factory.SubFactory(BodyFactory)
    unit = None


def staff_user(body, *roles, unit=None, username=None):
    """A staff user of `body` holding `roles` (group names), optionally in `unit`."""
    kwargs = {"username": username} if username else {}
    user = UserFactory(roles=list(roles), **kwargs)
    StaffProfileFactory(user=user, body=body, unit=unit)
    return user


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference

    body = factory.SubFactory(BodyFactory)
    year = 2026
    title = factory.LazyAttribute(lambda o: f"Hội nghị đối thoại doanh nghiệp {o.body.name} năm {o.year}")
    starts_at = factory.LazyAttribute(
        lambda o: timezone.make_aware(datetime.datetime(o.year, 6, 18, 8, 0)))
    venue = "Hội trường trung tâm"
    status = Conference.Status.REGISTRATION_OPEN

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Like conference_create: rule settings come from the body unless the test sets them.
        obj = model_class(*args, **kwargs)
        explicit = {k for k in kwargs if k in Conference.rule_field_names()}
        for name in Conference.rule_field_names():
            if name not in explicit:
                setattr(obj, name, getattr(obj.body, name))
        obj.save()
        return obj


class UpcomingConferenceFactory(ConferenceFactory):
    """A conference open for registration on Tue 22/12/2026 08:00 (cut-off Tue 1/12/2026), for the public
    registration tests."""

    title = "Hội nghị đối thoại với các doanh nghiệp, hợp tác xã, hộ kinh doanh trên địa bàn xã năm 2026"
    starts_at = factory.LazyAttribute(
        lambda o: timezone.make_aware(datetime.datetime(o.year, 12, 22 if o.year == 2026 else 20, 8, 0)))
    venue = "Hội trường Ủy ban nhân dân xã"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    conference = factory.SubFactory(ConferenceFactory)
    full_name = "Phạm Thị Hoa"
    position = "Giám đốc"
    organisation_name = "Công ty TNHH Thương mại Hải Hưng"
    tax_code = factory.LazyFunction(next_tax_code)
    phone = "0912345678"
    email = "hoa@example.vn"
    address = "Thôn Đông, xã Hải Hưng, thành phố Hải Phòng"
    channel = Registration.Channel.PAPER
    received_at = factory.LazyFunction(lambda: timezone.make_aware(datetime.datetime(2026, 5, 4, 9, 0)))


class PetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Petition
        skip_postgeneration_save = True

    body = factory.SubFactory(BodyFactory)
    conference = None
    registration = None
    organisation_name = factory.Sequence(lambda n: f"Công ty TNHH Kiến Nghị {n}")
    tax_code = factory.LazyFunction(next_tax_code)
    category = Category.ADMIN_PROCEDURE
    content = "Thời gian giải quyết hồ sơ còn kéo dài."
    received_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Like every save path of the portal: a petition without a given due date gets its receipt day, rule
        # and due date through petitions.deadlines when it is created (the database refuses an open petition
        # without one, and a closed one may be reopened).
        from petitions.deadlines.due_dates import petition_fill_deadline

        petition = model_class(*args, **kwargs)
        if petition.due_date is None:
            petition_fill_deadline(petition)
        petition.save()
        return petition

    @factory.post_generation
    def coordinating_units(self, create, extracted, **kwargs):
        if create and extracted:
            self.coordinating_units.set(extracted)


class ScopingWorld:
    """Two communes of one city, their units, conferences, registrations, petitions and one user per role.

    Used by the permission-matrix tests: what each role sees, and that another body's rows answer 404.
    """

    def __init__(self):
        from conferences.organisation import roles

        self.city = CityFactory()
        self.hh = BodyFactory(name="xã Hải Hưng", slug="xa-hai-hung", code_prefix="HH", admin_unit_code="11257",
                              parent=self.city)
        self.hd = BodyFactory(name="xã Hà Đông", slug="xa-ha-dong", code_prefix="HD", admin_unit_code="10882",
                              parent=self.city)
        self.kt = UnitFactory(body=self.hh, name="Phòng Kinh tế", code="KT", kind=Unit.Kind.ECONOMIC)
        self.pv = UnitFactory(body=self.hh, name="Trung tâm Phục vụ hành chính công", code="PVHCC")
        self.hd_kt = UnitFactory(body=self.hd, name="Phòng Kinh tế", code="KT", kind=Unit.Kind.ECONOMIC)
        self.hh_conf = ConferenceFactory(body=self.hh)
        self.hd_conf = ConferenceFactory(body=self.hd)
        self.hh_reg = RegistrationFactory(conference=self.hh_conf, phone="0912345678")
        self.hd_reg = RegistrationFactory(conference=self.hd_conf)
        self.p_kt = PetitionFactory(body=self.hh, conference=self.hh_conf, registration=self.hh_reg,
                                    lead_unit=self.kt)
        self.p_pv = PetitionFactory(body=self.hh, lead_unit=self.pv)
        self.p_coord = PetitionFactory(body=self.hh, lead_unit=self.kt, coordinating_units=[self.pv])
        self.p_hd = PetitionFactory(body=self.hd, conference=self.hd_conf, lead_unit=self.hd_kt)
        self.economic = staff_user(self.hh, roles.ECONOMIC, unit=self.kt, username="kinhte")
        self.handler = staff_user(self.hh, roles.HANDLER, unit=self.pv, username="xuly")
        self.office = staff_user(self.hh, roles.OFFICE, username="vanphong")
        self.leader = staff_user(self.hh, roles.LEADERSHIP, username="lanhdao")
        self.finance = staff_user(self.city, roles.FINANCE, username="taichinh")
        self.hd_economic = staff_user(self.hd, roles.ECONOMIC, unit=self.hd_kt, username="kinhte_hd")
        self.superuser = UserFactory(username="quantri", is_superuser=True)
        self.no_profile = UserFactory(username="khonghoso", roles=[roles.ECONOMIC])


# ---- Deadlines and their recompute (issue 4, part 4) ----

VN_TZ = datetime.timezone(datetime.timedelta(hours=7), "Asia/Ho_Chi_Minh")


def vn_time(*args) -> datetime.datetime:
    """An aware datetime in Vietnamese time (UTC+7, no daylight saving)."""
    return datetime.datetime(*args, tzinfo=VN_TZ)


class DeadlinePetitionFactory(PetitionFactory):
    """A petition whose receipt day, deadline rule and due date are filled by petitions.deadlines.due_dates (as the
    services that receive petitions do)."""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from petitions.deadlines.due_dates import petition_fill_deadline

        obj = model_class(*args, **kwargs)
        petition_fill_deadline(obj)
        obj.save()
        return obj
