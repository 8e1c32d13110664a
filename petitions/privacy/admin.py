"""Admin of data subjects' requests: the list with due times, and the actions that handle them (Phòng Kinh tế)."""

import datetime
import math

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conferences.organisation.scoping import ScopedAdminMixin
from petitions.models import DataSubjectRequest
from petitions.privacy.services import data_request_complete, data_request_refuse, data_request_start
from petitions.triage import admin_actions
from petitions.workflow import selectors
from petitions.workflow.services import PetitionError

SOON = datetime.timedelta(hours=24)
TEMPLATE = "admin/petitions/datasubjectrequest/action_form.html"


def due_text(data_request: DataSubjectRequest, now=None) -> tuple[str, str]:
    """("còn N ngày" / "còn N giờ" / "trễ N ngày" / "trễ N giờ", CSS class: due-ok / due-soon / due-late in
    static/css/admin-pages.css) of an open request; closed ones say whether they were handled in time."""
    now = now or timezone.now()
    if not data_request.is_open:
        in_time = data_request.handled_at is not None and data_request.handled_at <= data_request.due_at
        return (str(_("xử lý đúng hạn")) if in_time else str(_("xử lý trễ hạn"))), ("due-ok" if in_time else "due-late")
    left = data_request.due_at - now
    late = left.total_seconds() < 0
    seconds = abs(left.total_seconds())
    if seconds < 86400:
        n = max(math.ceil(seconds / 3600), 1)
        text = (ngettext("trễ %(n)d giờ", "trễ %(n)d giờ", n) if late
                else ngettext("còn %(n)d giờ", "còn %(n)d giờ", n)) % {"n": n}
    else:
        n = math.floor(seconds / 86400) if not late else math.ceil(seconds / 86400)
        text = (ngettext("trễ %(n)d ngày", "trễ %(n)d ngày", n) if late
                else ngettext("còn %(n)d ngày", "còn %(n)d ngày", n)) % {"n": n}
    colour = "due-late" if late else ("due-soon" if left <= SOON else "due-ok")
    return text, colour


