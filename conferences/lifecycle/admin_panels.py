"""Conference admin pieces of the lifecycle: status buttons and form, eligibility panel, tasks, dashboard."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conferences.audit.services import AuditAction, audit_record
from conferences.common.errors import ConferenceError
from conferences.common.ids import id_or_404
from conferences.lifecycle import checkin, checklist, eligibility
from conferences.lifecycle import services as lifecycle
from conferences.lifecycle.checklist import task_due_date
from conferences.models import Conference, ConferenceTask
from conferences.organisation import selectors
from conferences.organisation.scoping import ScopedInlineMixin

S = Conference.Status


# What the button for each target status says (an action, where the status label says a state).
ACTION_LABELS = {
    S.PLAN_SENT: _("Gửi Kế hoạch cho Sở Tài chính"),
    S.NOTICE_PUBLISHED: _("Niêm yết Thông báo"),
    S.REGISTRATION_OPEN: _("Mở nhận đăng ký"),
    S.CUTOFF_PASSED: _("Kết thúc tiếp nhận kiến nghị"),
    S.ELIGIBLE: _("Xác nhận đủ điều kiện tổ chức"),
    S.NOT_ELIGIBLE: _("Xác nhận không đủ điều kiện"),
    S.HELD: _("Ghi nhận đã tổ chức"),
    S.CONCLUDED: _("Ghi nhận đã thông báo kết luận"),
    S.REPORTED: _("Ghi nhận đã báo cáo Sở Tài chính"),
    S.POSTPONED: _("Hoãn hội nghị"),
    S.STOPPED: _("Dừng tổ chức hội nghị"),
}
# The form fields each target needs besides the note.
TARGET_FIELDS = {S.PLAN_SENT: ("plan_number", "plan_date"), S.POSTPONED: ("starts_at",)}


class ConferenceTransitionForm(forms.Form):
    """The data a status change may need: a note, the plan's number and date, the new date of a postponement."""

    to_status = forms.ChoiceField(label=_("Chuyển sang"))
    note = forms.CharField(label=_("Ghi chú / lý do"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    plan_number = forms.CharField(label=_("Số Kế hoạch"), required=False, help_text=_("Ví dụ: 05/KH-UBND"))
    plan_date = forms.DateField(label=_("Ngày gửi Kế hoạch"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    starts_at = forms.DateTimeField(label=_("Thời gian tổ chức mới (khi hoãn)"), required=False,
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                    input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"])

    def __init__(self, *args, conference: Conference, target: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = lifecycle.allowed_transitions(conference)
        if target in allowed:
            # Reached from one button: only that move and the fields it needs.
            allowed = [target]
            for name in ("plan_number", "plan_date", "starts_at"):
                if name not in TARGET_FIELDS.get(target, ()):
                    del self.fields[name]
        self.fields["to_status"].choices = [(s, ACTION_LABELS[s]) for s in allowed]

    def transition_data(self) -> dict:
        """The keyword data for conference_transition that the chosen status needs."""
        data, to = self.cleaned_data, self.cleaned_data["to_status"]
        return {name: data.get(name) for name in TARGET_FIELDS.get(to, ())}


class ConferenceTaskInline(ScopedInlineMixin, admin.TabularInline):
    model = ConferenceTask
    extra = 0
    fields = ("position", "title", "unit", "anchor", "offset_days", "working_days", "due_date", "done_at",
              "done_by", "reminder_sent_at")
    readonly_fields = ("done_by", "reminder_sent_at")
    autocomplete_fields = ("unit",)
    verbose_name_plural = _("nhiệm vụ của các đơn vị (hạn tính theo ngày hội nghị)")


def _eligibility_rows(result):
    def mark(ok):
        return "✔" if ok else "✘"

    return [
        (_("Đơn vị đăng ký tham dự (đúng hạn, chưa rút)"), f"{result.organisations}/{result.min_registrations}",
         mark(result.registrations_met)),
        (_("Kiến nghị đúng hạn của các đơn vị đăng ký"), f"{result.petitions}/{result.min_petitions}",
         mark(result.petitions_met)),
        (_("Đơn vị được mời"), f"{result.invitees}/{result.invite_target}", mark(result.invitees_met)),
    ]


def _reverse_or_blank(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the reports app is not installed
        return ""


class ConferenceLifecycleAdminMixin:
    """Adds to the Conference admin: status buttons, the transition page, panels and the dashboard."""

    lifecycle_readonly_fields = ("eligibility_panel", "lifecycle_panel", "documents_panel", "plan_number",
                                 "plan_sent_on", "previous_starts_at")

    actions = ["create_default_tasks"]

    class Media:
        css = {"all": ["css/admin-pages.css"]}  # the documents panel's plain list

    @admin.action(description=_("Tạo danh sách nhiệm vụ mặc định của cơ quan"), permissions=["change"])
    def create_default_tasks(self, request, queryset):
        created = skipped = 0
        for conference in queryset.select_related("body"):
            tasks = checklist.conference_tasks_create_defaults(conference=conference)
            created += bool(tasks)
            skipped += not tasks
        self.message_user(request, ngettext(
            "Đã tạo nhiệm vụ cho %(created)d hội nghị; %(skipped)d hội nghị đã có nhiệm vụ.",
            "Đã tạo nhiệm vụ cho %(created)d hội nghị; %(skipped)d hội nghị đã có nhiệm vụ.", created)
            % {"created": created, "skipped": skipped}, messages.SUCCESS)

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("dashboard/", self.admin_site.admin_view(self.dashboard_view), name=f"{prefix}_dashboard"),
            path("<int:pk>/transition/", self.admin_site.admin_view(self.transition_view),
                 name=f"{prefix}_transition"),
            path("<int:pk>/check-in/", self.admin_site.admin_view(self.check_in_view), name=f"{prefix}_check_in"),
            *super().get_urls(),
        ]

    @admin.display(description=_("điều kiện tổ chức"))
    def eligibility_panel(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        result = eligibility.conference_eligibility(obj)
        recorded = eligibility.recorded_eligibility(obj)
        if recorded is not None:
            # Decided at the cut-off; "now" beside it shows later withdrawals without rewriting the decision.
            rows = format_html_join(
                "", "<tr><td>{}</td><td><strong>{}</strong> {}</td><td>{} {}</td></tr>",
                ((label, at_cutoff, mark, now, now_mark) for (label, at_cutoff, mark), (_l, now, now_mark)
                 in zip(_eligibility_rows(recorded), _eligibility_rows(result), strict=True)))
            rows = format_html("<tr><th></th><th>{}</th><th>{}</th></tr>{}", _("Tại hạn tiếp nhận"),
                               _("Hiện nay"), rows)
            result = recorded
        else:
            rows = format_html_join("", "<tr><td>{}</td><td><strong>{}</strong></td><td>{}</td></tr>",
                                    _eligibility_rows(result))
        verdict = _("Đủ điều kiện") if result.met else _("Chưa đủ điều kiện")
        days = result.working_days_to_cutoff
        when = (_("còn %(n)s ngày làm việc") % {"n": days}) if days > 0 else _("đã hết hạn")
        day_off = eligibility.day_off_label(eligibility.conference_date(obj))
        warning = format_html(
            '<p class="errornote" role="alert">{}</p>',
            _("Cảnh báo: ngày tổ chức %(date)s là ngày nghỉ (%(label)s) theo lịch ngày làm việc.") % {
                "date": eligibility.conference_date(obj).strftime("%d/%m/%Y"), "label": day_off}) if day_off else ""
        return format_html(
            '{}<table class="eligibility"><tbody>{}</tbody></table><p><strong>{}</strong>. '
            "{} {} ({}). {} {}. {} {}.</p>",
            warning, rows, verdict, _("Hạn tiếp nhận kiến nghị:"), result.cutoff.strftime("%d/%m/%Y"), when,
            _("Hạn niêm yết thông báo:"), eligibility.notice_date(obj).strftime("%d/%m/%Y"),
            _("Hạn báo cáo Sở Tài chính:"), eligibility.report_due_date(obj).strftime("%d/%m/%Y"))

    @admin.display(description=_("chuyển trạng thái"))
    def lifecycle_panel(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("admin:conferences_conference_transition", args=[obj.pk])
        buttons = format_html_join(
            " ", '<a class="button" href="{}?to={}">{}</a>',
            ((url, s, ACTION_LABELS[s]) for s in lifecycle.allowed_transitions(obj)))
        check_in = format_html(' <a class="button" href="{}">{}</a>',
                               reverse("admin:conferences_conference_check_in", args=[obj.pk]), _("Điểm danh"))
        return format_html("{}{}", buttons or _("Không còn bước tiếp theo."),
                           check_in if obj.status in checkin.CHECK_IN_STATUSES else "")

    @admin.display(description=_("văn bản và báo cáo"))
    def documents_panel(self, obj):
        # The reports app owns the documents and their kinds: one page per conference lists them all.
        if obj is None or obj.pk is None:
            return "—"
        url = _reverse_or_blank("reports:conference_documents", obj.pk)
        if not url:  # the reports app is not installed
            return "—"
        return format_html('<a class="button" href="{}">{}</a>', url,
                           _("Văn bản, giấy mời, điểm danh và báo cáo của hội nghị"))

    def transition_view(self, request, pk: int):
        conference = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, conference):
            raise PermissionDenied
        target = request.GET.get("to")
        form = ConferenceTransitionForm(request.POST or None, conference=conference, target=target,
                                        initial={"to_status": target})
        change_url = reverse("admin:conferences_conference_change", args=[conference.pk])
        if request.method == "POST" and form.is_valid():
            try:
                lifecycle.conference_transition(
                    conference=conference, to_status=form.cleaned_data["to_status"], actor=request.user,
                    note=form.cleaned_data["note"], **form.transition_data())
            except ConferenceError as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(request, _("Hội nghị đã chuyển sang “%(status)s”.") % {
                    "status": conference.get_status_display()}, messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "original": conference,
            "title": _("Chuyển trạng thái: %(title)s") % {"title": conference.title}, "form": form,
            "change_url": change_url, "eligibility": eligibility.conference_eligibility(conference),
        }
        return TemplateResponse(request, "admin/conferences/conference/transition.html", context)

    def check_in_view(self, request, pk: int):
        """A phone-sized page: search a registrant, press "Có mặt"; registrations need change permission."""
        conference = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("conferences.change_registration"):
            raise PermissionDenied
        query = request.GET.get("q", "")
        if request.method == "POST":
            registration = get_object_or_404(
                selectors.registrations_for_user(request.user).filter(conference=conference),
                pk=id_or_404(request.POST.get("registration")))
            try:
                checkin.registration_check_in(registration=registration, user=request.user,
                                              undo=request.POST.get("undo") == "1")
            except ConferenceError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                audit_record(user=request.user, action=AuditAction.CHANGE, obj=registration,
                             body_id=conference.body_id, request=request,
                             detail="check-in undone" if request.POST.get("undo") == "1" else "check-in")
                self.message_user(request, _("%(organisation)s: %(state)s") % {
                    "organisation": registration.organisation_name,
                    "state": _("đã bỏ điểm danh") if request.POST.get("undo") == "1" else _("có mặt")},
                    messages.SUCCESS)
            url = reverse("admin:conferences_conference_check_in", args=[conference.pk])
            return HttpResponseRedirect(f"{url}?{urlencode({'q': request.POST.get('q', '')})}")
        results = checkin.registrations_find(conference=conference, query=query)
        registrations = conference.registrations.filter(withdrawn_at__isnull=True)
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "original": conference,
            "title": _("Điểm danh: %(title)s") % {"title": conference.title}, "query": query, "results": results,
            "present": registrations.filter(checked_in_at__isnull=False).count(), "registered": registrations.count(),
            "change_url": reverse("admin:conferences_conference_change", args=[conference.pk]),
            "attendance_url": _reverse_or_blank("reports:conference_attendance", conference.pk, "pdf"),
        }
        return TemplateResponse(request, "admin/conferences/conference/check_in.html", context)

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        rows = []
        conferences = selectors.conferences_for_user(request.user).select_related("body").order_by("-starts_at")
        for conference in conferences[:50]:
            next_task = (conference.tasks.filter(done_at__isnull=True).select_related("unit")
                         .order_by("due_date", "position").first())
            rows.append({
                "conference": conference, "eligibility": eligibility.conference_eligibility(conference, today=today),
                "next_task": next_task, "overdue": bool(next_task and next_task.due_date < today),
                "url": reverse("admin:conferences_conference_change", args=[conference.pk]),
            })
        context = {**self.admin_site.each_context(request), "opts": self.opts, "rows": rows,
                   "title": _("Theo dõi hội nghị đối thoại")}
        return TemplateResponse(request, "admin/conferences/conference/dashboard.html", context)

    def save_formset(self, request, form, formset, change):
        if formset.model is not ConferenceTask:
            return super().save_formset(request, form, formset, change)
        tasks = formset.save(commit=False)
        for task in tasks:
            if task.done_at and not task.done_by_id:
                task.done_by = request.user
            if not task.done_at:
                task.done_by = None
            task.due_date = task_due_date(task.conference, anchor=task.anchor, offset_days=task.offset_days,
                                          working_days=task.working_days, current=task.due_date)
            task.save()
        for task in formset.deleted_objects:
            task.delete()
        formset.save_m2m()

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        # Tasks follow the conference's date and are created when the plan is sent: none on the add page.
        return inlines if obj is not None else [i for i in inlines if i is not ConferenceTaskInline]

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status not in (S.DRAFT, S.PLAN_SENT):
            # Once the notice is out the date changes only by postponement (counted, with its reason).
            fields += ("year", "starts_at")
        return fields

