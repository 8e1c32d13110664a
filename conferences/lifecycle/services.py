"""The conference lifecycle: the TRANSITIONS table, its guards and the one transition service."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.calendar import workdays
from conferences.common.errors import ConferenceError
from conferences.common.text import nfc
from conferences.lifecycle import checklist, eligibility
from conferences.models import AgendaItem, Body, Conference, ConferenceEvent

S = Conference.Status

# Postponing and stopping are possible until the conference is held; a postponed conference publishes a new
# notice for its new date (registrations and petitions carry over).
_CAN_POSTPONE_OR_STOP = {S.POSTPONED, S.STOPPED}
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.PLAN_SENT, S.STOPPED},
    S.PLAN_SENT: {S.NOTICE_PUBLISHED} | _CAN_POSTPONE_OR_STOP,
    S.NOTICE_PUBLISHED: {S.REGISTRATION_OPEN} | _CAN_POSTPONE_OR_STOP,
    S.REGISTRATION_OPEN: {S.CUTOFF_PASSED} | _CAN_POSTPONE_OR_STOP,
    S.CUTOFF_PASSED: {S.ELIGIBLE, S.NOT_ELIGIBLE} | _CAN_POSTPONE_OR_STOP,
    S.ELIGIBLE: {S.HELD} | _CAN_POSTPONE_OR_STOP,
    S.NOT_ELIGIBLE: _CAN_POSTPONE_OR_STOP,
    S.HELD: {S.CONCLUDED},
    S.CONCLUDED: {S.REPORTED},
    S.REPORTED: set(),
    S.POSTPONED: {S.NOTICE_PUBLISHED, S.STOPPED},
    S.STOPPED: set(),
}


def allowed_transitions(conference: Conference) -> list[str]:
    """The statuses the conference may move to now, in the order of Conference.Status."""
    allowed = TRANSITIONS.get(conference.status, set())
    return [value for value in S.values if value in allowed]


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _guard_plan_sent(conference, data, now):
    number = (data.pop("plan_number", "") or "").strip()
    if not number:
        raise ConferenceError(_("Cần nhập số Kế hoạch đã gửi Sở Tài chính."))
    sent_on = data.pop("plan_date", None) or timezone.localdate(now)
    conference.plan_number = number
    conference.plan_sent_on = sent_on
    due = eligibility.plan_due_date(conference.year)
    if sent_on > due:
        return _("Kế hoạch số %(number)s gửi ngày %(date)s, sau hạn %(due)s.") % {
            "number": number, "date": _d(sent_on), "due": _d(due)}
    return _("Kế hoạch số %(number)s gửi ngày %(date)s.") % {"number": number, "date": _d(sent_on)}


def _guard_notice(conference, data, now):
    today = timezone.localdate(now)
    last_day = eligibility.notice_date(conference)
    if today > last_day:
        if conference.notice_days_working:
            left = workdays.working_days_between(today, eligibility.conference_date(conference))
            raise ConferenceError(_(
                "Không thể niêm yết thông báo: chỉ còn %(left)s ngày làm việc trước hội nghị, cần ít nhất "
                "%(need)s ngày làm việc (hạn niêm yết %(date)s). Hãy hoãn hội nghị sang ngày khác.") % {
                "left": left, "need": conference.notice_days, "date": _d(last_day)})
        left = (eligibility.conference_date(conference) - today).days
        raise ConferenceError(_(
            "Không thể niêm yết thông báo: chỉ còn %(left)s ngày trước hội nghị, cần ít nhất %(need)s ngày "
            "(hạn niêm yết %(date)s). Hãy hoãn hội nghị sang ngày khác.") % {
            "left": left, "need": conference.notice_days, "date": _d(last_day)})
    return ""


def _guard_cutoff(conference, data, now):
    end = eligibility.cutoff_end(conference)
    if now <= end:
        raise ConferenceError(_("Chưa hết hạn tiếp nhận kiến nghị (đến %(time)s ngày %(date)s).") % {
            "time": conference.office_hours_end.strftime("%H:%M"), "date": _d(timezone.localtime(end).date())})
    return ""


def _eligibility_note(result) -> str:
    return _("Đơn vị đăng ký: %(orgs)s/%(min_orgs)s; kiến nghị đúng hạn: %(petitions)s/%(min_petitions)s; "
             "đơn vị được mời: %(invitees)s/%(target)s.") % {
        "orgs": result.organisations, "min_orgs": result.min_registrations, "petitions": result.petitions,
        "min_petitions": result.min_petitions, "invitees": result.invitees, "target": result.invite_target}


def _guard_eligible(conference, data, now):
    result = eligibility.decided_eligibility(conference, today=timezone.localdate(now))
    if not result.met:
        raise ConferenceError(_("Hội nghị chưa đủ điều kiện tổ chức. %(counts)s") % {
            "counts": _eligibility_note(result)})
    return _eligibility_note(result)


def _guard_not_eligible(conference, data, now):
    result = eligibility.decided_eligibility(conference, today=timezone.localdate(now))
    if result.met:
        raise ConferenceError(_("Hội nghị đủ điều kiện tổ chức, không thể ghi nhận không đủ điều kiện. %(counts)s")
                              % {"counts": _eligibility_note(result)})
    return _eligibility_note(result)


def _guard_held(conference, data, now):
    if timezone.localdate(now) < eligibility.conference_date(conference):
        raise ConferenceError(_("Chưa đến ngày tổ chức hội nghị (%(date)s).") % {
            "date": _d(eligibility.conference_date(conference))})
    return ""


def _guard_postponed(conference, data, now):
    new_start = data.pop("starts_at", None)
    if conference.postponement_count >= conference.postponements_per_year:
        raise ConferenceError(_(
            "Hội nghị năm %(year)s đã hoãn %(count)s lần; không được hoãn thêm (tối đa %(limit)s lần mỗi năm). "
            "Hãy dừng tổ chức hội nghị.") % {
            "year": conference.year, "count": conference.postponement_count,
            "limit": conference.postponements_per_year})
    if not isinstance(new_start, datetime.datetime) or timezone.is_naive(new_start):
        raise ConferenceError(_("Cần nhập thời gian tổ chức mới của hội nghị."))
    if new_start <= now or new_start <= conference.starts_at:
        raise ConferenceError(_("Thời gian mới phải sau thời gian dự kiến hiện tại và sau hôm nay."))
    if timezone.localtime(new_start).year != conference.year:
        raise ConferenceError(_("Thời gian mới phải trong năm %(year)s.") % {"year": conference.year})
    old = conference.starts_at
    conference.previous_starts_at = old
    conference.starts_at = new_start
    conference.postponement_count += 1
    return _("Hoãn từ %(old)s sang %(new)s; hạn tiếp nhận kiến nghị mới %(cutoff)s, niêm yết thông báo trước "
             "%(notice)s.") % {
        "old": timezone.localtime(old).strftime("%H:%M %d/%m/%Y"),
        "new": timezone.localtime(new_start).strftime("%H:%M %d/%m/%Y"),
        "cutoff": _d(eligibility.cutoff_date(conference)), "notice": _d(eligibility.notice_date(conference))}


GUARDS = {
    S.PLAN_SENT: _guard_plan_sent,
    S.NOTICE_PUBLISHED: _guard_notice,
    S.CUTOFF_PASSED: _guard_cutoff,
    S.ELIGIBLE: _guard_eligible,
    S.NOT_ELIGIBLE: _guard_not_eligible,
    S.HELD: _guard_held,
    S.POSTPONED: _guard_postponed,
}
NOTE_REQUIRED = {S.POSTPONED, S.STOPPED}


def conference_transition(*, conference: Conference, to_status: str, actor=None, note: str = "",
                          at: datetime.datetime | None = None, **data) -> Conference:
    """Move `conference` to `to_status` under a row lock, if the TRANSITIONS table and the guards allow it.

    Data by target: plan_sent needs `plan_number` (and `plan_date`, default today); postponed needs
    `starts_at` (the new aware datetime) and a note (the reason); stopped needs a note. Writes a
    ConferenceEvent; after a postponement the unfinished tasks follow the new date; not_eligible notifies Phòng
    Kinh tế through the outbox. The new date (postponed) and the statuses stopped / not_eligible reach the
    petitions through `conferences.signals.conference_rules_changed`, sent after commit by the model's save.
    `now` (an aware datetime) stands for the clock in the guards (the periodic evaluation passes its own).
    `at` (an aware datetime) dates the step itself and stands for `now` when that is not given: only the demo and
    the imports pass it (a history written on the dates it describes, see StatusEvent.record).
    Raises ConferenceError (translated) for a forbidden move, a failed guard or missing data.
    """
    now = data.pop("now", None) or at or timezone.now()
    note = (note or "").strip()
    if to_status not in S.values:
        raise ConferenceError(_("Trạng thái không hợp lệ: %(status)s") % {"status": to_status})
    with transaction.atomic():
        locked = Conference.objects.select_for_update().select_related("body").get(pk=conference.pk)
        from_status = locked.status
        if to_status not in TRANSITIONS.get(from_status, set()):
            raise ConferenceError(_("Không thể chuyển hội nghị từ “%(from)s” sang “%(to)s”.") % {
                "from": S(from_status).label, "to": S(to_status).label})
        if to_status in NOTE_REQUIRED and not note:
            raise ConferenceError(_("Cần ghi rõ lý do khi chuyển sang “%(to)s”.") % {"to": S(to_status).label})
        guard = GUARDS.get(to_status)
        guard_note = guard(locked, data, now) if guard else ""
        if data:
            raise ConferenceError(_("Dữ liệu không dùng cho bước này: %(keys)s") % {"keys": ", ".join(sorted(data))})
        locked.status = to_status
        if to_status == S.CUTOFF_PASSED:
            # Decided at the cut-off: later withdrawals show as "now" beside it and never rewrite it.
            locked.cutoff_record = eligibility.cutoff_record(locked, now=now)
        elif to_status == S.POSTPONED:
            locked.cutoff_record = None  # the new date has its own cut-off, recorded when it passes
        try:
            locked.full_clean()
        except ValidationError as exc:
            raise ConferenceError("; ".join(exc.messages)) from exc
        locked.save()
        ConferenceEvent.record(
            conference=locked, from_status=from_status, to_status=to_status, actor=actor,
            note=" ".join(part for part in (note, guard_note) if part), at=at)
        if to_status == S.PLAN_SENT:
            checklist.conference_tasks_create_defaults(conference=locked)
        if to_status == S.POSTPONED:
            checklist.conference_tasks_recompute(conference=locked)
        if to_status == S.NOT_ELIGIBLE:
            checklist.not_eligible_notify(conference=locked)
    for name in ("status", "starts_at", "previous_starts_at", "postponement_count", "plan_number",
                 "plan_sent_on", "cutoff_record", "updated_at"):
        setattr(conference, name, getattr(locked, name))
    return locked


def conference_evaluate_cutoff(*, conference: Conference, now: datetime.datetime | None = None,
                               at: datetime.datetime | None = None) -> Conference:
    """At the cut-off: registration_open → cutoff_passed → eligible / not_eligible (actor: the system).

    Does nothing before the cut-off or in another status; raises ConferenceError only if a guard fails
    unexpectedly. `at` dates the steps (and stands for `now`): only the demo passes it.
    """
    now = now or at or timezone.now()
    if conference.status in (S.NOTICE_PUBLISHED, S.REGISTRATION_OPEN):
        if now <= eligibility.cutoff_end(conference):
            return conference
        if conference.status == S.NOTICE_PUBLISHED:
            conference_transition(conference=conference, to_status=S.REGISTRATION_OPEN, now=now,
                                  note=_("Tự động khi hết hạn tiếp nhận."), at=at)
        conference_transition(conference=conference, to_status=S.CUTOFF_PASSED, now=now,
                              note=_("Tự động khi hết hạn tiếp nhận."), at=at)
    if conference.status == S.CUTOFF_PASSED:
        met = eligibility.decided_eligibility(conference, today=timezone.localdate(now)).met
        conference_transition(conference=conference, to_status=S.ELIGIBLE if met else S.NOT_ELIGIBLE, now=now,
                              note=_("Đánh giá tự động tại hạn tiếp nhận."), at=at)
    return conference


def conferences_evaluate_cutoffs(*, now: datetime.datetime | None = None) -> int:
    """Evaluate every conference whose cut-off has passed and is still open (missed runs catch up).

    Returns how many conferences changed status. A conference whose evaluation fails is skipped (logged by
    the caller's task) so that one bad row does not block the others.
    """
    now = now or timezone.now()
    changed = 0
    candidates = Conference.objects.filter(
        # A body holds about one conference a year: scanning every open one is cheap and needs no date guess.
        status__in=(S.NOTICE_PUBLISHED, S.REGISTRATION_OPEN, S.CUTOFF_PASSED),
    ).select_related("body")
    for conference in candidates:
        before = conference.status
        try:
            conference_evaluate_cutoff(conference=conference, now=now)
        except ConferenceError:
            continue
        changed += conference.status != before
    return changed


def conference_create(
    *,
    body: Body,
    year: int,
    title: str,
    starts_at: datetime.datetime,
    venue: str,
    actor=None,
    form: str = Conference.Form.IN_PERSON,
    status: str = Conference.Status.DRAFT,
    with_default_agenda: bool = True,
    is_public: bool = True,
    day_off_confirmed: bool = False,
    at: datetime.datetime | None = None,
) -> Conference:
    """Create a conference with the body's rule settings, chair and (optionally) default agenda copied in.

    Writes a ConferenceEvent. Raises ConferenceError when the conference is invalid (e.g. the body already
    has a conference that year) or falls on a day the calendar marks as a day off and `day_off_confirmed`
    is not given. `at` (default now) dates the creation: only the demo and the imports pass it.
    """
    if timezone.is_naive(starts_at):
        raise ConferenceError(_("Thời gian bắt đầu phải có múi giờ."))
    day_off = eligibility.day_off_label(timezone.localtime(starts_at).date())
    if day_off and not day_off_confirmed:
        raise ConferenceError(_("Ngày %(date)s là ngày nghỉ (%(label)s); cần xác nhận nếu vẫn tổ chức vào ngày này.")
                              % {"date": _d(timezone.localtime(starts_at).date()), "label": day_off})
    conference = Conference(
        body=body, year=year, title=title, starts_at=starts_at, venue=venue, form=form, status=status,
        chair_name=body.chair_name, chair_title=body.chair_title, is_public=is_public,
    )
    conference.copy_rules_from(body)
    try:
        conference.full_clean()
    except ValidationError as exc:
        raise ConferenceError("; ".join(exc.messages)) from exc
    with transaction.atomic():
        conference.save()
        if with_default_agenda:
            conference_reset_agenda(conference=conference, actor=actor)
        ConferenceEvent.record(
            conference=conference, from_status="", to_status=status, actor=actor, note=str(_("Tạo hội nghị")),
            at=at)
    return conference


def conference_reset_agenda(*, conference: Conference, actor=None) -> list[AgendaItem]:
    """Replace the conference's agenda with its body's default agenda ('{place}' becomes the place name)."""
    place = conference.body.place_name or conference.body.name
    with transaction.atomic():
        conference.agenda_items.all().delete()
        items = [
            AgendaItem(
                conference=conference, position=i, number=str(row.get("number", i)),
                content=nfc(str(row.get("content", "")).replace("{place}", place)),
                performer=nfc(str(row.get("performer", ""))),
            )
            for i, row in enumerate(conference.body.default_agenda or [], start=1)
        ]
        AgendaItem.objects.bulk_create(items)
    return items


def conference_staff_save(*, conference: Conference, actor, created: bool, date_changed: bool = False) -> Conference:
    """Save a conference from its admin page: a new one takes its body's rules and chair and gets its creation
    event; a changed date moves the tasks that follow it. The petitions hear of a new date or rule through
    `conference_rules_changed`, sent by the model's save. Raises ConferenceError when the conference is invalid."""
    with transaction.atomic():
        if created:
            conference.copy_rules_from(conference.body)
            conference.chair_name = conference.chair_name or conference.body.chair_name
            conference.chair_title = conference.chair_title or conference.body.chair_title
            conference.save()
            ConferenceEvent.objects.create(conference=conference, from_status="", to_status=conference.status,
                                           actor=actor, note=str(_("Tạo hội nghị")))
            return conference
        conference.save()
        if date_changed:
            checklist.conference_tasks_recompute(conference=conference)
    return conference
