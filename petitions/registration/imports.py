"""Bulk import of paper Phụ lục II forms from an Excel template: parse, validate every row, import all or none."""

from __future__ import annotations

import datetime
import hashlib
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conferences.common.archives import zip_check
from conferences.models import Conference
from petitions.registration.forms import PetitionForm, StaffRegistrationForm
from petitions.registration.services import PRIVACY_NOTICE_VERSION, PetitionInput, registration_submit
from petitions.workflow.services import PetitionError

# (key, header). One row per petition; rows of the same form share its "Số phiếu" and may leave the
# registrant's columns blank after the first row.
COLUMNS = [
    ("sheet_no", gettext_lazy("Số phiếu")),
    ("received_at", gettext_lazy("Tiếp nhận lúc (ngày/tháng/năm giờ:phút)")),
    ("channel", gettext_lazy("Kênh (giấy / trung tâm / hội nghị)")),
    ("full_name", gettext_lazy("Họ và tên")),
    ("position", gettext_lazy("Chức vụ")),
    ("organisation_name", gettext_lazy("Tên doanh nghiệp / HTX / HKD")),
    ("organisation_kind", gettext_lazy("Loại hình (DN / HTX / HKD)")),
    ("tax_code", gettext_lazy("Mã số doanh nghiệp / mã số thuế / số định danh")),
    ("phone", gettext_lazy("Điện thoại")),
    ("email", gettext_lazy("Thư điện tử")),
    ("address", gettext_lazy("Địa chỉ")),
    ("attending", gettext_lazy("Tham dự (có / không)")),
    ("consent", gettext_lazy("Đồng ý xử lý dữ liệu cá nhân (có / không)")),
    ("category", gettext_lazy("Nhóm kiến nghị (1–7)")),
    ("content", gettext_lazy("Nội dung kiến nghị")),
    ("proposed_solution", gettext_lazy("Đề xuất giải pháp")),
    ("overall_proposal", gettext_lazy("Đề xuất giải pháp tháo gỡ chung (mục 8)")),
]
REGISTRANT_KEYS = ["received_at", "channel", "full_name", "position", "organisation_name", "organisation_kind",
                   "tax_code", "phone", "email", "address", "attending", "consent", "overall_proposal"]
CHANNELS = {"giấy": "paper", "giay": "paper", "phiếu giấy": "paper", "paper": "paper", "trung tâm": "centre",
            "trung tam": "centre", "centre": "centre", "hội nghị": "conference", "hoi nghi": "conference",
            "conference": "conference"}
YES = {"có", "co", "x", "yes", "1", "true", "đồng ý"}
MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024


class ImportFileError(PetitionError):
    """The file cannot be read as the template (not xlsx, wrong headers, too big)."""


@dataclass
class ImportedForm:
    """One paper form of the file: its rows, the validated data and the errors (Excel row number, message)."""

    sheet_no: str
    rows: list[int] = field(default_factory=list)
    data: dict | None = None
    petitions: list[PetitionInput] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    organisation_name: str = ""


