"""Phụ lục II: the registration form for a conference, blank (to attach to the notice) or filled from a registration."""

from django.utils import timezone

from reports.documents.base import Document, Field, FieldRow, Item, Paragraph, Signer

# Items 1–7 follow the petition categories (petitions.models.Category) in the plan's wording.
CATEGORY_ITEMS = (
    (1, "vốn"), (2, "lãi suất"), (3, "tín dụng"), (4, "cơ chế chính sách"), (5, "thủ tục hành chính"),
    (6, "thủ tục đất đai"), (7, "lĩnh vực khác"),
)
SOLUTION_ITEM = "8. Đề xuất giải pháp tháo gỡ khó khăn, vướng mắc:"


def _short_date(date) -> str:
    """ "05/3/2026": the plan's short form, with the same leading-zero rule as the date line."""
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{date.day:02d}/{month}/{date.year}"


def _plan_reference(conference, plan) -> str:
    body = conference.body
    if plan is None:
        return f"(Kèm theo Kế hoạch số{' ' * 6}/KH-UBND ngày{' ' * 6}/{conference.year} của UBND {body.name})"
    issued = timezone.localdate(plan.issued_at)
    return f"(Kèm theo Kế hoạch số {plan.formatted} ngày {_short_date(issued)} của UBND {body.name})"


def _city_place(body) -> str:
    # The form is filled by the business, which writes its city (the seed: "Hải Phòng, ngày … tháng … năm").
    if body.parent_id:
        parent = body.parent
        return parent.place_name or parent.name.removeprefix("thành phố ").strip()
    return body.place_name or body.name


def phu_luc_2(conference, *, registration=None, petitions=(), plan=None) -> Document:
    """The Phụ lục II form of `conference`; filled with `registration` and its `petitions` when given.

    `petitions` (of the registration, not withdrawn) are listed under their category's item, their proposed
    solutions under item 8; `plan` (an IssuedDocumentNumber of the KH) fills the "Kèm theo Kế hoạch số" line.
    """
    body = conference.body
    title = ("PHIẾU ĐĂNG KÝ THAM DỰ HỘI NGHỊ ĐỐI THOẠI VỚI\nCÁC DOANH NGHIỆP, HỢP TÁC XÃ, HỘ KINH DOANH\n"
             f"TRÊN ĐỊA BÀN {body.name.upper()}")
    r = registration
    by_category: dict[int, list[str]] = {number: [] for number, _label in CATEGORY_ITEMS}
    solutions = []
    for petition in petitions:
        by_category.setdefault(petition.category, []).append(petition.content)
        if petition.proposed_solution:
            solutions.append(petition.proposed_solution)
    blocks = [
        FieldRow([Field("Họ và tên", r.full_name if r else ""), Field("Chức vụ", r.position if r else "")]),
        Field("Doanh nghiệp/hợp tác xã/Hộ kinh doanh cá thể", r.organisation_name if r else ""),
        Field("Điện thoại liên hệ", r.phone if r else ""),
        Field("Địa chỉ", r.address if r else ""),
        Paragraph(f"Đăng ký tham gia Hội nghị đối thoại với Lãnh đạo {body.authority_name} {body.name} "
                  "các nội dung sau:"),
    ]
    blocks += [Item(f"{number}. Kiến nghị khó khăn, vướng mắc về {label}", answers=by_category[number])
               for number, label in CATEGORY_ITEMS]
    # Item 8 overall, as typed on the online form (petitions.RegistrationSubmission), before the per-petition ones.
    overall = getattr(getattr(r, "submission", None), "overall_proposal", "") if r else ""
    if overall:
        solutions.insert(0, overall)
    blocks.append(Item(SOLUTION_ITEM, answers=solutions, blank_lines=3))
    return Document(
        title=title,
        filename=f"phu-luc-2-{r.code}" if r else f"phu-luc-2-{body.slug}-{conference.year}",
        appendix="Phụ lục II",
        appendix_title=title,
        appendix_note=_plan_reference(conference, plan),
        subtitle="",
        addressees=[f"{body.authority_name} {body.name}"],
        blocks=[Paragraph("Giải đáp khó khăn, vướng mắc về thủ tục hành chính\ntrong lĩnh vực",
                          align="center", indent=False), *blocks],
        place=_city_place(body),
        date=timezone.localdate(r.received_at) if r else None,
        year=conference.year,
        date_above_signature=True,
        signer=Signer(title="NGƯỜI ĐĂNG KÝ", note="(Ký, ghi rõ họ tên hoặc đóng dấu)",
                      name=r.full_name if r else ""),
        template_name="reports/pdf/phu_luc_2.html",
    )
