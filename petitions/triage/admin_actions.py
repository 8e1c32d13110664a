"""Admin actions of the petition list: one intermediate form each, the triage services per object."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conferences.organisation.selectors import units_for_user
from petitions.models import Category, Competence, Status
from petitions.triage import answers, extensions
from petitions.triage import services as triage
from petitions.workflow import selectors
from petitions.workflow.services import PetitionError

TEMPLATE = "admin/petitions/petition/action_form.html"


def _petitions_counted(verb: str, done: int, refused: int) -> str:
    return ngettext(
        "%(verb)s: %(done)d kiến nghị thành công, %(refused)d bị từ chối.",
        "%(verb)s: %(done)d kiến nghị thành công, %(refused)d bị từ chối.",
        done,
    ) % {"verb": verb, "done": done, "refused": refused}


def report(modeladmin, request, verb: str, done: int, refused: list[str], counted=_petitions_counted) -> None:
    """One message counting successes and refusals (with the first reasons), at a level that fits; `counted`
    words the count for the kind of row (petitions by default)."""
    text = counted(verb, done, len(refused))
    if refused:
        text += " " + " ".join(refused[:3])
    level = messages.SUCCESS if not refused else (messages.WARNING if done else messages.ERROR)
    modeladmin.message_user(request, text, level)


class ActionForm(forms.Form):
    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request


class UnitsForm(ActionForm):
    lead_unit = forms.ModelChoiceField(label=_("đơn vị chủ trì"), queryset=None)
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("đơn vị phối hợp"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("ghi chú"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = units_for_user(self.request.user).filter(is_active=True, handles_petitions=True)
        self.fields["lead_unit"].queryset = units
        self.fields["coordinating_units"].queryset = units


class CompetenceForm(ActionForm):
    competence = forms.ChoiceField(label=_("thẩm quyền"), choices=Competence.choices)
    other_categories = forms.TypedMultipleChoiceField(
        label=_("nhóm liên quan khác"), choices=Category.choices, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple)
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("đơn vị phối hợp"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Để trống để giữ các đơn vị phối hợp hiện có."))
    competent_authority = forms.CharField(label=_("cơ quan có thẩm quyền"), required=False)
    note = forms.CharField(label=_("ghi chú"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinating_units"].queryset = units_for_user(self.request.user).filter(
            is_active=True, handles_petitions=True)


class DispatchForm(ActionForm):
    """Guiding the business to the competent body needs no letter of ours; one may be named (optional)."""

    receiving_body = forms.CharField(label=_("cơ quan nhận"), max_length=300)
    dispatch_number = forms.CharField(label=_("số công văn của cơ quan mình"), max_length=50, required=False)
    dispatch_date = forms.DateField(label=_("ngày công văn"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("ghi chú"), required=False)


class SendOutForm(ActionForm):
    """Transfer or escalation: the receiving body; the letter is drafted in the register and numbered at issue.
    Only a letter already issued on paper, outside the portal, is recorded with its typed number and date."""

    receiving_body = forms.CharField(label=_("cơ quan nhận"), max_length=300)
    note = forms.CharField(label=_("ghi chú"), required=False)
    outside_portal = forms.BooleanField(
        label=_("công văn đã ban hành ngoài hệ thống"), required=False,
        help_text=_("Chỉ chọn khi công văn đã được ký, ban hành trên giấy ngoài cổng: ghi số và ngày của công văn "
                    "đó. Không chọn: hệ thống lập dự thảo công văn trong Sổ văn bản đi; số và ngày được cấp khi "
                    "Văn phòng ban hành."))
    dispatch_number = forms.CharField(label=_("số công văn đã ban hành"), max_length=50, required=False)
    dispatch_date = forms.DateField(label=_("ngày công văn đã ban hành"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("outside_portal"):
            for name in ("dispatch_number", "dispatch_date"):
                if not data.get(name):
                    self.add_error(name, _("Công văn đã ban hành ngoài hệ thống: phải ghi số và ngày."))
        elif data.get("dispatch_number") or data.get("dispatch_date"):
            self.add_error("dispatch_number", _("Số và ngày công văn do Văn phòng cấp khi ban hành trong Sổ văn bản "
                                                "đi; chỉ ghi khi công văn đã ban hành ngoài hệ thống."))
        return data


def _letter_note(data) -> str:
    if data.get("outside_portal"):
        return ""
    return str(_("Dự thảo công văn đã được lập trong Sổ văn bản đi: đơn vị soạn thảo hoàn thiện và trình thẩm định. "
                 "Kiến nghị chỉ chuyển trạng thái khi Văn phòng cấp số, ban hành công văn."))


def _send_out(to_status):
    def run(petition, data, user):
        if data["outside_portal"]:
            return triage.petition_send_out_outside_portal(
                petition=petition, to_status=to_status, receiving_body=data["receiving_body"],
                dispatch_number=data["dispatch_number"], dispatch_date=data["dispatch_date"], actor=user,
                note=data["note"])
        service = triage.petition_transfer if to_status == Status.TRANSFERRED else triage.petition_escalate
        return service(petition=petition, receiving_body=data["receiving_body"], actor=user, note=data["note"])
    return run


class ConferenceAnswerForm(ActionForm):
    answer = forms.CharField(label=_("nội dung đã trả lời tại hội nghị"), widget=forms.Textarea(attrs={"rows": 4}))
    written_answer_requested = forms.BooleanField(label=_("doanh nghiệp đề nghị trả lời bằng văn bản"),
                                                  required=False)
    follow_up = forms.BooleanField(label=_("còn tiếp tục giải quyết"), required=False)


class NoteForm(ActionForm):
    note = forms.CharField(label=_("ghi chú"), required=False)


class ReasonForm(ActionForm):
    reason = forms.CharField(label=_("lý do mở lại"), max_length=500)
    written_answer_requested = forms.BooleanField(label=_("doanh nghiệp đề nghị trả lời bằng văn bản"),
                                                  required=False)


class ExtendForm(ActionForm):
    new_due_date = forms.DateField(
        label=_("gia hạn đến ngày"), input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label=_("lý do gia hạn"), max_length=500)


class MergeForm(ActionForm):
    target_code = forms.CharField(label=_("mã kiến nghị gộp vào"), max_length=20)

    def clean_target_code(self):
        code = self.cleaned_data["target_code"].strip().upper()
        target = selectors.petitions_for_user(self.request.user).filter(code=code).first()
        if target is None:
            raise forms.ValidationError(_("Không tìm thấy kiến nghị có mã này."))
        self.cleaned_data["target"] = target
        return code


def form_action(*, name: str, description, verb, form_class, run, permission: str = "triage", done_note=None):
    """An admin action asking for `form_class` first, then calling `run(petition, data, user)` per object;
    `done_note(data)` (optional) is said after the count when some succeeded (what happens next)."""

    @admin.action(description=description, permissions=[permission])
    def action(modeladmin, request, queryset):
        if "apply" in request.POST:
            form = form_class(request.POST, request=request)
            if form.is_valid():
                done, refused = 0, []
                for petition in queryset.select_related(None).order_by("pk"):
                    try:
                        run(petition, form.cleaned_data, request.user)
                        done += 1
                    except PetitionError as exc:
                        refused.append(str(exc))
                report(modeladmin, request, str(verb), done, refused)
                if done and done_note is not None and done_note(form.cleaned_data):
                    modeladmin.message_user(request, done_note(form.cleaned_data), messages.INFO)
                return None
        else:
            form = form_class(request=request)
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": description,
            "form": form,
            "petitions": queryset.order_by("pk")[:200],
            "count": queryset.count(),
            "action_name": name,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": modeladmin.model._meta,
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, TEMPLATE, context)

    action.__name__ = name
    return action


# No action approves and sends an answer: the written answer is an official letter that goes through the
# outgoing-documents register (Phòng Kinh tế reviews, Lãnh đạo signs, Văn phòng issues; reports.register), and
# the petition moves to its outcome when the letter is issued.
ACTIONS = [
    form_action(name="assign_units", description=_("Giao đơn vị xử lý"), verb=_("Giao đơn vị"), form_class=UnitsForm,
                run=lambda p, d, u: triage.petition_assign(
                    petition=p, lead_unit=d["lead_unit"], coordinating_units=d["coordinating_units"], actor=u,
                    note=d["note"])),
    form_action(name="set_competence", description=_("Xác định thẩm quyền"), verb=_("Xác định thẩm quyền"),
                form_class=CompetenceForm,
                run=lambda p, d, u: triage.petition_set_competence(
                    petition=p, competence=d["competence"], other_categories=d["other_categories"] or None,
                    coordinating_units=d["coordinating_units"] or None,
                    competent_authority=d["competent_authority"], actor=u, note=d["note"])),
    # Transfer and escalation letters go through the register (drafted, reviewed, signed, numbered at issue); the
    # petition moves when the letter is issued (petitions.triage.send_out).
    form_action(name="transfer", description=_("Chuyển cơ quan có thẩm quyền"), verb=_("Lập công văn chuyển"),
                form_class=SendOutForm, run=_send_out(Status.TRANSFERRED), done_note=_letter_note),
    form_action(name="guide", description=_("Hướng dẫn gửi cơ quan có thẩm quyền"), verb=_("Hướng dẫn"),
                form_class=DispatchForm,
                run=lambda p, d, u: triage.petition_guide(
                    petition=p, receiving_body=d["receiving_body"], dispatch_number=d["dispatch_number"],
                    dispatch_date=d["dispatch_date"], actor=u, note=d["note"])),
    form_action(name="escalate", description=_("Báo cáo, xin ý kiến cấp trên"), verb=_("Lập công văn xin ý kiến"),
                form_class=SendOutForm, run=_send_out(Status.ESCALATED), done_note=_letter_note),
    form_action(name="answered_at_conference", description=_("Ghi nhận đã trả lời tại hội nghị"),
                verb=_("Trả lời tại hội nghị"), form_class=ConferenceAnswerForm,
                run=lambda p, d, u: answers.petition_mark_answered_at_conference(
                    petition=p, answer=d["answer"], written_answer_requested=d["written_answer_requested"],
                    follow_up=d["follow_up"], actor=u)),
    form_action(name="resolve", description=_("Đóng: đã giải quyết triệt để"), verb=_("Đóng"), form_class=NoteForm,
                run=lambda p, d, u: triage.petition_resolve(petition=p, actor=u, note=d["note"])),
    form_action(name="reopen", description=_("Mở lại kiến nghị"), verb=_("Mở lại"), form_class=ReasonForm,
                run=lambda p, d, u: triage.petition_reopen(
                    petition=p, reason=d["reason"], written_answer_requested=d["written_answer_requested"],
                    actor=u)),
    form_action(name="merge", description=_("Gộp vào kiến nghị trùng"), verb=_("Gộp"), form_class=MergeForm,
                run=lambda p, d, u: triage.petition_merge(petition=p, into=d["target"], actor=u)),
    form_action(name="extend_deadline", description=_("Gia hạn trả lời (Lãnh đạo)"), verb=_("Gia hạn"),
                form_class=ExtendForm, permission="extend_deadline",
                run=lambda p, d, u: extensions.petition_extend_deadline(
                    petition=p, new_due_date=d["new_due_date"], reason=d["reason"], actor=u)),
]
