"""Demo data: the city, xã Hải Hưng and xã Hà Đông with staff, a held 2026 conference and an upcoming one.

Deterministic (one seeded random generator, natural keys, get_or_create) so that loading twice changes
nothing. Lives in reports, the top app, because it fills every app (`manage.py load_demo`).

The demo tells the truth about time: its history is written through the services on the dates it describes
(each takes `at` for the demo and the imports only), so that "as of" counts and the timelines work on it,
whatever day it is loaded.
"""

import datetime
import io
import random
import string
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from stdnum.vn import mst

from conferences.calendar import workdays
from conferences.common.codes import CODE_ALPHABET
from conferences.lifecycle import eligibility
from conferences.lifecycle.checklist import conference_task_complete, conference_tasks_create_defaults
from conferences.lifecycle.services import (
    conference_create,
    conference_evaluate_cutoff,
    conference_transition,
)
from conferences.models import (
    Body,
    Conference,
    IdentifierKind,
    Invitee,
    OrganisationKind,
    Participant,
    Registration,
    StaffProfile,
    Unit,
)
from conferences.organisation import roles
from petitions.deadlines import rules as deadlines
from petitions.deadlines.recompute import conference_reason, petitions_recompute_due_dates
from petitions.models import Category, Competence, DeadlineRule, Petition, PetitionEvent, Status
from petitions.triage.answers import petition_mark_answered_at_conference
from petitions.triage.services import petition_assign
from petitions.workflow.services import petition_transition
from reports.register.signing.demo_images import load_demo_signing_images

SEED = 20260618
DEMO_PASSWORD = "DoiThoai@2026"
CONSENT_VERSION = "2026-01"


@dataclass
class DemoLogin:
    username: str
    role: str
    body_slug: str
    description: str
    unit_code: str = ""
    superuser: bool = False


DEMO_LOGINS = [
    DemoLogin("quantri", "Quản trị hệ thống", "", "Toàn quyền, mọi cơ quan (quản trị viên hệ thống)", superuser=True),
    DemoLogin("kinhte.haihung", roles.ECONOMIC, "xa-hai-hung", "Mọi kiến nghị, đăng ký, hội nghị của xã Hải Hưng",
              unit_code="KT"),
    DemoLogin("xuly.haihung", roles.HANDLER, "xa-hai-hung",
              "Kiến nghị do Trung tâm Phục vụ hành chính công chủ trì hoặc phối hợp", unit_code="PVHCC"),
    DemoLogin("vanphong.haihung", roles.OFFICE, "xa-hai-hung", "Hậu cần hội nghị, đăng ký, đơn vị được mời",
              unit_code="VP"),
    DemoLogin("lanhdao.haihung", roles.LEADERSHIP, "xa-hai-hung", "Xem toàn bộ dữ liệu của xã Hải Hưng"),
    DemoLogin("taichinh.haiphong", roles.FINANCE, "thanh-pho-hai-phong",
              "Xem hội nghị của mọi xã, phường, đặc khu trực thuộc", unit_code="STC"),
    DemoLogin("kinhte.hadong", roles.ECONOMIC, "xa-ha-dong", "Phòng Kinh tế xã Hà Đông (cơ quan khác)",
              unit_code="KT"),
    DemoLogin("vanphong.hadong", roles.OFFICE, "xa-ha-dong", "Văn phòng xã Hà Đông: văn thư, sổ văn bản đi",
              unit_code="VP"),
    DemoLogin("lanhdao.hadong", roles.LEADERSHIP, "xa-ha-dong", "Chủ tịch UBND xã Hà Đông: ký văn bản"),
]

STAFF_NAMES = {
    "quantri": ("Quản trị", "Hệ thống"),
    "kinhte.haihung": ("Nguyễn Thị", "Thu Hà"),
    "xuly.haihung": ("Trần Văn", "Khải"),
    "vanphong.haihung": ("Lê Thị", "Hồng Nhung"),
    "lanhdao.haihung": ("Phạm Văn", "Hạnh"),
    "taichinh.haiphong": ("Vũ Minh", "Tuấn"),
    "kinhte.hadong": ("Đỗ Thị", "Lan Anh"),
    "vanphong.hadong": ("Ngô Thị", "Thanh Thủy"),
    "lanhdao.hadong": ("Hoàng Văn", "Đại"),
}

