"""What a kiến nghị can be: categories, statuses with their Phụ lục I column, competence, channel."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from petitions.deadlines import rules as deadlines


class Category(models.IntegerChoices):
    """The seven petition groups, in the order of the Phụ lục I rows."""

    CAPITAL = 1, _("Vốn")
    INTEREST_RATE = 2, _("Lãi suất")
    CREDIT = 3, _("Tín dụng")
    POLICY = 4, _("Cơ chế chính sách")
    ADMIN_PROCEDURE = 5, _("Thủ tục hành chính")
    LAND = 6, _("Đất đai")
    OTHER = 7, _("Lĩnh vực khác")


class Status(models.TextChoices):
    """Petition statuses; the contract is the status table of design.md."""

    RECEIVED = "received", _("Đã tiếp nhận")
    ASSIGNED = "assigned", _("Đã phân công đơn vị xử lý")
    DRAFTED = "drafted", _("Đã dự thảo trả lời")
    APPROVED = "approved", _("Đã duyệt nội dung trả lời")
    ANSWERED_PENDING = "answered_pending", _("Đã trả lời, đang tiếp tục giải quyết")
    RESOLVED = "resolved", _("Đã giải quyết triệt để (trả lời tại hội nghị hoặc bằng văn bản, đã đóng)")
    TRANSFERRED = "transferred", _("Đã chuyển cơ quan khác giải quyết")
    GUIDED = "guided", _("Đã hướng dẫn gửi cơ quan có thẩm quyền")
    NOT_ACCEPTED = "not_accepted", _("Không thuộc phạm vi đối thoại (khiếu nại, tố cáo, thẩm quyền tư pháp)")
    ESCALATED = "escalated", _("Đã báo cáo, xin ý kiến chỉ đạo cấp trên")
    WITHDRAWN = "withdrawn", _("Doanh nghiệp rút kiến nghị")
    MERGED = "merged", _("Đã gộp vào kiến nghị trùng")


class PhuLucIColumn(models.IntegerChoices):
    """The Phụ lục I columns a petition can stand in (every counted petition in exactly one)."""

    RESOLVED = 4, _("Đã giải quyết triệt để")
    IN_PROCESS = 5, _("Đang xử lý")
    TRANSFERRED = 6, _("Chuyển cơ quan khác giải quyết")
    ESCALATED = 7, _("Xin ý kiến chỉ đạo của cơ quan cấp trên")


# Status -> Phụ lục I column; None = not counted (listed under the table). Covers every status exactly once.
PHU_LUC_I_COLUMN: dict[str, int | None] = {
    Status.RECEIVED: PhuLucIColumn.IN_PROCESS,
    Status.ASSIGNED: PhuLucIColumn.IN_PROCESS,
    Status.DRAFTED: PhuLucIColumn.IN_PROCESS,
    Status.APPROVED: PhuLucIColumn.IN_PROCESS,
    Status.ANSWERED_PENDING: PhuLucIColumn.IN_PROCESS,
    Status.RESOLVED: PhuLucIColumn.RESOLVED,
    Status.TRANSFERRED: PhuLucIColumn.TRANSFERRED,
    Status.GUIDED: PhuLucIColumn.TRANSFERRED,
    Status.NOT_ACCEPTED: PhuLucIColumn.TRANSFERRED,
    Status.ESCALATED: PhuLucIColumn.ESCALATED,
    Status.WITHDRAWN: None,
    Status.MERGED: None,
}

# Status -> statuses it may move to. Every change goes through services.petition_transition.
# Terminal: transferred, guided, not_accepted (outside the body, nothing more to do here), withdrawn, merged.
# resolved may reopen to answered_pending when the business, answered orally, asks for a written answer.
_OUT_OF_SCOPE = {Status.TRANSFERRED, Status.GUIDED, Status.NOT_ACCEPTED, Status.ESCALATED}
_LEAVE = {Status.WITHDRAWN, Status.MERGED}
TRANSITIONS: dict[str, set[str]] = {
    Status.RECEIVED: {Status.ASSIGNED, Status.RESOLVED, Status.ANSWERED_PENDING} | _OUT_OF_SCOPE | _LEAVE,
    Status.ASSIGNED: {Status.RECEIVED, Status.DRAFTED, Status.RESOLVED, Status.ANSWERED_PENDING}
    | _OUT_OF_SCOPE | _LEAVE,
    Status.DRAFTED: {Status.ASSIGNED, Status.APPROVED, Status.ESCALATED} | _LEAVE,
    Status.APPROVED: {Status.DRAFTED, Status.RESOLVED, Status.ANSWERED_PENDING, Status.ESCALATED} | _LEAVE,
    Status.ANSWERED_PENDING: {Status.ASSIGNED, Status.DRAFTED, Status.RESOLVED, Status.ESCALATED,
                              Status.TRANSFERRED, Status.WITHDRAWN},
    Status.RESOLVED: {Status.ANSWERED_PENDING},
    Status.TRANSFERRED: set(),
    Status.GUIDED: set(),
    Status.NOT_ACCEPTED: set(),
    # The city's direction comes back: the body handles it, or it is passed on to the competent agency.
    Status.ESCALATED: {Status.ASSIGNED, Status.DRAFTED, Status.RESOLVED, Status.ANSWERED_PENDING,
                       Status.TRANSFERRED, Status.GUIDED, Status.WITHDRAWN},
    Status.WITHDRAWN: set(),
    Status.MERGED: set(),
}

OPEN_STATUSES = frozenset(s for s, col in PHU_LUC_I_COLUMN.items() if col == PhuLucIColumn.IN_PROCESS)


# The same set as plain strings, sorted, for database conditions (a partial index must match its queries).
OPEN_STATUS_VALUES = tuple(sorted(str(s) for s in OPEN_STATUSES))

# Statuses in which the petition's answer is final enough to show the business.
ANSWER_VISIBLE = frozenset({Status.RESOLVED, Status.ANSWERED_PENDING, Status.TRANSFERRED, Status.GUIDED,
                            Status.NOT_ACCEPTED})


class Competence(models.TextChoices):
    """Whether the body can answer the petition itself, with one unit or with several."""

    WITHIN = "within", _("Thuộc thẩm quyền")
    COORDINATION = "coordination", _("Thuộc thẩm quyền, cần phối hợp nhiều đơn vị")
    OUTSIDE = "outside", _("Ngoài thẩm quyền")


# The rules and their names live with the only code that computes due dates (petitions/deadlines.py).
DeadlineRule = deadlines.DeadlineRule


class Channel(models.TextChoices):
    """How the petition reached the body."""

    ONLINE = "online", _("Trực tuyến")
    PAPER = "paper", _("Văn bản / phiếu giấy")
    CENTRE = "centre", _("Tại Trung tâm Phục vụ hành chính công")
    CONFERENCE = "conference", _("Nêu tại hội nghị")
    EMAIL = "email", _("Thư điện tử")
