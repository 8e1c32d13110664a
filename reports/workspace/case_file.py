"""The petition's page read as a case file: the trail in words, the due date with its rule, the answer letter in
the register with its returned comment, and the next steps this person may take (petitions/triage admin page)."""

import re
from dataclasses import dataclass

from django.contrib.admin import helpers
from django.contrib.auth.models import Group
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conferences.models import StaffProfile
from conferences.organisation import roles
from petitions.deadlines import rules as deadlines
from petitions.models import OPEN_STATUSES, TRANSITIONS, Petition, PetitionEvent, Status
from petitions.workflow.selectors import petitions_for_user
from reports.register.answers import answer_document_current
from reports.register.models import OutgoingDocumentEvent, OutgoingKind, OutgoingStatus
from reports.register.permissions import allowed_steps

# What the actor did, by the status the event moved to ({who} is the actor's unit or role).
VERBS = {
    Status.ASSIGNED: gettext_lazy("{who} giao cho {target}"),
    Status.DRAFTED: gettext_lazy("{who} dự thảo trả lời"),
    Status.APPROVED: gettext_lazy("{who} duyệt nội dung trả lời"),
    Status.ANSWERED_PENDING: gettext_lazy("{who} trả lời, tiếp tục giải quyết"),
    Status.RESOLVED: gettext_lazy("{who} đóng kiến nghị: đã giải quyết triệt để"),
    Status.TRANSFERRED: gettext_lazy("{who} chuyển cơ quan có thẩm quyền giải quyết"),
    Status.GUIDED: gettext_lazy("{who} hướng dẫn gửi cơ quan có thẩm quyền"),
    Status.NOT_ACCEPTED: gettext_lazy("{who} xác định không thuộc phạm vi đối thoại"),
    Status.ESCALATED: gettext_lazy("{who} báo cáo, xin ý kiến chỉ đạo cấp trên"),
    Status.WITHDRAWN: gettext_lazy("{who} rút kiến nghị"),
    Status.MERGED: gettext_lazy("{who} gộp vào kiến nghị trùng"),
}
# The answer letter's steps in the register, by the status it moved to (its creation is the draft above).
LETTER_VERBS = {
    OutgoingStatus.UNDER_REVIEW: gettext_lazy("{who} trình thẩm định công văn trả lời"),
    OutgoingStatus.AWAITING_SIGNATURE: gettext_lazy("{who} thẩm định đạt, trình ký công văn trả lời"),
    OutgoingStatus.DRAFT: gettext_lazy("{who} trả lại công văn trả lời"),
    OutgoingStatus.SIGNED: gettext_lazy("{who} ký công văn trả lời"),
    OutgoingStatus.ISSUED: gettext_lazy("{who} cấp số, ban hành công văn trả lời"),
    OutgoingStatus.WITHDRAWN: gettext_lazy("{who} thu hồi dự thảo công văn trả lời"),
}
# Notes a step writes by itself: the sentence already says them.
_PLAIN_NOTES = {"Tiếp nhận", "Dự thảo trả lời", "Duyệt nội dung trả lời", "Sửa dự thảo trả lời", "Tạo dự thảo"}
# Steps that keep the status, known by their note's beginning.
_SAME_STATUS = (("Sửa dự thảo trả lời", gettext_lazy("{who} sửa dự thảo trả lời")),
                ("Gia hạn trả lời", gettext_lazy("{who} gia hạn trả lời")))
_LEAD = re.compile(r"Chủ trì: ([^;.]+)(?:; phối hợp: ([^.]+))?")

# The admin action -> the status it moves the petition to (None: no move, see `_action_applies`).
ACTION_TARGETS = {
    "assign_units": Status.ASSIGNED, "transfer": Status.TRANSFERRED, "guide": Status.GUIDED,
    "escalate": Status.ESCALATED, "resolve": Status.RESOLVED, "merge": Status.MERGED,
}
# Register steps on the answer letter and how the button reads.
STEP_LABELS = {
    "submit": gettext_lazy("Trình công văn trả lời"), "pass": gettext_lazy("Thẩm định công văn trả lời"),
    "return": gettext_lazy("Trả lại công văn trả lời"), "sign": gettext_lazy("Ký công văn trả lời"),
    "issue": gettext_lazy("Cấp số, ban hành công văn trả lời"),
}


@dataclass(frozen=True)
class Entry:
    sentence: str
    note: str


@dataclass(frozen=True)
class Button:
    label: str
    url: str
    action: str = ""  # an admin action of the petition list, posted for this one petition


def when(moment) -> str:
    """"09:12 ngày 03/12/2026" in local time."""
    local = timezone.localtime(moment)
    return _("%(time)s ngày %(date)s") % {"time": f"{local:%H:%M}", "date": f"{local:%d/%m/%Y}"}


def _actors(events: list) -> dict[int, str]:
    """How each actor is named: their unit, else their role, else "Quản trị hệ thống" (two queries)."""
    ids = {e.actor_id for e in events if e.actor_id}
    names = {p.user_id: p.unit.name for p in StaffProfile.objects.filter(user_id__in=ids, unit__isnull=False)
             .select_related("unit")}
    for user_id, group in Group.objects.filter(user__in=ids, name__in=roles.ALL_ROLES).values_list("user", "name"):
        names.setdefault(user_id, group)
    return names


