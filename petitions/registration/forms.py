"""Forms of the Phụ lục II registration (public page and staff entry) and of the status look-up."""

from __future__ import annotations

import functools
import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from conferences.common.identifiers import identifier_normalize, phone_normalize
from conferences.common.text import CleanCharField
from conferences.models import OrganisationKind
from petitions.models import Category
from petitions.registration.validators import attachment_count_errors, validate_attachment

# The honeypot: a field people never see (hidden with CSS, skipped by keyboard and screen readers) that
# form-filling bots fill in. Its name avoids words browsers autofill.
HONEYPOT_FIELD = "trang_lien_ket_phu"

REQUIRED = {"required": _("Vui lòng điền mục này.")}

# Django has no Vietnamese for these (or a wrong one: "Nhập một số tổng thể.").
NULL_CHARACTER_MESSAGE = _("Nội dung có ký tự không hợp lệ (ký tự rỗng). Hãy gõ lại mục này.")
INVALID_CHOICE_MESSAGE = _("Lựa chọn không hợp lệ. Hãy chọn một mục trong danh sách.")
INVALID_NUMBER_MESSAGE = _("Giá trị không hợp lệ.")


class VietnameseErrorsMixin:
    """Every field of a public form answers a fault with a Vietnamese message: never "Null characters are
    not allowed." or "Select a valid choice."."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # per-instance copies (Field.__deepcopy__ copies error_messages)
            field.error_messages["null_characters_not_allowed"] = NULL_CHARACTER_MESSAGE
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = INVALID_CHOICE_MESSAGE
            if isinstance(field, forms.IntegerField):
                field.error_messages["invalid"] = INVALID_NUMBER_MESSAGE


def _text(label, *, required=True, max_length=300, textarea=False, help_text="", autocomplete=None, rows=3):
    attrs = {"autocomplete": autocomplete} if autocomplete else {}
    if textarea:
        attrs["rows"] = rows
    widget = forms.Textarea(attrs=attrs) if textarea else forms.TextInput(attrs=attrs)
    return CleanCharField(label=label, required=required, max_length=max_length, help_text=help_text,
                          widget=widget, error_messages=REQUIRED, strip=True)


class RegistrationForm(VietnameseErrorsMixin, forms.Form):
    """The applicant part of Phụ lục II; cleans the identifier by organisation kind and the phone to one form."""

    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    full_name = _text(_("Họ và tên"), max_length=100, autocomplete="name")
    position = _text(_("Chức vụ"), required=False, max_length=100, autocomplete="organization-title")
    organisation_name = _text(_("Tên doanh nghiệp / hợp tác xã / hộ kinh doanh"), autocomplete="organization")
    organisation_kind = forms.ChoiceField(
        label=_("Loại hình"), choices=OrganisationKind.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Vui lòng chọn loại hình: doanh nghiệp, hợp tác xã hoặc hộ kinh doanh.")})
    tax_code = _text(
        _("Mã số doanh nghiệp / mã số thuế"), max_length=20,
        help_text=_("Doanh nghiệp, hợp tác xã: 10 chữ số (chi nhánh: 0312687878-001). Hộ kinh doanh: số định danh "
                    "cá nhân 12 chữ số của chủ hộ, hoặc mã số thuế / số giấy chứng nhận cũ."))
    phone = forms.CharField(
        label=_("Điện thoại liên hệ"), max_length=30, error_messages=REQUIRED,
        help_text=_("Ví dụ 0912 345 678 hoặc +84 912 345 678; dùng để tra cứu và nhận tin nhắn."),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}))
    email = forms.EmailField(
        label=_("Thư điện tử (không bắt buộc)"), required=False,
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ, ví dụ ten@congty.vn.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    address = _text(_("Địa chỉ"), autocomplete="street-address")
    attending = forms.TypedChoiceField(
        label=_("Tham dự hội nghị"), coerce=lambda v: v == "yes", initial="yes", widget=forms.RadioSelect,
        choices=[("yes", _("Có, tôi đăng ký tham dự")), ("no", _("Không, chỉ gửi kiến nghị"))],
        error_messages={"required": _("Vui lòng cho biết có tham dự hội nghị hay không.")})
    notify_sms = forms.BooleanField(label=_("Nhận tin nhắn SMS"), required=False, initial=True)
    notify_email = forms.BooleanField(label=_("Nhận thư điện tử"), required=False)
    # Issue 22: Zalo (ZNS) first when ticked; SMS / e-mail as chosen above if Zalo cannot deliver.
    notify_zalo = forms.BooleanField(
        label=_("Nhận thông báo qua Zalo"), required=False,
        help_text=_("Gửi tới số điện thoại trên qua Zalo; nếu không gửi được sẽ dùng SMS hoặc thư điện tử đã chọn."))
    overall_proposal = _text(
        _("8. Đề xuất giải pháp tháo gỡ"), required=False, max_length=5000, textarea=True,
        help_text=_("Đề xuất chung của doanh nghiệp (không bắt buộc)."))

    def clean_phone(self):
        return phone_normalize(self.cleaned_data["phone"])

    def clean_form_token(self):
        # A token of letters, digits, "-" and "_" (the page writes 32 hex digits) or nothing: a tampered one is
        # replaced by a new token rather than answered with an error on a field nobody sees.
        token = self.cleaned_data["form_token"]
        return token if re.fullmatch(r"[A-Za-z0-9_-]{1,64}", token or "") else ""

    def clean(self):
        data = super().clean()
        kind, raw = data.get("organisation_kind"), data.get("tax_code")
        if kind and raw:
            try:
                data["identifier_kind"], data["tax_code"] = identifier_normalize(raw, organisation_kind=kind)
            except ValidationError as exc:
                self.add_error("tax_code", exc)
        if data.get("notify_email") and not data.get("email"):
            self.add_error("email", _("Nhập thư điện tử để nhận thông báo qua thư điện tử."))
        return data


PUBLICATION_CONSENT_LABEL = _(
    "Tôi đồng ý để nội dung kiến nghị và câu trả lời được công khai trên Cổng thông tin điện tử của xã (không "
    "kèm tên, mã số thuế, số điện thoại của đơn vị), để các doanh nghiệp, hợp tác xã, hộ kinh doanh khác cùng "
    "tham khảo. Không đánh dấu: câu trả lời chỉ gửi riêng cho đơn vị.")


class PublicRegistrationForm(RegistrationForm):
    """The online form adds the consent checkbox (unticked, required: Decree 356/2025) and asks whether the
    answers may be published (unticked, optional)."""

    publication_consent = forms.BooleanField(label=PUBLICATION_CONSENT_LABEL, required=False)

    consent = forms.BooleanField(
        label=_("Tôi đã đọc thông báo xử lý dữ liệu cá nhân ở trên và đồng ý."),
        error_messages={"required": _("Cần đánh dấu đồng ý xử lý dữ liệu cá nhân để gửi đăng ký.")})


class PetitionForm(VietnameseErrorsMixin, forms.Form):
    """One petition row: category 1–7, content, optional proposed solution and one attachment; a blank row
    is skipped."""

    category = forms.TypedChoiceField(
        coerce=int, required=False, choices=[("", _("— Chọn nhóm kiến nghị —"))] + [
            (value, f"{value}. {label}") for value, label in Category.choices])
    content = CleanCharField(required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))
    proposed_solution = CleanCharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    attachment = forms.FileField(
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        index = self.prefix.rsplit("-", 1)[-1] if self.prefix else "0"
        # The formset's empty form ("__prefix__") is the row the page's script copies: it numbers it itself.
        number = int(index) + 1 if index.isdigit() else "__num__"
        self.fields["category"].label = _("Kiến nghị %(n)s: nhóm") % {"n": number}
        self.fields["content"].label = _("Kiến nghị %(n)s: nội dung khó khăn, vướng mắc") % {"n": number}
        self.fields["proposed_solution"].label = _("Kiến nghị %(n)s: đề xuất giải pháp (không bắt buộc)") % {
            "n": number}
        self.fields["attachment"].label = _("Kiến nghị %(n)s: tệp đính kèm (không bắt buộc)") % {"n": number}
        self.fields["attachment"].help_text = _("PDF, JPG, PNG hoặc DOCX, tối đa %(limit)s.") % {
            "limit": filesizeformat(settings.PETITION_ATTACHMENT_MAX_BYTES)}

    def clean_attachment(self):
        uploaded = self.cleaned_data.get("attachment")
        if uploaded:
            uploaded.validated_content_type = validate_attachment(uploaded)
        return uploaded

    def clean(self):
        data = super().clean()
        # Files held from a refused submission of this form (set by the view) count like a file chosen now.
        has_text = bool(data.get("content") or data.get("proposed_solution") or data.get("attachment")
                        or getattr(self, "held_files", None))
        if has_text and not data.get("category"):
            self.add_error("category", _("Vui lòng chọn nhóm cho kiến nghị này."))
        if (data.get("category") or has_text) and not data.get("content") and "content" not in self.errors:
            self.add_error("content", _("Vui lòng ghi nội dung kiến nghị (hoặc để trống cả dòng)."))
        return data

    @property
    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("category") or self.cleaned_data.get("content"))


class BasePetitionFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": _("Tối đa %(num)s kiến nghị trong một lần gửi."),
    }

    def clean(self):
        super().clean()
        counts = [(1 if getattr(f, "cleaned_data", {}).get("attachment") else 0) + len(getattr(f, "held_files", ()))
                  for f in self.forms]
        errors = attachment_count_errors(counts)
        if errors:
            raise ValidationError(errors)


def petition_formset_class(extra: int = 1):
    """A formset class of petition rows with `extra` blank rows (the 'Thêm kiến nghị' button adds one).

    At most PETITION_MAX_ROWS rows, also for a hand-made TOTAL_FORMS (absolute_max), so a request can never
    make the server build thousands of forms.
    """
    return _petition_formset_class(extra, settings.PETITION_MAX_ROWS)


@functools.lru_cache(maxsize=32)
def _petition_formset_class(extra: int, limit: int):
    # One class per (extra, limit) for the process: formset_factory builds a new class on every call.
    return forms.formset_factory(PetitionForm, formset=BasePetitionFormSet, extra=extra, max_num=limit,
                                 absolute_max=limit, validate_max=True)


PETITION_PREFIX = "petitions"


def unbound_copy(form: forms.Form) -> forms.Form:
    """An unbound form showing what was typed into the bound `form` (files excepted: browsers cannot keep
    them), without validation errors — for re-rendering after 'Thêm kiến nghị'."""
    initial = {}
    for name, bound_field in form.fields.items():
        if isinstance(bound_field, forms.FileField):
            continue
        initial[name] = bound_field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
    return type(form)(initial=initial, prefix=form.prefix)


def error_summary(form, formset) -> list[tuple[str, str, str]]:
    """(field id, label, message) of every error, for the summary at the top of the form."""
    if not form.is_bound:
        return []
    rows = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        anchor = form[name].id_for_label if field else "registration-form"
        if name in ("organisation_kind", "attending"):
            anchor = f"{form[name].auto_id}_0"
        for message in errors:
            rows.append((anchor, str(field.label) if field and field.label else "", message))
    for sub in formset.forms:
        for name, errors in sub.errors.items():
            for message in errors:
                rows.append((sub[name].id_for_label, str(sub.fields[name].label), message))
    for message in formset.non_form_errors():
        rows.append(("petitions", _("Kiến nghị"), message))
    return rows


class StatusLookupForm(VietnameseErrorsMixin, forms.Form):
    """Code + phone: the way back to a registration without an account."""

    code = forms.CharField(label=_("Mã đăng ký"), max_length=20, error_messages=REQUIRED,
                           help_text=_("Ví dụ HH26-7KQ4M, in trên trang xác nhận và trong tin nhắn."),
                           widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}))
    phone = forms.CharField(label=_("Điện thoại đã đăng ký"), max_length=30, error_messages=REQUIRED,
                            widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}))


class StaffRegistrationForm(RegistrationForm):
    """A paper Phụ lục II typed in by staff: the same validation, plus the conference, the channel, the time
    written on the paper, and whether the paper carries the signed consent."""

    conference = forms.ModelChoiceField(label=_("Hội nghị"), queryset=None, error_messages=REQUIRED)
    channel = forms.ChoiceField(label=_("Kênh tiếp nhận"), choices=[])
    received_at = forms.DateTimeField(
        label=_("Tiếp nhận lúc (ghi trên phiếu)"), error_messages={
            "required": _("Vui lòng nhập thời điểm tiếp nhận ghi trên phiếu."),
            "invalid": _("Nhập theo dạng ngày/tháng/năm giờ:phút, ví dụ 05/03/2026 14:30.")},
        input_formats=["%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    consent_on_paper = forms.BooleanField(
        label=_("Phiếu có xác nhận đồng ý xử lý dữ liệu cá nhân"), required=False)
    publication_consent = forms.BooleanField(
        label=_("Phiếu có đánh dấu đồng ý công khai nội dung kiến nghị và trả lời"), required=False,
        help_text=_("Ghi đúng câu trả lời trên phiếu; không đánh dấu thì trả lời không được công khai."))

    field_order = ["conference", "channel", "received_at"]

    def __init__(self, *args, conferences=None, **kwargs):
        from conferences.models import Registration

        super().__init__(*args, **kwargs)
        self.fields["conference"].queryset = conferences
        self.fields["channel"].choices = [
            (c.value, c.label) for c in Registration.Channel if c != Registration.Channel.ONLINE]

    def clean_received_at(self):
        from django.utils import timezone

        value = self.cleaned_data["received_at"]
        if value > timezone.now():
            raise ValidationError(_("Thời điểm tiếp nhận không được ở tương lai."))
        return value


class EditPetitionForm(PetitionForm):
    """A petition row on the edit page: an existing petition (its id hidden) or a new one (no id)."""

    petition_id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["attachment"]

    def clean(self):
        data = super().clean()
        if data.get("petition_id") and not data.get("content") and "content" not in self.errors:
            self.add_error("content", _("Không để trống kiến nghị đã gửi; muốn rút kiến nghị, dùng nút “Rút”."))
        return data


def edit_formset_class(extra: int = 1):
    """Petition rows of the edit page, `extra` blank rows for new petitions."""
    limit = settings.PETITION_MAX_ROWS
    return forms.formset_factory(EditPetitionForm, formset=BasePetitionFormSet, extra=extra, max_num=limit,
                                 absolute_max=limit, validate_max=True)


# ---- Data subjects' requests from the status page (petitions/privacy.py) ----

def _request_text(label, *, required: bool, message: str = "", help_text=""):
    return CleanCharField(
        label=label, required=required, max_length=2000, strip=True, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": message or REQUIRED["required"],
                        "max_length": _("Vui lòng viết ngắn hơn (tối đa %(limit_value)d ký tự, hiện có %(show_value)d).")})


class CorrectionRequestForm(VietnameseErrorsMixin, forms.Form):
    """What is wrong and what it should be; optionally which piece of information."""

    field = forms.ChoiceField(label=_("Thông tin cần sửa (không bắt buộc)"), required=False)
    details = _request_text(_("Thông tin nào chưa đúng?"), required=True,
                            message=_("Vui lòng cho biết thông tin nào chưa đúng."))
    requested_value = _request_text(_("Thông tin đúng là"), required=True,
                                    message=_("Vui lòng ghi thông tin đúng để cán bộ sửa lại."))

    def __init__(self, *args, **kwargs):
        from petitions.models import DataSubjectRequest

        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("— Chọn nếu biết —"))] + list(DataSubjectRequest.Field.choices)


class ConfirmedRequestForm(VietnameseErrorsMixin, forms.Form):
    """Consent withdrawal or deletion: a box the person ticks after reading what it means, an optional reason."""

    confirm = forms.BooleanField(label="", required=True)
    details = _request_text(_("Lý do hoặc ghi chú (không bắt buộc)"), required=False)

    def __init__(self, *args, confirm_label="", confirm_message="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = confirm_label
        self.fields["confirm"].error_messages["required"] = confirm_message