HAI_HUNG_UNITS = [
    ("Văn phòng HĐND và UBND", "VP", Unit.Kind.OFFICE),
    ("Phòng Kinh tế", "KT", Unit.Kind.ECONOMIC),
    ("Phòng Văn hóa - Xã hội", "VHXH", Unit.Kind.CULTURE_SOCIAL),
    ("Trung tâm Phục vụ hành chính công", "PVHCC", Unit.Kind.ADMIN_CENTRE),
    ("Trung tâm Dịch vụ sự nghiệp công", "DVSNC", Unit.Kind.PUBLIC_SERVICE),
]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Đinh"]
MIDDLE = {"m": ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân"], "f": ["Thị", "Thu", "Ngọc", "Thanh", "Kim"]}
GIVEN = {"m": ["Hùng", "Dũng", "Tuấn", "Long", "Thắng", "Sơn", "Hải", "Cường", "Khánh", "Phong", "Trung"],
         "f": ["Hương", "Lan", "Mai", "Hoa", "Hằng", "Yến", "Trang", "Linh", "Thảo", "Nga", "Huyền"]}
POSITIONS = {OrganisationKind.ENTERPRISE: ["Giám đốc", "Phó Giám đốc", "Kế toán trưởng"],
             OrganisationKind.COOPERATIVE: ["Giám đốc hợp tác xã", "Chủ tịch Hội đồng quản trị"],
             OrganisationKind.HOUSEHOLD: ["Chủ hộ kinh doanh"]}
VILLAGES = ["thôn Hưng Đạo", "thôn Quyết Thắng", "thôn Tân Hưng", "thôn Đông Hải", "thôn Phú Hưng", "thôn An Lạc"]

ORGANISATIONS = [
    (OrganisationKind.ENTERPRISE, "Công ty TNHH Thương mại và Dịch vụ Hưng Thịnh"),
    (OrganisationKind.ENTERPRISE, "Công ty Cổ phần Chế biến Nông sản Hải Hưng"),
    (OrganisationKind.ENTERPRISE, "Công ty TNHH May mặc Minh Phát"),
    (OrganisationKind.ENTERPRISE, "Công ty TNHH Cơ khí Đông Hải"),
    (OrganisationKind.ENTERPRISE, "Công ty Cổ phần Vật liệu xây dựng Tân Hưng"),
    (OrganisationKind.ENTERPRISE, "Công ty TNHH Vận tải Phú Hưng"),
    (OrganisationKind.ENTERPRISE, "Công ty TNHH Thực phẩm sạch An Lạc"),
    (OrganisationKind.ENTERPRISE, "Công ty TNHH Đồ gỗ mỹ nghệ Quyết Thắng"),
    (OrganisationKind.ENTERPRISE, "Công ty Cổ phần Thủy sản Hải Phòng Xanh"),
    (OrganisationKind.ENTERPRISE, "Công ty TNHH Điện tử Việt Hưng"),
    (OrganisationKind.ENTERPRISE, "Công ty TNHH Bao bì Thành Đạt"),
    (OrganisationKind.COOPERATIVE, "Hợp tác xã Dịch vụ nông nghiệp Hưng Đạo"),
    (OrganisationKind.COOPERATIVE, "Hợp tác xã Rau an toàn Tân Hưng"),
    (OrganisationKind.COOPERATIVE, "Hợp tác xã Chăn nuôi Đông Hải"),
    (OrganisationKind.COOPERATIVE, "Hợp tác xã Nuôi trồng thủy sản An Lạc"),
    (OrganisationKind.HOUSEHOLD, "Hộ kinh doanh Tạp hóa Minh Anh"),
    (OrganisationKind.HOUSEHOLD, "Hộ kinh doanh Quán ăn Hương Quê"),
    (OrganisationKind.HOUSEHOLD, "Hộ kinh doanh Sửa chữa xe máy Tuấn Hùng"),
    (OrganisationKind.HOUSEHOLD, "Hộ kinh doanh Vật tư nông nghiệp Bình Minh"),
    (OrganisationKind.HOUSEHOLD, "Hộ kinh doanh Xưởng mộc Hải Nam"),
    (OrganisationKind.HOUSEHOLD, "Hộ kinh doanh Bánh đa Hưng Phát"),
    (OrganisationKind.HOUSEHOLD, "Hộ kinh doanh Gạo sạch Thu Hằng"),
    (OrganisationKind.ENTERPRISE, "Công ty TNHH Xây dựng Hưng Long"),
    (OrganisationKind.HOUSEHOLD, "Hộ kinh doanh Cửa hàng điện máy Phương Linh"),
]

CONTENTS = {
    Category.CAPITAL: [
        ("Doanh nghiệp thiếu vốn lưu động do khách hàng chậm thanh toán, đề nghị hỗ trợ kết nối nguồn vốn vay.",
         "Tổ chức hội nghị kết nối ngân hàng với doanh nghiệp trên địa bàn xã."),
        ("Đề nghị hỗ trợ tiếp cận nguồn vốn vay ưu đãi để mở rộng xưởng chế biến nông sản.",
         "Giới thiệu các chương trình tín dụng ưu đãi của thành phố."),
        ("Hộ kinh doanh muốn chuyển lên doanh nghiệp nhưng thiếu vốn đầu tư ban đầu.",
         "Hướng dẫn chương trình hỗ trợ doanh nghiệp nhỏ và vừa."),
        ("Đề nghị hỗ trợ vốn đầu tư hệ thống nhà lưới trồng rau an toàn cho hợp tác xã.", ""),
    ],
    Category.INTEREST_RATE: [
        ("Lãi suất vay thương mại còn cao, đề nghị xem xét hỗ trợ lãi suất cho khoản vay mua máy móc.",
         "Áp dụng chính sách hỗ trợ lãi suất của thành phố cho hộ sản xuất."),
        ("Đề nghị được hỗ trợ lãi suất đối với khoản vay đầu tư chăn nuôi theo hướng an toàn sinh học.", ""),
        ("Doanh nghiệp đề nghị được thông tin về các gói vay lãi suất thấp cho doanh nghiệp nhỏ.", ""),
    ],
    Category.CREDIT: [
        ("Hồ sơ vay vốn bị ngân hàng yêu cầu tài sản bảo đảm vượt quá khả năng của hộ kinh doanh.",
         "Đề nghị ngân hàng xem xét cho vay theo phương án kinh doanh."),
        ("Đề nghị hướng dẫn thủ tục vay vốn Quỹ hỗ trợ phát triển hợp tác xã thành phố.", ""),
        ("Hợp tác xã gặp khó khăn khi gia hạn nợ do ảnh hưởng của bão, đề nghị cơ cấu lại thời hạn trả nợ.", ""),
    ],
    Category.POLICY: [
        ("Đề nghị hướng dẫn chính sách hỗ trợ hộ kinh doanh chuyển đổi thành doanh nghiệp.",
         "Tổ chức buổi tập huấn tại Trung tâm Phục vụ hành chính công."),
        ("Đề nghị có chính sách hỗ trợ sản phẩm tham gia chương trình OCOP và hội chợ xúc tiến thương mại.", ""),
        ("Đề nghị hỗ trợ chi phí chứng nhận sản xuất nông nghiệp hữu cơ cho hợp tác xã.", ""),
        ("Đề nghị hướng dẫn chính sách khuyến công đối với cơ sở sản xuất tiểu thủ công nghiệp.", ""),
    ],
    Category.ADMIN_PROCEDURE: [
        ("Thời gian giải quyết hồ sơ đăng ký thay đổi nội dung hộ kinh doanh còn kéo dài.",
         "Tăng cường tiếp nhận hồ sơ trực tuyến toàn trình."),
        ("Đề nghị hướng dẫn thủ tục cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm.", ""),
        ("Đề nghị rút ngắn thời gian chứng thực bản sao điện tử tại Trung tâm Phục vụ hành chính công.", ""),
        ("Đề nghị hướng dẫn thủ tục cấp giấy phép xây dựng nhà xưởng trên đất sản xuất kinh doanh.", ""),
        ("Hồ sơ nộp trực tuyến bị trả lại nhiều lần do không rõ yêu cầu thành phần hồ sơ.",
         "Công khai bộ hồ sơ mẫu trên Cổng dịch vụ công."),
    ],
    Category.LAND: [
        ("Đề nghị được thuê thêm đất để mở rộng nhà xưởng sản xuất.", "Rà soát quỹ đất công ích của xã."),
        ("Chậm cấp giấy chứng nhận quyền sử dụng đất đối với thửa đất đã nhận chuyển nhượng.", ""),
        ("Đề nghị hướng dẫn thủ tục chuyển mục đích sử dụng đất nông nghiệp sang đất sản xuất kinh doanh.", ""),
        ("Đề nghị giải quyết tranh chấp ranh giới đất giữa cơ sở sản xuất và hộ dân liền kề.", ""),
    ],
    Category.OTHER: [
        ("Đường giao thông vào khu sản xuất xuống cấp, xe tải khó lưu thông.", "Đưa vào kế hoạch duy tu năm sau."),
        ("Đề nghị bổ sung hệ thống chiếu sáng tuyến đường liên thôn dẫn vào cụm cơ sở sản xuất.", ""),
        ("Đề nghị hỗ trợ kết nối tuyển dụng lao động địa phương cho doanh nghiệp may mặc.", ""),
        ("Hệ thống kênh tiêu thủy lợi bị bồi lắng gây ngập úng khu nuôi trồng thủy sản.", ""),
        ("Đề nghị tăng cường thu gom rác thải tại khu vực chợ và cụm cửa hàng.", ""),
    ],
}

ANSWERS = {
    Status.RESOLVED: "Đã trả lời trực tiếp tại Hội nghị; doanh nghiệp thống nhất với nội dung trả lời.",
    Status.ANSWERED_PENDING: "Đã trả lời tại Hội nghị; UBND xã tiếp tục phối hợp với các đơn vị để giải quyết dứt điểm.",
}
AUTHORITIES = {
    Status.TRANSFERRED: ["Sở Nông nghiệp và Môi trường thành phố Hải Phòng", "Thuế cơ sở thành phố Hải Phòng",
                         "Ngân hàng Chính sách xã hội chi nhánh Hải Phòng"],
    Status.GUIDED: ["Ngân hàng Nhà nước khu vực 3", "Sở Công Thương thành phố Hải Phòng"],
    Status.NOT_ACCEPTED: ["Tòa án nhân dân khu vực có thẩm quyền"],
    Status.ESCALATED: ["Ủy ban nhân dân thành phố Hải Phòng"],
}

# 44 petitions of the held conference: every Phụ lục I column non-empty, some withdrawn and merged.
HELD_STATUSES = (
    [Status.RESOLVED] * 16 + [Status.ANSWERED_PENDING] * 5 + [Status.RECEIVED] * 1 + [Status.ASSIGNED] * 2
    + [Status.DRAFTED] * 2 + [Status.APPROVED] * 2 + [Status.TRANSFERRED] * 4 + [Status.GUIDED] * 3
    + [Status.NOT_ACCEPTED] * 2 + [Status.ESCALATED] * 3 + [Status.WITHDRAWN] * 2 + [Status.MERGED] * 2
)

# How a demo petition left "received" without an answer, and the working day after its counted receipt day
# it did so (the outside-competence ones within the 5 working days of the rule).
SENT_OUT_NOTES = {
    Status.TRANSFERRED: "Chuyển cơ quan có thẩm quyền: {authority}",
    Status.GUIDED: "Hướng dẫn doanh nghiệp gửi kiến nghị đến {authority}",
    Status.NOT_ACCEPTED: "Không tiếp nhận: thuộc thẩm quyền giải quyết của {authority}",
    Status.ESCALATED: "Báo cáo, xin ý kiến chỉ đạo của {authority}",
}


def valid_tax_code(rng: random.Random) -> str:
    """A 10-digit enterprise code with a correct check digit, Hải Phòng style (starting 02)."""
    while True:
        body = "02" + "".join(rng.choice(string.digits) for _ in range(7))
        check = mst.calc_check_digit(body)
        if len(check) == 1 and mst.is_valid(body + check):
            return body + check


def personal_id(rng: random.Random) -> str:
    """A 12-digit personal ID: Hải Phòng's province code 031, gender/century digit, birth year, serial."""
    century_sex = rng.choice("01")  # born in the 1900s
    return "031" + century_sex + f"{rng.randint(60, 99):02d}" + "".join(rng.choice(string.digits) for _ in range(6))


def mobile(rng: random.Random) -> str:
    """A valid Vietnamese 10-digit mobile number."""
    prefix = rng.choice(["091", "094", "088", "098", "097", "096", "086", "032", "035", "038", "090", "093",
                         "070", "077", "083", "085"])
    return prefix + "".join(rng.choice(string.digits) for _ in range(7))


def person(rng: random.Random) -> str:
    sex = rng.choice("mf")
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"


def demo_code(rng: random.Random, prefix: str, year: int) -> str:
    return f"{prefix}{year % 100:02d}-" + "".join(rng.choice(CODE_ALPHABET) for _ in range(5))


def aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@dataclass
class DemoResult:
    created: dict[str, int] = field(default_factory=dict)

    def bump(self, label: str, created: bool) -> None:
        if created:
            self.created[label] = self.created.get(label, 0) + 1


class DemoLoader:
    """Loads the demo data; every write is get_or_create on a natural key, so a second run changes nothing."""

    def __init__(self, today: datetime.date | None = None):
        self.today = today or timezone.localdate()
        self.result = DemoResult()

    def get_or_create(self, model, defaults=None, **lookup):
        obj, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
        self.result.bump(model._meta.verbose_name_plural, created)
        return obj, created

    @transaction.atomic
    def load(self) -> DemoResult:
        self.load_bodies()
        self.load_users()
        self.load_held_conference()
        load_demo_signing_images()  # drawn signature and seal images, as uploaded by an administrator
        self.load_register()
        self.load_upcoming_conference()
        self.load_ha_dong()
        return self.result

    # Organisation ---------------------------------------------------------------------------------------
    def load_bodies(self):
        self.city, _ = self.get_or_create(Body, admin_unit_code="31", defaults=dict(
            name="thành phố Hải Phòng", kind=Body.Kind.CITY, slug="thanh-pho-hai-phong", code_prefix="HP",
            address="Số 18 Hoàng Diệu, phường Hồng Bàng, thành phố Hải Phòng", place_name="Hải Phòng",
            chair_title="Chủ tịch", default_agenda=[]))
        self.get_or_create(Unit, body=self.city, code="STC", defaults=dict(
            name="Sở Tài chính", kind=Unit.Kind.FINANCE, handles_petitions=False))
        self.hai_hung, _ = self.get_or_create(Body, admin_unit_code="11257", defaults=dict(
            name="xã Hải Hưng", kind=Body.Kind.COMMUNE, parent=self.city, slug="xa-hai-hung", code_prefix="HH",
            address="Trụ sở UBND xã Hải Hưng, thành phố Hải Phòng", phone="02203123456",
            email="ubnd.haihung@haiphong.gov.vn", portal_url="https://haihung.haiphong.gov.vn",
            chair_name="Phạm Văn Hạnh", chair_title="Chủ tịch", document_symbol="UBND", place_name="Hải Hưng"))
        self.units = {}
        for name, code, kind in HAI_HUNG_UNITS:
            self.units[code], _ = self.get_or_create(Unit, body=self.hai_hung, code=code,
                                                     defaults=dict(name=name, kind=kind))
        self.ha_dong, _ = self.get_or_create(Body, admin_unit_code="10882", defaults=dict(
            name="xã Hà Đông", kind=Body.Kind.COMMUNE, parent=self.city, slug="xa-ha-dong", code_prefix="HD",
            address="Trụ sở UBND xã Hà Đông, thành phố Hải Phòng", chair_name="Hoàng Văn Đại",
            chair_title="Chủ tịch", place_name="Hà Đông", invite_target=15, cutoff_working_days=7,
            notice_days=15, notice_days_working=True))
        self.ha_dong_units = {}
        for name, code, kind in HAI_HUNG_UNITS[:2]:
            self.ha_dong_units[code], _ = self.get_or_create(Unit, body=self.ha_dong, code=code,
                                                             defaults=dict(name=name, kind=kind))

    def load_users(self):
        User = get_user_model()
        bodies = {"xa-hai-hung": self.hai_hung, "thanh-pho-hai-phong": self.city, "xa-ha-dong": self.ha_dong}
        for login in DEMO_LOGINS:
            # Vietnamese order (conferences.organisation.names): family and middle names, then the given name.
            family, given = STAFF_NAMES[login.username]
            user, created = User.objects.get_or_create(username=login.username, defaults=dict(
                first_name=given, last_name=family, is_staff=True, is_superuser=login.superuser,
                email=f"{login.username}@demo.invalid"))
            self.result.bump("tài khoản", created)
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                if not login.superuser:
                    user.groups.add(Group.objects.get(name=login.role))
            if login.body_slug:
                body = bodies[login.body_slug]
                unit = Unit.objects.filter(body=body, code=login.unit_code).first() if login.unit_code else None
                self.get_or_create(StaffProfile, user=user, defaults=dict(body=body, unit=unit,
                                                                          position=login.role))
        self.economic_user = User.objects.get(username="kinhte.haihung")

    # Conferences ----------------------------------------------------------------------------------------
    def conference(self, body, *, year, starts_at, title, venue, created_at, actor):
        """The body's conference of `year`, created (a draft, with the body's rules and agenda) on `created_at`
        through the lifecycle service the first time; returns (conference, created)."""
        conf = Conference.objects.filter(body=body, year=year).first()
        created = conf is None
        if created:
            conf = conference_create(body=body, year=year, title=title, starts_at=starts_at, venue=venue,
                                     actor=actor, at=created_at)
            self.result.bump(Conference._meta.verbose_name_plural, True)
            for i, (kind, title_) in enumerate([
                (Participant.Kind.LEADER, "Đồng chí Bí thư Đảng ủy, Chủ tịch HĐND xã"),
                (Participant.Kind.LEADER, "Đồng chí Phó Bí thư Đảng ủy, Chủ tịch Ủy ban nhân dân xã"),
                (Participant.Kind.LEADER, "Các đồng chí Phó Chủ tịch Ủy ban nhân dân xã"),
                (Participant.Kind.UNIT_HEAD, "Lãnh đạo Trung tâm Phục vụ hành chính công xã"),
                (Participant.Kind.UNIT_HEAD, "Thủ trưởng các cơ quan chuyên môn thuộc UBND xã"),
            ], start=1):
                Participant.objects.create(conference=conf, position=i, kind=kind, title=title_)
        return conf, created

    def walk_conference(self, conf, steps, *, actor):
        """Take a new demo conference through `steps`: (status, day, hour, data) each, by the lifecycle service
        on that day; the cut-off's evaluation (cutoff_passed and its outcome) is the periodic one's."""
        for to_status, day, hour, *data in steps:
            data, at = (data[0] if data else {}), aware(day, hour)
            if to_status == Conference.Status.CUTOFF_PASSED:
                conference_evaluate_cutoff(conference=conf, at=at)
            else:
                conference_transition(conference=conf, to_status=to_status, actor=actor, at=at, **data)
        conf.refresh_from_db()
        return conf

    def registrations(self, rng, conf, organisations, received_days, *, channel_cycle):
        regs = []
        for i, (kind, org_name) in enumerate(organisations):
            is_household = kind == OrganisationKind.HOUSEHOLD
            tax_code = personal_id(rng) if is_household else valid_tax_code(rng)
            name, phone, village = person(rng), mobile(rng), rng.choice(VILLAGES)
            position = rng.choice(POSITIONS[kind])
            code = demo_code(rng, conf.body.code_prefix, conf.year)
            received_at = aware(received_days[i % len(received_days)], 8 + (i % 9), (i * 7) % 60)
            channel = channel_cycle[i % len(channel_cycle)]
            online = channel == Registration.Channel.ONLINE
            reg, created = self.get_or_create(Registration, conference=conf, tax_code=tax_code, defaults=dict(
                code=code, full_name=name, position=position, organisation_name=org_name,
                organisation_kind=kind,
                identifier_kind=IdentifierKind.PERSONAL_ID if is_household else IdentifierKind.TAX_CODE,
                phone=phone, email="" if is_household else f"lienhe{i + 1}@doanhnghiep-demo.vn",
                address=f"{village}, {conf.body.name}, thành phố Hải Phòng", channel=channel,
                received_at=received_at, consent_version=CONSENT_VERSION if online else "",
                consented_at=received_at if online else None, created_by=None if online else self.economic_user))
            self.get_or_create(Invitee, conference=conf, tax_code=tax_code, defaults=dict(
                organisation_name=org_name, organisation_kind=kind, contact_name=name, phone=phone,
                address=reg.address, registration=reg, invited_at=aware(conf.starts_at.date(), 8) - datetime.timedelta(days=10)))
            regs.append(reg)
        return regs

    def petition(self, rng, *, conf, reg, category, status, received_at, content, solution, lead, coord,
                 competence, rule, due, answer, authority, raised, merged_into=None, actor=None):
        code = demo_code(rng, conf.body.code_prefix, conf.year)
        if Petition.objects.filter(code=code).exists():
            return Petition.objects.get(code=code), False
        petition = Petition(
            code=code, body=conf.body, conference=conf, registration=reg, organisation_name=reg.organisation_name,
            organisation_kind=reg.organisation_kind, identifier_kind=reg.identifier_kind, tax_code=reg.tax_code,
            contact_name=reg.full_name, phone=reg.phone, email=reg.email, category=category, content=content,
            proposed_solution=solution, channel=Petition.Channel.CONFERENCE if raised else reg.channel,
            received_at=received_at, receipt_day=deadlines.counted_receipt_day(received_at), raised_at_conference=raised,
            competence=competence, lead_unit=lead, competent_authority=authority, deadline_rule=rule,
            due_date=due, status=Status.RECEIVED, created_by=actor,
        )
        if status in (Status.RESOLVED, Status.ANSWERED_PENDING):
            # Two in three demo businesses allow publication (decided by the code, not the shared rng, so the
            # rest of the seeded data does not move); the public folder (issue 10) shows those answers.
            petition.publication_consent = petition.publish_answer = sum(code.encode()) % 3 != 0
        elif status == Status.APPROVED:
            petition.answer_draft = "Dự thảo trả lời đã được lãnh đạo UBND xã duyệt, chờ ban hành văn bản."
        elif status == Status.DRAFTED:
            petition.answer_draft = "Phòng Kinh tế đã dự thảo văn bản trả lời, trình lãnh đạo xem xét."
        petition.save()
        if coord:
            petition.coordinating_units.set(coord)
        self.walk_petition(petition, status, conf=conf, lead=lead, coord=coord, answer=answer,
                           merged_into=merged_into, actor=actor)
        petition.refresh_from_db()
        self.result.bump(Petition._meta.verbose_name_plural, True)
        return petition, True

    def walk_petition(self, petition, status, *, conf, lead, coord, answer, merged_into, actor):
        """Write the trail of a new demo petition, from "received" to `status`, through the services, each step
        on the day it describes: received when it was received, assigned two working days later (a petition
        raised in the hall: at once), sent out on the third, answered in the hall on the conference day,
        drafted and approved in the week after it."""
        received, receipt = petition.received_at, petition.receipt_day

        def working_day(start, days, hour, minute=0):
            return aware(workdays.add_working_days(start, days), hour, minute)

        PetitionEvent.record(petition=petition, from_status="", to_status=Status.RECEIVED, actor=actor,
                             note="Tiếp nhận", at=received)
        if status == Status.RECEIVED:
            return
        if status in SENT_OUT_NOTES:
            petition_transition(petition=petition, to_status=status, actor=actor, at=working_day(receipt, 3, 10),
                                note=SENT_OUT_NOTES[status].format(authority=petition.competent_authority))
            return
        if status == Status.WITHDRAWN:
            petition_transition(petition=petition, to_status=status, actor=actor, at=working_day(receipt, 2, 14),
                                note="Doanh nghiệp đã tự giải quyết được vướng mắc.")
            return
        if status == Status.MERGED:
            petition_transition(petition=petition, to_status=status, actor=actor, merged_into=merged_into,
                                at=working_day(receipt, 2, 11), note=f"Trùng nội dung, gộp vào {merged_into.code}")
            return
        assigned_at = (received + datetime.timedelta(minutes=15) if petition.raised_at_conference
                       else working_day(receipt, 2, 9))
        petition_assign(petition=petition, lead_unit=lead, coordinating_units=coord, actor=actor, at=assigned_at)
        conf_day = timezone.localdate(conf.starts_at)
        if status in (Status.RESOLVED, Status.ANSWERED_PENDING):
            petition_mark_answered_at_conference(
                petition=petition, answer=answer, follow_up=status == Status.ANSWERED_PENDING, actor=actor,
                at=conf.starts_at + datetime.timedelta(hours=2))
        if status in (Status.DRAFTED, Status.APPROVED):
            # The draft itself is on the row: its letter starts in the register later (load_register).
            petition_transition(petition=petition, to_status=Status.DRAFTED, actor=actor,
                                note="Dự thảo trả lời", at=working_day(conf_day, 3, 9))
        if status == Status.APPROVED:
            petition_transition(petition=petition, to_status=Status.APPROVED, actor=actor,
                                note="Duyệt nội dung trả lời", at=working_day(conf_day, 5, 15))

    def load_held_conference(self):
        rng = random.Random(SEED)
        body = self.hai_hung
        starts_at = aware(datetime.date(2026, 6, 18), 8)
        S, day = Conference.Status, datetime.date
        conf, created = self.conference(
            body, year=2026, starts_at=starts_at, created_at=aware(day(2026, 4, 1), 9), actor=self.economic_user,
            title="Hội nghị đối thoại với các doanh nghiệp, hợp tác xã, hộ kinh doanh trên địa bàn xã Hải Hưng "
                  "năm 2026",
            venue="Hội trường trung tâm xã Hải Hưng")
        if created:
            # The plan and the notice on the days the register issued them (HELD_DOCUMENTS).
            self.walk_conference(conf, [
                (S.PLAN_SENT, day(2026, 4, 20), 16, dict(plan_number="01/KH-UBND", plan_date=day(2026, 4, 20))),
                (S.NOTICE_PUBLISHED, day(2026, 5, 4), 7),
                (S.REGISTRATION_OPEN, day(2026, 5, 4), 7),
            ], actor=self.economic_user)
        days = [datetime.date(2026, 5, 4) + datetime.timedelta(days=d) for d in range(0, 22) if
                (datetime.date(2026, 5, 4) + datetime.timedelta(days=d)).weekday() < 5]
        channels = [Registration.Channel.ONLINE, Registration.Channel.ONLINE, Registration.Channel.PAPER,
                    Registration.Channel.CENTRE]
        regs = self.registrations(rng, conf, ORGANISATIONS, days, channel_cycle=channels)
        statuses = list(HELD_STATUSES)
        rng.shuffle(statuses)
        conf_day = starts_at.date()
        used = {c: 0 for c in Category}
        resolved_by_category = {}
        merged_pending = []
        for i, status in enumerate(statuses):
            category = Category(i % 7 + 1)
            content, solution = CONTENTS[category][used[category] % len(CONTENTS[category])]
            used[category] += 1
            reg = regs[i % len(regs)]
            raised = i >= 40  # the last few were raised in the hall
            received_at = conf.starts_at + datetime.timedelta(minutes=30 + i) if raised else (
                reg.received_at + datetime.timedelta(minutes=5 + i))
            lead = self.units["PVHCC"] if category == Category.ADMIN_PROCEDURE else (
                self.units["VHXH"] if category == Category.OTHER and i % 2 else self.units["KT"])
            coord, competence, rule, authority = [], Competence.WITHIN, DeadlineRule.AFTER_CONFERENCE, ""
            due = workdays.add_working_days(conf_day, conf.answer_working_days)
            if status in AUTHORITIES:
                competence, rule = Competence.OUTSIDE, DeadlineRule.OUTSIDE_COMPETENCE
                due = workdays.add_working_days(deadlines.counted_receipt_day(received_at), conf.forward_working_days)
                authority = rng.choice(AUTHORITIES[status])
            elif status == Status.ANSWERED_PENDING or (status in OPEN and i % 2):
                competence, rule = Competence.COORDINATION, DeadlineRule.AFTER_CONFERENCE_COORDINATION
                coord = [self.units["KT"] if lead != self.units["KT"] else self.units["PVHCC"]]
                due = workdays.add_working_days(conf_day, conf.answer_coordination_working_days)
            elif status in OPEN:
                rule = DeadlineRule.AFTER_CONFERENCE
                due = workdays.add_working_days(conf_day, conf.answer_working_days)
            if status == Status.MERGED:
                merged_pending.append((i, category, content, solution, reg, received_at, lead))
                continue
            petition, _ = self.petition(
                rng, conf=conf, reg=reg, category=category, status=status, received_at=received_at,
                content=content, solution=solution, lead=lead, coord=coord, competence=competence, rule=rule,
                due=due, answer=ANSWERS.get(status, ""), authority=authority, raised=raised,
                actor=self.economic_user)
            if status == Status.RESOLVED:
                resolved_by_category.setdefault(category, petition)
        for _i, category, _content, _solution, reg, received_at, lead in merged_pending:
            target = resolved_by_category.get(category) or next(iter(resolved_by_category.values()))
            self.petition(
                rng, conf=conf, reg=reg, category=target.category, status=Status.MERGED, received_at=received_at,
                content=target.content + " (trùng nội dung)", solution="", lead=lead, coord=[],
                competence=Competence.WITHIN, rule=DeadlineRule.AFTER_CONFERENCE, due=target.due_date, answer="",
                authority="", raised=False, merged_into=target, actor=self.economic_user)
        if created:
            # Eligible at its cut-off, held in June and concluded since (its conclusion notice is item (4) of the
            # public folder); the plan's tasks done on their days.
            evaluated = workdays.add_working_days(eligibility.cutoff_date(conf), 1)
            self.walk_conference(conf, [
                (S.CUTOFF_PASSED, evaluated, 8),
                (S.HELD, day(2026, 6, 18), 11),
                (S.CONCLUDED, day(2026, 6, 25), 16),
            ], actor=self.economic_user)
            for task in conf.tasks.all():
                conference_task_complete(task=task, user=self.economic_user,
                                         at=aware(min(task.due_date, day(2026, 6, 25)), 16))

    # The outgoing-documents register --------------------------------------------------------------------
    def _stamp(self, document, day: datetime.date, hour: int):
        """Date the trail of a demo document on `day` (the services write the time of the loading)."""
        from reports.register.models import OutgoingDocument

        at = aware(day, hour)
        document.events.update(created_at=at)
        OutgoingDocument.objects.filter(pk=document.pk).update(
            created_at=at, **{name: at for name in ("frozen_at", "signed_at") if getattr(document, name)})

    def _through_register(self, document, *, target: str, day: datetime.date, reviewer, drafter,
                          outcome: str = "", office=None, leader=None):
        """Take `document` from draft to `target` with the demo accounts (Hải Hưng's Văn phòng and Chủ tịch
        unless `office` / `leader` are given), each step a service call (recorded)."""
        from reports.register import services as register
        from reports.register.signing.demo import demo_signed_pdf

        users = {u.username: u for u in get_user_model().objects.filter(username__in=[
            "vanphong.haihung", "lanhdao.haihung"])}
        office, leader = office or users["vanphong.haihung"], leader or users["lanhdao.haihung"]
        order = ["draft", "under_review", "awaiting_signature", "signed", "issued"]
        goal = order.index(target)
        if goal >= 1:
            document = register.outgoing_document_submit(document=document, actor=drafter)
        if goal >= 2:
            document = register.outgoing_document_pass(document=document, actor=reviewer, outcome=outcome,
                                                       base_url=DEMO_PORTAL_URL)
        if goal >= 3:
            # The demo Chủ tịch signs with the demo CA's key, as their own signing software would.
            document = register.outgoing_document_sign(document=document, actor=leader,
                                                       note="Chủ tịch UBND xã ký ban hành",
                                                       signed_pdf=demo_signed_pdf(document, leader,
                                                                                  moment=aware(day, 11)))
        if goal >= 4:
            document = register.outgoing_document_issue(
                document=document, actor=office, now=aware(day, 15), base_url=DEMO_PORTAL_URL)
        self._stamp(document, day, 9)
        if goal >= 4:
            document.events.filter(to_status="issued").update(created_at=aware(day, 15))
        return document

    def load_register(self):
        """The held 2026 conference's documents and its written answers issued through the register, and one
        document in every other state, so that the register can be seen with the demo accounts."""
        from petitions.triage import answers
        from reports.register import services as register
        from reports.register.answers import answer_document_current
        from reports.register.models import OutgoingDocument, OutgoingKind

        body = self.hai_hung
        if OutgoingDocument.objects.filter(body=body).exists():
            return  # loaded before: the register only grows through its steps
        # The demo CA and the body's SoftHSM2 token sign the issued documents (kept when they exist already).
        call_command("signing_setup", stdout=io.StringIO())
        conf = Conference.objects.get(body=body, year=2026)
        users = {u.username: u for u in get_user_model().objects.filter(username__in=[
            "vanphong.haihung", "xuly.haihung"])}
        office, handler = users["vanphong.haihung"], users["xuly.haihung"]
        economic = self.economic_user
        for kind, day, target in HELD_DOCUMENTS:
            document = register.outgoing_document_create(
                body=body, kind=kind, conference=conf, actor=economic,
                title=f"{OutgoingKind(kind).label} năm 2026", recipients="" if kind != "results_report" else (
                    "Sở Tài chính thành phố Hải Phòng\nThường trực Đảng ủy, HĐND xã\nChủ tịch, các PCT UBND xã"))
            self._through_register(document, target=target, day=day, reviewer=office, drafter=economic)
            self.result.bump("văn bản đi", True)
            if kind == "results_report":  # its issue moved the conference to "reported": on that day too
                conf.events.model.dated(conf.events.filter(to_status=Conference.Status.REPORTED), aware(day, 15))
        # Written answers: petitions answered in the hall whose business asked for a letter; a unit drafts it.
        answered = list(Petition.objects.filter(
            conference=conf, status=Status.ANSWERED_PENDING, lead_unit__code__in=["KT", "PVHCC"]).order_by("code"))
        open_drafts = list(Petition.objects.filter(
            conference=conf, status__in=[Status.DRAFTED, Status.APPROVED],
            lead_unit__code__in=["KT", "PVHCC"]).order_by("code"))
        plan = [(p, "issued", ANSWER_ISSUE_DAYS[i]) for i, p in enumerate(answered[:len(ANSWER_ISSUE_DAYS)])]
        plan += list(zip(open_drafts, ["draft", "under_review", "awaiting_signature", "signed"],
                         [datetime.date(2026, 7, 14)] * 4, strict=False))
        for petition, target, day in plan:
            drafter = handler if petition.lead_unit.code == "PVHCC" else economic
            before = petition.events.order_by("-pk").values_list("pk", flat=True).first() or 0
            if petition.status == Status.APPROVED:  # approved before the register: back to the unit's draft
                petition_transition(petition=petition, to_status=Status.DRAFTED, actor=economic,
                                    note="Trả lại để trình ký qua sổ văn bản đi", at=aware(day, 8))
            text = petition.answer_draft or (
                f"Tiếp theo nội dung đã trả lời tại Hội nghị ngày 18/6/2026, {body.authority_name} {body.name} "
                f"trả lời bằng văn bản như sau: {petition.answer}")
            petition = answers.petition_answer_draft(petition=petition, text=text, actor=drafter, at=aware(day, 9))
            document = answer_document_current(petition)
            reviewer = office if document.drafted_by_economic else economic
            document = self._through_register(document, target=target, day=day, reviewer=reviewer,
                                              drafter=drafter, outcome="resolved")
            # The register's steps call back the petition's services, which take no time: its trail of these steps
            # is dated like the letter's.
            PetitionEvent.dated(petition.events.filter(pk__gt=before).exclude(
                created_at__in=[aware(day, 8), aware(day, 9)]), aware(day, 9))
            if target == "issued":
                at = aware(day, 15)
                Petition.objects.filter(pk=petition.pk).update(answered_at=at)
                petition.events.filter(to_status=Status.RESOLVED, created_at=aware(day, 9)).update(created_at=at)
            self.result.bump("văn bản đi", True)
        # A returned draft and a withdrawn one.
        returned = register.outgoing_document_create(
            body=body, kind="stop_postpone_report", conference=conf, actor=economic,
            title="Báo cáo hoãn tổ chức Hội nghị (dự thảo không dùng)")
        returned = register.outgoing_document_submit(document=returned, actor=economic)
        register.outgoing_document_withdraw(document=returned, actor=economic, note="Hội nghị tổ chức đúng lịch")
        self._stamp(returned, datetime.date(2026, 6, 10), 10)
        letter = answer_document_current(open_drafts[0]) if open_drafts else None
        if letter is not None and letter.status == "draft":
            letter = register.outgoing_document_submit(document=letter, actor=handler if letter.drafting_unit
                                                       and letter.drafting_unit.code == "PVHCC" else economic)
            reviewer = office if letter.drafted_by_economic else economic
            register.outgoing_document_return(document=letter, actor=reviewer,
                                              comment="Bổ sung thời hạn hoàn thành và đơn vị phối hợp.")
        self.result.bump("văn bản đi", True)

    def load_upcoming_conference(self):
        rng = random.Random(SEED + 1)
        start_day = self.today + datetime.timedelta(days=60)
        if start_day.year <= 2026:
            # 2026 is the held conference's year; one conference per body and year.
            start_day = datetime.date(2027, 1, 14)
        # A Thursday, like the 2026 one, that the calendar counts as a working day (a demo loaded in early
        # December would otherwise land on 04/02/2027, a Tết day).
        while start_day.weekday() != 3 or not workdays.is_working_day(start_day):
            start_day += datetime.timedelta(days=1)
        year = start_day.year
        # Planned a fortnight before the demo is loaded, its registrations open since (whatever day that is).
        planned = self.today - datetime.timedelta(days=14)
        S = Conference.Status
        conf, created = self.conference(
            self.hai_hung, year=year, starts_at=aware(start_day, 8), created_at=aware(planned, 9),
            actor=self.economic_user,
            title=f"Hội nghị đối thoại với các doanh nghiệp, hợp tác xã, hộ kinh doanh trên địa bàn xã Hải Hưng "
                  f"năm {year}",
            venue="Hội trường trung tâm xã Hải Hưng")
        if created:
            self.walk_conference(conf, [
                (S.PLAN_SENT, planned, 15, dict(plan_number="02/KH-UBND", plan_date=planned)),
                (S.NOTICE_PUBLISHED, planned + datetime.timedelta(days=2), 9),
                (S.REGISTRATION_OPEN, planned + datetime.timedelta(days=2), 10),
            ], actor=self.economic_user)
        # The checklist of the plan's "Tổ chức thực hiện" (created with the plan; a second load finds it).
        conference_tasks_create_defaults(conference=conf)
        days = [self.today - datetime.timedelta(days=d) for d in (9, 8, 6, 5, 2, 1)]
        regs = self.registrations(rng, conf, ORGANISATIONS[:6], days, channel_cycle=[Registration.Channel.ONLINE])
        for i, reg in enumerate(regs[:4]):
            category = Category([5, 6, 1, 4][i])
            content, solution = CONTENTS[category][0]
            self.petition(
                rng, conf=conf, reg=reg, category=category, status=Status.RECEIVED,
                received_at=reg.received_at + datetime.timedelta(minutes=3), content=content, solution=solution,
                lead=None, coord=[], competence=Competence.WITHIN, rule=DeadlineRule.AFTER_CONFERENCE,
                due=workdays.add_working_days(timezone.localdate(conf.starts_at), conf.answer_working_days),
                answer="", authority="", raised=False, actor=None)

    def load_ha_dong(self):
        """Hà Đông's 2026 conference, which did not take place: planned, its notice published, three
        registrations by the cut-off, evaluated "not eligible" there, then stopped with its stop report."""
        rng = random.Random(SEED + 2)
        S, day = Conference.Status, datetime.date
        conf, created = self.conference(
            self.ha_dong, year=2026, starts_at=aware(day(2026, 7, 16), 8), created_at=aware(day(2026, 4, 1), 9),
            actor=None,
            title="Hội nghị đối thoại giải quyết vướng mắc, kiến nghị của doanh nghiệp, hợp tác xã, hộ kinh doanh "
                  "trên địa bàn xã Hà Đông",
            venue="Nhà văn hoá Thanh Quang")
        if created:
            self.walk_conference(conf, [
                (S.PLAN_SENT, day(2026, 4, 10), 10, dict(plan_number="12/KH-UBND", plan_date=day(2026, 4, 10))),
                # Its notice: 15 working days before the conference at the latest (Hà Đông's plan).
                (S.NOTICE_PUBLISHED, day(2026, 6, 15), 9),
                (S.REGISTRATION_OPEN, day(2026, 6, 15), 10),
            ], actor=None)
        orgs = [(OrganisationKind.ENTERPRISE, "Công ty TNHH Dệt may Thanh Quang"),
                (OrganisationKind.COOPERATIVE, "Hợp tác xã Nông nghiệp Hà Đông"),
                (OrganisationKind.HOUSEHOLD, "Hộ kinh doanh Đồ gỗ Thanh Hà")]
        days = [day(2026, 6, 22), day(2026, 6, 24), day(2026, 6, 26)]
        regs = self.registrations(rng, conf, orgs, days, channel_cycle=[Registration.Channel.PAPER])
        for i, (reg, status) in enumerate(zip(regs, [Status.ASSIGNED, Status.ASSIGNED, Status.TRANSFERRED],
                                              strict=True)):
            category = Category([7, 6, 3][i])
            content, solution = CONTENTS[category][1]
            outside = status == Status.TRANSFERRED
            self.petition(
                rng, conf=conf, reg=reg, category=category, status=status,
                received_at=reg.received_at + datetime.timedelta(minutes=3), content=content, solution=solution,
                lead=self.ha_dong_units["KT"], coord=[],
                competence=Competence.OUTSIDE if outside else Competence.WITHIN,
                rule=DeadlineRule.OUTSIDE_COMPETENCE if outside else DeadlineRule.AFTER_CONFERENCE,
                due=workdays.add_working_days(
                    deadlines.counted_receipt_day(reg.received_at) if outside else timezone.localdate(conf.starts_at),
                    conf.forward_working_days if outside else conf.answer_working_days), answer="",
                authority="Sở Tài chính thành phố Hải Phòng" if outside else "", raised=False)
        if created:
            self.stop_ha_dong(conf)

    def stop_ha_dong(self, conf):
        """At its cut-off the periodic evaluation finds 3 registrations of the 15 needed ("not eligible"); two
        working days later the UBND stops the conference, its open petitions follow the no-conference rule, and
        its stop report to Sở Tài chính is issued through the register."""
        from reports.register import services as register

        S = Conference.Status
        evaluated = workdays.add_working_days(eligibility.cutoff_date(conf), 1)
        stop_day = workdays.add_working_days(evaluated, 2)
        conf = self.walk_conference(conf, [
            (S.CUTOFF_PASSED, evaluated, 8),
            (S.STOPPED, stop_day, 10, dict(note=(
                "Không đủ điều kiện tổ chức: đến hạn tiếp nhận chỉ có 3 doanh nghiệp, hợp tác xã, hộ kinh doanh "
                "đăng ký tham dự (cần ít nhất 15)."))),
        ], actor=None)
        # What the after-commit recompute would do, on the day the conference was stopped.
        petitions_recompute_due_dates(reason=conference_reason(conf, {"status": (S.NOT_ELIGIBLE, S.STOPPED)}),
                                      queryset=Petition.objects.filter(conference=conf), at=aware(stop_day, 10))
        users = {u.username: u for u in get_user_model().objects.filter(username__in=[
            "kinhte.hadong", "vanphong.hadong", "lanhdao.hadong"])}
        call_command("signing_setup", stdout=io.StringIO())  # kept when it exists (load_register made it)
        report = register.outgoing_document_create(
            body=conf.body, kind="stop_postpone_report", conference=conf, actor=users["kinhte.hadong"],
            title="Báo cáo dừng tổ chức Hội nghị đối thoại năm 2026",
            recipients="Sở Tài chính thành phố Hải Phòng\nThường trực Đảng ủy, HĐND xã\nChủ tịch, các PCT UBND xã")
        self._through_register(report, target="issued", day=stop_day, reviewer=users["vanphong.hadong"],
                               drafter=users["kinhte.hadong"], office=users["vanphong.hadong"],
                               leader=users["lanhdao.hadong"])
        self.result.bump("văn bản đi", True)


OPEN = {Status.RECEIVED, Status.ASSIGNED, Status.DRAFTED, Status.APPROVED}

# The held conference's documents through the register (issue 17): kind, the day it was issued (None: the state
# it stops in), the note. Numbered in 2026's series on those days; signed by the demo Chủ tịch.
HELD_DOCUMENTS = [
    ("plan", datetime.date(2026, 4, 20), "issued"),
    ("notice", datetime.date(2026, 5, 4), "issued"),
    ("invitation", datetime.date(2026, 6, 8), "issued"),
    ("minutes", datetime.date(2026, 6, 18), "issued"),
    ("conclusion", datetime.date(2026, 6, 25), "issued"),
    ("results_notice", datetime.date(2026, 7, 20), "issued"),
    # The BC to Sở Tài chính with its Phụ lục I in a file of its own, both signed by the body; its issue records the
    # report (ReportSnapshot) and moves the conference to "reported".
    ("results_report", datetime.date(2026, 7, 22), "issued"),
]
# The written answers (letters) of answered petitions: the business asked for one after the hall's answer; issued
# on these days. Further petitions show the other states of an answer letter.
ANSWER_ISSUE_DAYS = [datetime.date(2026, 7, 2), datetime.date(2026, 7, 6), datetime.date(2026, 7, 9)]
DEMO_PORTAL_URL = "http://127.0.0.1:8000"  # the development server: the address in the QR codes of demo files


def load_demo(today: datetime.date | None = None) -> DemoResult:
    """Load (or confirm) the demo data; returns how many rows of each kind were created this time."""
    return DemoLoader(today=today).load()