def _sentence(event: PetitionEvent, who: str) -> tuple[str, str]:
    """The event in words and what of its note is left to show under it."""
    note = event.note or ""
    to, before = event.to_status, event.from_status
    if not before:
        text = _("{who} tiếp nhận kiến nghị") if event.actor_id else _("Doanh nghiệp gửi kiến nghị")
        return text.format(who=who), note
    if to == Status.ASSIGNED and (match := _LEAD.search(note)):
        target = match.group(1).strip()
        if match.group(2):
            target += _(", phối hợp: %(units)s") % {"units": match.group(2).strip()}
        verb = _("{who} giao lại cho {target}") if before == to else VERBS[Status.ASSIGNED]
        return verb.format(who=who, target=target), note[match.end():].lstrip(". ")
    if to == before:
        for start, verb in _SAME_STATUS:
            if note.startswith(start):
                return verb.format(who=who), note
        return _("{who} ghi nhận").format(who=who), note
    if to == Status.RECEIVED:
        return _("{who} đưa về phân loại lại").format(who=who), note
    if to == Status.DRAFTED and before in (Status.APPROVED, Status.ANSWERED_PENDING):
        return _("{who} trả lại dự thảo trả lời").format(who=who), note
    verb = VERBS.get(to, _("{who} chuyển sang “{target}”"))
    return verb.format(who=who, target=Status(to).label), note


def timeline(petition: Petition) -> list[Entry]:
    """The petition's events and its answer letters' register steps in words, oldest first: "Phòng Kinh tế giao
    cho Phòng Văn hóa – Xã hội, 09:12 ngày 03/12/2026", with the note that adds to it."""
    events = list(PetitionEvent.objects.filter(petition=petition))
    letters = list(OutgoingDocumentEvent.objects.filter(
        document__petition=petition, document__kind=OutgoingKind.ANSWER_LETTER).exclude(from_status="")
        .exclude(from_status=F("to_status")))
    names = _actors([*events, *letters])
    rows = []
    for event in events + letters:
        if event.actor_id:
            who = names.get(event.actor_id, _("Quản trị hệ thống"))
        else:
            who = _("Doanh nghiệp") if event.to_status == Status.WITHDRAWN else _("Hệ thống")
        if isinstance(event, PetitionEvent):
            sentence, note = _sentence(event, who)
        else:
            sentence, note = LETTER_VERBS[event.to_status].format(who=who), event.note
        note = "" if note in _PLAIN_NOTES else note
        rows.append((event.created_at, isinstance(event, OutgoingDocumentEvent), event.pk,
                     Entry(f"{sentence}, {when(event.created_at)}", note)))
    return [row[-1] for row in sorted(rows, key=lambda row: row[:3])]


def due_text(petition: Petition) -> str:
    """"10/12/2026 — theo quy tắc: <the rule's name>" ("" without a due date)."""
    if petition.due_date is None:
        return ""
    text = f"{petition.due_date:%d/%m/%Y}"
    if petition.deadline_rule:
        text = _("%(date)s — theo quy tắc: %(rule)s") % {"date": text, "rule": deadlines.describe(petition.deadline_rule)}
    return text


def _action_applies(name: str, petition: Petition) -> bool:
    status = petition.status
    if name in ACTION_TARGETS:
        target = ACTION_TARGETS[name]
        return target in TRANSITIONS[status] or (name == "assign_units" and status == Status.ASSIGNED)
    if name == "set_competence":
        return status in (Status.RECEIVED, Status.ASSIGNED)
    if name == "answered_at_conference":
        return petition.conference_id is not None and Status.RESOLVED in TRANSITIONS[status]
    if name == "reopen":
        return status == Status.RESOLVED
    if name == "extend_deadline":
        return status in OPEN_STATUSES and petition.due_date is not None
    return status in OPEN_STATUSES and name != "delete_selected"


def may_draft(user, petition: Petition) -> bool:
    """The units working on it and Phòng Kinh tế write the draft answer while it is with them."""
    if petition.status not in (Status.ASSIGNED, Status.DRAFTED, Status.ANSWERED_PENDING):
        return False
    if not (user.is_superuser or roles.has_role(user, roles.HANDLER, roles.ECONOMIC)):
        return False
    return petitions_for_user(user).filter(pk=petition.pk).exists()


def buttons(request, model_admin, petition: Petition, document) -> list[Button]:
    """What this person may do next: the list's actions that apply to this petition and that they hold, writing
    the draft answer, and the answer letter's register steps (their buttons are on the register's page)."""
    changelist = reverse("admin:petitions_petition_changelist")
    found = [Button(str(description), changelist, name)
             for name, (_func, _name, description) in model_admin.get_actions(request).items()
             if _action_applies(name, petition)]
    if may_draft(request.user, petition) and (document is None or document.status == OutgoingStatus.DRAFT):
        found.insert(0, Button(_("Soạn, sửa dự thảo trả lời"), "#id_answer_draft"))
    if document is not None:
        url = reverse("reports:outgoing_document", args=[document.pk])
        found += [Button(str(STEP_LABELS[step]), url) for step in allowed_steps(request.user, document)
                  if step in STEP_LABELS]
    return found


def case_file(request, model_admin, petition: Petition) -> dict:
    document = answer_document_current(petition)
    return {
        "petition": petition,
        "timeline": timeline(petition),
        "due_text": due_text(petition),
        "document": document,
        "document_url": reverse("reports:outgoing_document", args=[document.pk]) if document else "",
        "returned": document.return_comment if document and document.status == OutgoingStatus.DRAFT else "",
        "buttons": buttons(request, model_admin, petition, document),
        "checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "attachments": [(a.original_name, reverse("admin:petitions_attachment_download", args=[a.pk]))
                        for a in petition.attachments.order_by("pk")],
    }