class RequestDueFilter(admin.SimpleListFilter):
    """Open requests by their due time: late, due within 24 hours, later."""

    title = _("hạn xử lý")
    parameter_name = "han"

    def lookups(self, request, model_admin):
        return [("late", _("Quá hạn")), ("soon", _("Đến hạn trong 24 giờ")), ("later", _("Còn hạn"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        open_ = queryset.filter(status__in=DataSubjectRequest.OPEN)
        if self.value() == "late":
            return open_.filter(due_at__lt=now)
        if self.value() == "soon":
            return open_.filter(due_at__gte=now, due_at__lte=now + SOON)
        if self.value() == "later":
            return open_.filter(due_at__gt=now + SOON)
        return queryset


class NoteForm(forms.Form):
    note = forms.CharField(label=_("kết quả / ghi chú gửi người yêu cầu"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Không ghi lại dữ liệu cá nhân vào đây."))

    def __init__(self, *args, deletion=False, **kwargs):
        super().__init__(*args, **kwargs)
        if deletion:
            self.fields["confirm_deletion"] = forms.BooleanField(
                label=_("Tôi xác nhận xóa, ẩn danh dữ liệu cá nhân của các đăng ký có yêu cầu xóa (không khôi phục "
                        "được)"), required=True,
                error_messages={"required": _("Đánh dấu xác nhận để xóa dữ liệu.")})


class ReasonForm(forms.Form):
    note = forms.CharField(label=_("lý do từ chối (gửi người yêu cầu)"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Phải ghi lý do từ chối yêu cầu.")},
                           help_text=_("Ví dụ: kiến nghị còn đang xử lý, cần thông tin liên hệ để trả lời."))


def _requests_counted(verb: str, done: int, refused: int) -> str:
    return ngettext(
        "%(verb)s: %(done)d yêu cầu thành công, %(refused)d bị từ chối.",
        "%(verb)s: %(done)d yêu cầu thành công, %(refused)d bị từ chối.",
        done,
    ) % {"verb": verb, "done": done, "refused": refused}


def _report(modeladmin, request, verb, done: int, refused: list[str]) -> None:
    admin_actions.report(modeladmin, request, verb, done, refused, counted=_requests_counted)


def _run(modeladmin, request, queryset, verb, run) -> None:
    done, refused = 0, []
    for data_request in queryset.order_by("pk"):
        try:
            run(data_request)
            done += 1
        except PetitionError as exc:
            refused.append(str(exc))
    _report(modeladmin, request, verb, done, refused)


def _form_action(*, name, description, verb, make_form, run):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        deletion = queryset.filter(kind=DataSubjectRequest.Kind.DELETION).exists()
        if "apply" in request.POST:
            form = make_form(request.POST, deletion=deletion)
            if form.is_valid():
                _run(modeladmin, request, queryset, verb,
                     lambda r: run(r, form.cleaned_data.get("note", ""), request.user))
                return None
        else:
            form = make_form(deletion=deletion)
        return TemplateResponse(request, TEMPLATE, {
            **modeladmin.admin_site.each_context(request), "title": description, "form": form,
            "requests": queryset.select_related("registration").order_by("pk")[:200], "count": queryset.count(),
            "action_name": name, "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": modeladmin.model._meta, "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"), "deletion": deletion,
        })

    action.__name__ = name
    return action


@admin.action(description=_("Nhận xử lý (đang xử lý)"), permissions=["change"])
def mark_in_progress(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, _("Nhận xử lý"),
         lambda r: data_request_start(data_request=r, actor=request.user))


mark_done = _form_action(
    name="mark_done", description=_("Đã thực hiện (báo kết quả)"), verb=_("Hoàn thành"),
    make_form=lambda data=None, deletion=False: NoteForm(data, deletion=deletion),
    run=lambda r, note, user: data_request_complete(data_request=r, actor=user, note=note))
refuse = _form_action(
    name="refuse", description=_("Từ chối (ghi lý do)"), verb=_("Từ chối"),
    make_form=lambda data=None, deletion=False: ReasonForm(data),
    run=lambda r, note, user: data_request_refuse(data_request=r, actor=user, reason=note))


@admin.register(DataSubjectRequest)
class DataSubjectRequestAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Requests are made by data subjects on the public pages and only moved by the actions (never edited,
    added or deleted here)."""

    class Media:
        css = {"all": ["css/admin-pages.css"]}  # the due-time colours

    scope = staticmethod(selectors.data_subject_requests_for_user)
    list_display = ("code", "kind", "registration_link", "status", "due_status", "received_at", "handled_by",
                    "handled_at")
    list_filter = ("status", "kind", RequestDueFilter)
    list_select_related = ("registration", "handled_by")
    search_fields = ("code", "registration__code")
    show_full_result_count = False
    ordering = ("-received_at", "-pk")
    actions = [mark_in_progress, mark_done, refuse]
    fields = ("code", "kind", "registration_link", "field", "details", "requested_value", "received_at", "due_at",
              "due_status", "status", "handled_by", "handled_at", "outcome_note")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("hạn xử lý"), ordering="due_at")
    def due_status(self, obj):
        text, colour = due_text(obj)
        return format_html('<strong class="{}">{}</strong><br><small>{}</small>', colour, text,
                           timezone.localtime(obj.due_at).strftime("%H:%M %d/%m/%Y"))

    @admin.display(description=_("đăng ký"), ordering="registration__code")
    def registration_link(self, obj):
        """The registration's change page, where a correction is made (whoever sees a request may open its
        registration: Phòng Kinh tế and Lãnh đạo of the same body, superusers)."""
        registration = obj.registration
        flags = []
        if registration.consent_withdrawn_at:
            flags.append(str(_("đã rút đồng ý")))
        if registration.anonymised_at:
            flags.append(str(_("đã ẩn danh")))
        suffix = f" ({', '.join(flags)})" if flags else ""
        url = reverse("admin:conferences_registration_change", args=[registration.pk])
        return format_html('<a href="{}">{}</a>{}', url, registration.code, suffix)