def template_xlsx() -> bytes:
    """The blank template with one example form of two petitions."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Phieu dang ky"
    sheet.append([str(header) for _key, header in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    example = {"sheet_no": "1", "received_at": "18/11/2026 09:30", "channel": "giấy", "full_name": "Nguyễn Văn An",
               "position": "Giám đốc", "organisation_name": "Công ty TNHH An Phát", "organisation_kind": "DN",
               "tax_code": "0312687878", "phone": "0912345678", "address": "Thôn Đông", "attending": "có",
               "consent": "có", "category": "1", "content": "Khó tiếp cận vốn vay ưu đãi.",
               "proposed_solution": "Hỗ trợ kết nối ngân hàng.", "overall_proposal": ""}
    sheet.append([example.get(key, "") for key, _h in COLUMNS])
    sheet.append(["1"] + [""] * 12 + ["6", "Chậm cấp giấy chứng nhận quyền sử dụng đất.", "", ""])
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 24
    # Codes and phone numbers are text: a leading 0 must survive Excel.
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse(content: bytes, *, conference: Conference, conferences) -> list[ImportedForm]:
    """Read and validate the file against the template with the staff form's rules; nothing is written.

    Raises ImportFileError when the file is not the template. Row errors are collected on each form.
    """
    from openpyxl import load_workbook

    if len(content) > MAX_BYTES:
        raise ImportFileError(_("Tệp quá lớn (tối đa 5 MB)."))
    try:
        zip_check(io.BytesIO(content))  # a decompression bomb: refused before openpyxl inflates it
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise ImportFileError(_("Không đọc được tệp: hãy dùng tệp Excel (.xlsx) theo mẫu.")) from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_cell_text(v) for v in next(rows, [])]
    expected = [str(h) for _k, h in COLUMNS]
    if header[:len(expected)] != expected:
        raise ImportFileError(_("Dòng tiêu đề không đúng mẫu. Hãy tải tệp mẫu và giữ nguyên dòng đầu."))
    forms: dict[str, ImportedForm] = {}
    for number, values in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise ImportFileError(_("Tệp có quá %(n)s dòng.") % {"n": MAX_ROWS})
        row = {key: _cell_text(values[i] if i < len(values) else None) for i, (key, _h) in enumerate(COLUMNS)}
        if not any(row.values()):
            continue
        sheet_no = row["sheet_no"] or f"#{number}"
        form = forms.setdefault(sheet_no, ImportedForm(sheet_no=sheet_no))
        form.rows.append(number)
        if form.data is None:
            _read_registrant(form, row, number, conference, conferences)
        else:
            for key in REGISTRANT_KEYS:
                if row[key] and form.data.get(f"raw_{key}") not in ("", row[key]):
                    form.errors.append((number, _("Cột “%(col)s” khác với dòng đầu của phiếu %(no)s.") % {
                        "col": dict(COLUMNS)[key], "no": sheet_no}))
        _read_petition(form, row, number)
    return list(forms.values())


def _read_registrant(form: ImportedForm, row: dict, number: int, conference, conferences) -> None:
    channel = CHANNELS.get(row["channel"].lower(), "") if row["channel"] else "paper"
    data = {
        "conference": conference.pk, "channel": channel, "received_at": row["received_at"],
        "full_name": row["full_name"], "position": row["position"], "organisation_name": row["organisation_name"],
        "organisation_kind": row["organisation_kind"].upper(), "tax_code": row["tax_code"], "phone": row["phone"],
        "email": row["email"], "address": row["address"],
        "attending": "yes" if row["attending"].lower() in YES or not row["attending"] else "no",
        "consent_on_paper": "on" if row["consent"].lower() in YES else "", "notify_sms": "on",
        "overall_proposal": row["overall_proposal"],
    }
    bound = StaffRegistrationForm(data, conferences=conferences)
    form.organisation_name = row["organisation_name"]
    form.data = {f"raw_{key}": row[key] for key in REGISTRANT_KEYS}
    if not bound.is_valid():
        for name, errors in bound.errors.items():
            label = bound.fields[name].label if name in bound.fields else ""
            for message in errors:
                form.errors.append((number, f"{label}: {message}" if label else message))
        return
    form.data.update(bound.cleaned_data)


def _read_petition(form: ImportedForm, row: dict, number: int) -> None:
    bound = PetitionForm({"category": row["category"], "content": row["content"],
                          "proposed_solution": row["proposed_solution"]})
    if not bound.is_valid():
        for name, errors in bound.errors.items():
            label = {"category": _("Nhóm kiến nghị"), "content": _("Nội dung kiến nghị")}.get(name, name)
            for message in errors:
                form.errors.append((number, f"{label}: {message}"))
        return
    if not bound.is_blank:
        form.petitions.append(PetitionInput(category=bound.cleaned_data["category"],
                                            content=bound.cleaned_data["content"],
                                            proposed_solution=bound.cleaned_data["proposed_solution"]))


def registrations_import(*, content: bytes, conference: Conference, conferences, actor) -> tuple[int, int]:
    """Import every form of the file in one transaction; return (created, already imported).

    Each form's token is derived from the file's hash and its "Số phiếu", so importing the same file again
    creates nothing. Raises ImportFileError when the file is unreadable or any row has an error (then nothing
    is imported).
    """
    forms = parse(content, conference=conference, conferences=conferences)
    if not forms:
        raise ImportFileError(_("Tệp không có phiếu nào."))
    if any(f.errors for f in forms):
        raise ImportFileError(_("Tệp còn dòng lỗi: không nhập phiếu nào. Sửa các dòng lỗi rồi tải lên lại."))
    digest = hashlib.sha256(content).hexdigest()[:40]
    created = existing = 0
    with transaction.atomic():
        for form in forms:
            data = form.data
            consent = data["consent_on_paper"]
            _registration, was_created = registration_submit(
                conference=conference, form_token=f"xlsx-{digest}-{form.sheet_no}"[:64],
                full_name=data["full_name"], position=data["position"],
                organisation_name=data["organisation_name"], organisation_kind=data["organisation_kind"],
                identifier_kind=data["identifier_kind"], tax_code=data["tax_code"], phone=data["phone"],
                email=data["email"], address=data["address"], attending=data["attending"],
                notify_sms=True, notify_email=bool(data["email"]), overall_proposal=data["overall_proposal"],
                petitions=form.petitions, consent_version=PRIVACY_NOTICE_VERSION if consent else "",
                consented_at=data["received_at"] if consent else None, channel=data["channel"],
                received_at=data["received_at"] or timezone.now(), actor=actor,
                # The form's receipt is dated when it was received, not when the file was imported.
                at=data["received_at"] or None,
            )
            created += was_created
            existing += not was_created
    return created, existing
