"""The documents of a conference's cycle: plan, notice, stop/postpone report, invitation, minutes, conclusion."""

import datetime

from django.utils import timezone

from conferences.calendar import workdays
from conferences.lifecycle import eligibility
from reports.documents.base import (
    Document,
    Field,
    FieldRow,
    Heading,
    Issuer,
    Item,
    Paragraph,
    QRCode,
    Signer,
    Table,
    body_place,
    official_document,
)
from reports.documents.plan_reference import city_plan_reference, short_date

WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
KINDS = "doanh nghiệp, hợp tác xã, hộ kinh doanh"
PARTIES = f"các {KINDS}"


def long_time(moment: datetime.datetime) -> str:
    """ "08 giờ 00 phút, thứ Năm, ngày 18 tháng 6 năm 2026"."""
    local = timezone.localtime(moment)
    month = f"{local.month:02d}" if local.month <= 2 else str(local.month)
    return (f"{local.hour:02d} giờ {local.minute:02d} phút, {WEEKDAYS[local.weekday()]}, ngày {local.day:02d} "
            f"tháng {month} năm {local.year}")


def _subject(conference) -> str:
    return f"tổ chức Hội nghị đối thoại với {PARTIES} trên địa bàn {conference.body.name} năm {conference.year}"


def _plan_ref(conference, plan) -> str:
    if plan is not None:
        return f"Kế hoạch số {plan.formatted} ngày {short_date(timezone.localdate(plan.issued_at))}"
    if conference.plan_number:
        sent = f" ngày {short_date(conference.plan_sent_on)}" if conference.plan_sent_on else ""
        return f"Kế hoạch số {conference.plan_number}{sent}"
    return f"Kế hoạch số{' ' * 6}/KH-UBND"


def _authority(body) -> str:
    return f"{body.authority_name} {body.name}"


def _unit_lines(conference) -> dict:
    """Tasks by unit name, in due-date order (the conference's checklist, else the body's defaults)."""
    by_unit: dict[str, list[str]] = {}
    tasks = list(conference.tasks.select_related("unit").order_by("due_date", "position"))
    if tasks:
        for task in tasks:
            name = task.unit.name if task.unit else "Các cơ quan, đơn vị liên quan"
            by_unit.setdefault(name, []).append(f"{task.title} (hoàn thành trước {short_date(task.due_date)}).")
    else:
        units = {u.kind: u.name for u in conference.body.units.filter(is_active=True)}
        for row in conference.body.default_tasks or []:
            name = units.get(row.get("unit_kind"), "Các cơ quan, đơn vị liên quan")
            by_unit.setdefault(name, []).append(f"{row.get('title', '')}.")
    return by_unit


def _participants(conference) -> list[str]:
    return [f"{p.full_name + ', ' if p.full_name else ''}{p.title}" for p in conference.participants.all()]


def _agenda_table(conference) -> Table:
    return Table(header=["TT", "Nội dung", "Người thực hiện"],
                 rows=[[a.number, a.content, a.performer] for a in conference.agenda_items.all()],
                 widths=[8, 52, 40])


def plan(conference, *, issued=None) -> Document:
    """The Kế hoạch drafted from the conference's settings, participants, agenda and tasks per unit."""
    body = conference.body
    c = conference
    due = eligibility.plan_due_date(c.year)
    blocks = [
        Paragraph(f"Căn cứ {city_plan_reference(body, c.year)} về tổ chức Hội nghị đối thoại, tiếp xúc với "
                  f"{PARTIES} năm {c.year};"),
        Paragraph(f"{_authority(body)} ban hành Kế hoạch tổ chức Hội nghị đối thoại, tiếp xúc với {PARTIES} trên "
                  f"địa bàn {body.name}, với các nội dung sau:"),
        Heading("I. MỤC ĐÍCH, YÊU CẦU"),
        Paragraph(f"- Tuyên truyền, phổ biến, cập nhật các thông tin về tình hình phát triển kinh tế - xã hội của "
                  f"địa phương đến {PARTIES} trên địa bàn."),
        Paragraph(f"- Tạo cơ hội để {PARTIES} gặp gỡ, trao đổi, đề xuất cơ chế, chính sách, giải pháp cải thiện môi "
                  "trường đầu tư, kinh doanh; kịp thời tháo gỡ khó khăn, vướng mắc."),
        Paragraph("- Hội nghị tập trung giải quyết khó khăn, vướng mắc liên quan đến thủ tục hành chính; không giải "
                  "quyết kiến nghị thuộc thẩm quyền của cơ quan tư pháp, đơn thư khiếu nại, tố cáo."),
        Heading("II. NỘI DUNG, ĐIỀU KIỆN TỔ CHỨC"),
        Paragraph("1. Xây dựng Kế hoạch", bold=True),
        Paragraph(f"- Gửi Kế hoạch về Sở Tài chính để tổng hợp trước ngày {short_date(due)}."),
        Paragraph("2. Thông báo về tổ chức Hội nghị", bold=True),
        Paragraph(f"- Niêm yết thông báo tại Trung tâm Phục vụ hành chính công và trên Cổng thông tin điện tử "
                  f"trước {eligibility.notice_days_text(c)} diễn ra Hội nghị (chậm nhất ngày "
                  f"{short_date(eligibility.notice_date(c))}), kèm theo phiếu đăng ký (Phụ lục II)."),
        Paragraph(f"- Hạn tiếp nhận kiến nghị và đăng ký tham dự: trước {c.cutoff_working_days} ngày làm việc "
                  f"tính đến ngày tổ chức Hội nghị (hết ngày {short_date(eligibility.cutoff_date(c))})."),
        Paragraph("3. Điều kiện tổ chức Hội nghị", bold=True),
        Paragraph(f"Hội nghị đủ điều kiện tổ chức khi có tối thiểu {c.min_registrations:02d} {KINDS} đăng ký "
                  f"tham dự; trong đó có tối thiểu {c.min_petitions:02d} kiến nghị của {PARTIES} đăng ký tham dự. "
                  f"Số đơn vị được mời tham dự tối thiểu {c.invite_target:02d}. Trường hợp không đủ điều kiện, "
                  f"{_authority(body)} có văn bản báo cáo việc dừng hoặc hoãn tổ chức Hội nghị; số lần hoãn tối đa "
                  f"{c.postponements_per_year:02d} lần/năm."),
        Paragraph("4. Tổ chức Hội nghị", bold=True),
        Paragraph(f"- Chủ trì Hội nghị: {c.chair_title or 'Chủ tịch'} {_authority(body)}"
                  f"{' (' + c.chair_name + ')' if c.chair_name else ''}."),
        Paragraph(f"- Thời gian: {long_time(c.starts_at)}."),
        Paragraph(f"- Địa điểm: {c.venue}. Hình thức: {c.get_form_display().lower()}."),
        Paragraph("- Thành phần tham dự:"),
        *[Paragraph(f"+ {line};") for line in _participants(c)],
        Paragraph(f"+ Đại diện lãnh đạo {PARTIES} trên địa bàn (doanh nghiệp có kiến nghị và doanh nghiệp khách mời)."),
        Paragraph("- Chương trình Hội nghị:"),
        _agenda_table(c),
        Paragraph("5. Giải quyết kiến nghị", bold=True),
        Paragraph(f"- Kiến nghị chưa trả lời trực tiếp tại Hội nghị: trả lời bằng văn bản chậm nhất "
                  f"{c.answer_working_days:02d} ngày làm việc sau Hội nghị; cần phối hợp: chậm nhất "
                  f"{c.answer_coordination_working_days:02d} ngày làm việc."),
        Paragraph(f"- Không tổ chức Hội nghị: trả lời bằng văn bản chậm nhất {c.no_conference_answer_working_days:02d}"
                  f" ngày làm việc kể từ ngày tiếp nhận; cần phối hợp: {c.no_conference_coordination_working_days:02d} "
                  "ngày làm việc."),
        Paragraph(f"- Báo cáo kết quả tổ chức Hội nghị và kết quả giải quyết kiến nghị gửi Sở Tài chính (Phụ lục I) "
                  f"chậm nhất {c.report_working_days:02d} ngày làm việc sau khi diễn ra Hội nghị."),
        Heading("III. TỔ CHỨC THỰC HIỆN"),
    ]
    for number, (unit, lines) in enumerate(_unit_lines(c).items(), start=1):
        blocks.append(Paragraph(f"{number}. {unit}", bold=True))
        blocks += [Paragraph(f"- {line}") for line in lines]
    blocks.append(Paragraph(f"Trên đây là Kế hoạch tổ chức Hội nghị đối thoại với {PARTIES} trên địa bàn "
                            f"{body.name}. Đề nghị các cơ quan, đơn vị căn cứ nội dung được phân công triển khai "
                            "thực hiện./."))
    return official_document(
        body=body, title="KẾ HOẠCH", subtitle=f"Tổ chức Hội nghị đối thoại với {PARTIES} trên địa bàn {body.name}",
        filename=f"ke-hoach-{body.slug}-{c.year}", issued=issued, symbol="KH-UBND",
        date=timezone.localdate(issued.issued_at) if issued else None, blocks=blocks,
        recipients=["Sở Tài chính (báo cáo)", "Thường trực Đảng ủy", "Thường trực HĐND",
                    "Chủ tịch, các Phó Chủ tịch UBND", *[u.name for u in body.units.filter(is_active=True)],
                    "Lưu: VT, KT"])


def notice(conference, *, issued=None, registration_url: str, plan=None) -> Document:
    """The Thông báo with the time, place, how to register (QR to the registration page, the blank Phụ lục II)."""
    body, c = conference.body, conference
    cutoff = eligibility.cutoff_date(c)
    contact = ", ".join(x for x in (f"điện thoại {body.phone}" if body.phone else "",
                                    f"thư điện tử {body.email}" if body.email else "") if x)
    blocks = [
        Paragraph(f"Thực hiện {_plan_ref(c, plan)} của {_authority(body)} về việc {_subject(c)}, "
                  f"{_authority(body)} thông báo như sau:"),
        Paragraph(f"1. Thời gian: {long_time(c.starts_at)}.", bold=True, indent=False),
        Paragraph(f"2. Địa điểm: {c.venue}.", bold=True, indent=False),
        Paragraph(f"3. Thành phần: lãnh đạo {_authority(body)}, các cơ quan, đơn vị liên quan và đại diện "
                  f"{PARTIES} trên địa bàn.", indent=False),
        Paragraph(f"4. Nội dung: {PARTIES} phản ánh khó khăn, vướng mắc, kiến nghị về thủ tục hành chính, cơ chế "
                  "chính sách, vốn, tín dụng, đất đai và các lĩnh vực khác; lãnh đạo UBND và các đơn vị trả lời "
                  "trực tiếp tại Hội nghị.", indent=False),
        Paragraph("5. Cách thức đăng ký tham dự và gửi kiến nghị:", bold=True, indent=False),
        Paragraph(f"- Đăng ký trực tuyến tại địa chỉ {registration_url} (quét mã QR dưới đây);"),
        Paragraph("- Hoặc điền Phiếu đăng ký (Phụ lục II kèm theo Thông báo này) gửi trực tiếp tại Trung tâm Phục "
                  f"vụ hành chính công hoặc gửi về {_authority(body)}{' (' + contact + ')' if contact else ''}."),
        Paragraph(f"- Thời hạn tiếp nhận đăng ký và kiến nghị: trước {c.office_hours_end:%H} giờ "
                  f"{c.office_hours_end:%M} phút ngày {short_date(cutoff)}. Kiến nghị gửi sau thời hạn này được "
                  "giải quyết bằng văn bản theo quy định."),
        Paragraph(f"Hội nghị được tổ chức khi có tối thiểu {c.min_registrations:02d} {KINDS} đăng ký tham dự, "
                  f"trong đó có tối thiểu {c.min_petitions:02d} kiến nghị.", italic=True),
        QRCode(data=registration_url, caption=f"Đăng ký trực tuyến: {registration_url}", size_mm=26),
        Paragraph(f"{_authority(body)} trân trọng thông báo và mong nhận được sự quan tâm, tham gia của {PARTIES} "
                  "trên địa bàn./."),
    ]
    return official_document(
        body=body, title="THÔNG BÁO", subtitle=f"Về việc {_subject(c)}",
        filename=f"thong-bao-{body.slug}-{c.year}", issued=issued, symbol="TB-UBND",
        date=timezone.localdate(issued.issued_at) if issued else None, blocks=blocks,
        recipients=[f"Các {KINDS} trên địa bàn", "Trung tâm Phục vụ hành chính công (niêm yết)",
                    "Cổng thông tin điện tử", "Lưu: VT, KT"])


def stop_postpone_report(conference, *, issued=None, petitions_received: int = 0, plan=None) -> Document:
    """The Báo cáo to Sở Tài chính on stopping or postponing the conference, with the counts at the cut-off."""
    body, c = conference.body, conference
    result = eligibility.conference_eligibility(c)
    stopped = c.status == c.Status.STOPPED
    postponed = c.status == c.Status.POSTPONED
    action = "dừng" if stopped else "hoãn" if postponed else "dừng/hoãn"
    reason = c.events.filter(to_status=c.status).order_by("-created_at", "-pk").values_list("note", flat=True).first()
    city = body.parent.name if body.parent_id else ""
    blocks = [
        Paragraph(f"Thực hiện {_plan_ref(c, plan)} của {_authority(body)} về việc {_subject(c)}; "
                  f"{_authority(body)} báo cáo như sau:"),
        Heading("1. Kết quả tiếp nhận đăng ký và kiến nghị"),
        Paragraph(f"Tính đến hết thời hạn tiếp nhận (ngày {short_date(result.cutoff)}), {_authority(body)} nhận được "
                  f"đăng ký tham dự của {result.organisations:02d}/{result.min_registrations:02d} {KINDS} và "
                  f"{result.petitions:02d}/{result.min_petitions:02d} kiến nghị của các đơn vị đăng ký tham dự; "
                  f"đã mời {result.invitees:02d}/{result.invite_target:02d} đơn vị."),
        Paragraph("Hội nghị không đủ điều kiện tổ chức theo Kế hoạch." if not result.met else
                  "Hội nghị đủ điều kiện về số lượng đăng ký và kiến nghị."),
        Heading(f"2. Việc {action} tổ chức Hội nghị"),
    ]
    if postponed:
        blocks.append(Paragraph(
            f"{_authority(body)} hoãn tổ chức Hội nghị"
            f"{' dự kiến ngày ' + short_date(timezone.localdate(c.previous_starts_at)) if c.previous_starts_at else ''}"
            f" sang {long_time(c.starts_at)}, tại {c.venue}. Đây là lần hoãn thứ {c.postponement_count:02d} trong năm"
            f" {c.year} (tối đa {c.postponements_per_year:02d} lần). Hạn tiếp nhận mới: hết ngày "
            f"{short_date(eligibility.cutoff_date(c))}. Các đăng ký và kiến nghị đã tiếp nhận được giữ nguyên."))
    elif stopped:
        blocks.append(Paragraph(
            f"{_authority(body)} dừng tổ chức Hội nghị năm {c.year}. {petitions_received:02d} kiến nghị đã tiếp "
            f"nhận được trả lời bằng văn bản chậm nhất {c.no_conference_answer_working_days:02d} ngày làm việc kể từ "
            f"ngày tiếp nhận (cần phối hợp: {c.no_conference_coordination_working_days:02d} ngày làm việc); kiến nghị "
            "ngoài thẩm quyền được chuyển hoặc hướng dẫn gửi cơ quan có thẩm quyền."))
    else:
        blocks.append(Item(f"{_authority(body)} đề xuất (dừng / hoãn, thời gian dự kiến mới):", blank_lines=3))
    if reason:
        blocks.append(Paragraph(f"Lý do: {reason}"))
    blocks.append(Paragraph(f"{_authority(body)} báo cáo Sở Tài chính tổng hợp, báo cáo Ủy ban nhân dân thành phố./."))
    return official_document(
        body=body, title="BÁO CÁO", subtitle=f"Về việc {action} {_subject(c)}",
        filename=f"bao-cao-dung-hoan-{body.slug}-{c.year}", issued=issued, symbol="BC-UBND",
        date=timezone.localdate(issued.issued_at) if issued else None, blocks=blocks,
        addressees=[f"Sở Tài chính {city}".strip()],
        recipients=["Sở Tài chính (báo cáo)", "Thường trực Đảng ủy", "Chủ tịch, các Phó Chủ tịch UBND",
                    "Lưu: VT, KT"])


def invitation(conference, *, issued=None, registration=None, invitee=None, registration_url: str) -> Document:
    """The Giấy mời to one registrant (QR = its registration code) or invitee (QR = the registration page)."""
    body, c = conference.body, conference
    who = registration or invitee
    organisation = who.organisation_name if who else f"Các {KINDS}"
    person = (registration.full_name if registration else invitee.contact_name if invitee else "")
    position = registration.position if registration else ""
    blocks = [
        Paragraph(f"{_authority(body)} trân trọng kính mời: "
                  f"{'Ông/Bà ' + person if person else 'đại diện lãnh đạo'}"
                  f"{', ' + position if position else ''}, {organisation}.", indent=False),
        Paragraph(f"Tới dự Hội nghị đối thoại với {PARTIES} trên địa bàn {body.name} năm {c.year}.", indent=False),
        Paragraph(f"Chủ trì: {c.chair_title or 'Chủ tịch'} {_authority(body)}"
                  f"{' - ' + c.chair_name if c.chair_name else ''}.", indent=False),
        Paragraph(f"Thời gian: {long_time(c.starts_at)}.", bold=True, indent=False),
        Paragraph(f"Địa điểm: {c.venue}.", bold=True, indent=False),
    ]
    if registration:
        blocks += [Paragraph(f"Mã đăng ký: {registration.code}. Đề nghị xuất trình mã QR dưới đây khi điểm danh tại "
                             "Hội nghị.", indent=False),
                   QRCode(data=registration.code, caption=registration.code, size_mm=28)]
    else:
        blocks += [Paragraph(f"Đề nghị đăng ký tham dự và gửi kiến nghị trước ngày "
                             f"{short_date(eligibility.cutoff_date(c))} tại {registration_url}.", indent=False),
                   QRCode(data=registration_url, caption=registration_url, size_mm=28)]
    blocks.append(Paragraph("Rất mong Quý vị tham dự đầy đủ, đúng giờ./.", indent=False))
    code = registration.code if registration else f"{body.slug}-{c.year}" + (f"-{invitee.pk}" if invitee else "")
    return official_document(
        body=body, title="GIẤY MỜI", subtitle=f"Tham dự Hội nghị đối thoại với {PARTIES} năm {c.year}",
        filename=f"giay-moi-{code}", issued=issued, symbol="GM-UBND",
        date=timezone.localdate(issued.issued_at) if issued else None, blocks=blocks,
        addressees=[organisation], recipients=["Như trên", "Lưu: VT, KT"])


def minutes(conference, *, issued=None, petitions=()) -> Document:
    """The Biên bản: time, place, chair, attendance, agenda and the petitions raised with their answers."""
    body, c = conference.body, conference
    registered = c.registrations.filter(withdrawn_at__isnull=True).count()
    attended = c.registrations.filter(checked_in_at__isnull=False).count()
    rows = [[str(i), p.organisation_name, p.content, p.answer or ("Trả lời tại Hội nghị" if p.answered_at_conference
                                                                   else "")]
            for i, p in enumerate(petitions, start=1)]
    blocks = [
        Paragraph(f"Hồi {long_time(c.starts_at)}, tại {c.venue}, {_authority(body)} tổ chức Hội nghị đối thoại với "
                  f"{PARTIES} trên địa bàn {body.name} năm {c.year}."),
        Heading("I. THÀNH PHẦN"),
        Paragraph(f"Chủ trì: {c.chair_title or 'Chủ tịch'} {_authority(body)}"
                  f"{' - ' + c.chair_name if c.chair_name else ''}."),
        FieldRow([Field("Thư ký")]),
        *[Paragraph(f"- {line}") for line in _participants(c)],
        Paragraph(f"- Đại diện {PARTIES}: {attended:02d} đơn vị có mặt / {registered:02d} đơn vị đăng ký."),
        Heading("II. NỘI DUNG"),
        _agenda_table(c),
        Heading("III. Ý KIẾN, KIẾN NGHỊ VÀ TRẢ LỜI TẠI HỘI NGHỊ"),
        Table(header=["TT", "Đơn vị kiến nghị", "Nội dung kiến nghị", "Ý kiến trả lời"], rows=rows,
              widths=[6, 24, 40, 30]) if rows else Item("Ý kiến, kiến nghị:", blank_lines=4),
        Item("Ý kiến kết luận của chủ trì Hội nghị:", blank_lines=4),
        Paragraph("Hội nghị kết thúc vào hồi ..... giờ ..... phút cùng ngày. Biên bản được lập thành 02 bản, "
                  "có giá trị như nhau./."),
    ]
    return official_document(
        body=body, title="BIÊN BẢN", subtitle=f"Hội nghị đối thoại với {PARTIES} trên địa bàn {body.name} năm {c.year}",
        filename=f"bien-ban-{body.slug}-{c.year}", issued=issued, symbol="BB-UBND",
        date=timezone.localdate(c.starts_at), blocks=blocks,
        signer=Signer(title="CHỦ TRÌ", name=c.chair_name or body.chair_name),
        left_signer=Signer(title="THƯ KÝ"),
        recipients=["Lưu: VT, KT"])


def conclusion(conference, *, issued=None, petitions=(), open_petitions=()) -> Document:
    """The Thông báo kết luận: what was raised, what was answered, who answers the rest by when."""
    body, c = conference.body, conference
    petitions = list(petitions)
    at_hall = sum(1 for p in petitions if p.raised_at_conference)
    answered = sum(1 for p in petitions if p.answered_at_conference)
    attended = c.registrations.filter(checked_in_at__isnull=False).count()
    rows = [[str(i), p.organisation_name, p.content, p.lead_unit.name if p.lead_unit_id else "",
             short_date(p.due_date) if p.due_date else ""] for i, p in enumerate(open_petitions, start=1)]
    answer_due = eligibility.conference_date(c)
    blocks = [
        Paragraph(f"Ngày {short_date(timezone.localdate(c.starts_at))}, tại {c.venue}, {_authority(body)} tổ chức "
                  f"Hội nghị đối thoại với {PARTIES} trên địa bàn năm {c.year}, do {c.chair_title or 'Chủ tịch'} "
                  f"{_authority(body)}{' ' + c.chair_name if c.chair_name else ''} chủ trì. Tham dự có "
                  f"{attended:02d} {KINDS}."),
        Paragraph(f"Hội nghị đã tiếp nhận {len(petitions):02d} kiến nghị (trong đó {at_hall:02d} kiến nghị nêu tại "
                  f"Hội nghị); đã trả lời trực tiếp {answered:02d} kiến nghị."),
        Paragraph(f"Sau khi nghe ý kiến của {PARTIES} và các cơ quan, đơn vị, Chủ tịch {_authority(body)} kết luận:"),
        Heading("1. Đánh giá chung"),
        Item("", blank_lines=3),
        Heading("2. Giao nhiệm vụ"),
        Paragraph(f"- Các đơn vị được giao chủ trì trả lời bằng văn bản các kiến nghị chưa trả lời tại Hội nghị chậm "
                  f"nhất ngày {short_date(workdays.add_working_days(answer_due, c.answer_working_days))}; kiến nghị "
                  f"cần phối hợp chậm nhất ngày "
                  f"{short_date(workdays.add_working_days(answer_due, c.answer_coordination_working_days))}."),
    ]
    if rows:
        blocks.append(Table(header=["TT", "Đơn vị kiến nghị", "Nội dung", "Đơn vị chủ trì", "Hạn trả lời"],
                            rows=rows, widths=[6, 22, 38, 20, 14]))
    blocks += [
        Paragraph(f"- Phòng Kinh tế tổng hợp, báo cáo kết quả Hội nghị gửi Sở Tài chính chậm nhất ngày "
                  f"{short_date(eligibility.report_due_date(c))}."),
        Paragraph("- Văn phòng HĐND và UBND đăng Thông báo kết luận trên Cổng thông tin điện tử, theo dõi, đôn đốc "
                  "việc thực hiện."),
        Paragraph(f"{_authority(body)} thông báo để các cơ quan, đơn vị và {PARTIES} biết, thực hiện./."),
    ]
    return official_document(
        body=body, title="THÔNG BÁO",
        subtitle=f"Kết luận của Chủ tịch {_authority(body)} tại Hội nghị đối thoại với {PARTIES} năm {c.year}",
        filename=f"thong-bao-ket-luan-{body.slug}-{c.year}", issued=issued, symbol="TB-UBND",
        date=timezone.localdate(issued.issued_at) if issued else None, blocks=blocks,
        recipients=["Sở Tài chính (báo cáo)", f"Các {KINDS} tham dự", "Các cơ quan, đơn vị liên quan",
                    "Cổng thông tin điện tử", "Lưu: VT, KT"])


def results_notice(conference, *, issued=None, petitions=()) -> Document:
    """The Thông báo kết quả giải quyết kiến nghị: each petition (not withdrawn / merged) and where it stands."""
    body, c = conference.body, conference
    rows = []
    for i, p in enumerate(petitions, start=1):
        result = p.get_status_display()
        if p.answer_document_number:
            result += f" (Văn bản số {p.answer_document_number})"
        if p.answer:
            result += f": {p.answer}"
        rows.append([str(i), p.organisation_name, p.content, result])
    blocks = [
        Paragraph(f"Thực hiện {_plan_ref(c, None)} về việc {_subject(c)}, {_authority(body)} thông báo kết quả giải "
                  f"quyết {len(rows):02d} kiến nghị của {PARTIES} như sau:"),
        Table(header=["TT", "Đơn vị kiến nghị", "Nội dung kiến nghị", "Kết quả giải quyết"], rows=rows,
              widths=[6, 22, 36, 36]) if rows else Paragraph("Không có kiến nghị."),
        Paragraph(f"Thông báo này được đăng trên Cổng thông tin điện tử, thư mục “Đối thoại doanh nghiệp”, để "
                  f"{PARTIES} theo dõi./."),
    ]
    return official_document(
        body=body, title="THÔNG BÁO",
        subtitle=f"Kết quả giải quyết kiến nghị của {PARTIES} tại Hội nghị đối thoại năm {c.year}",
        filename=f"thong-bao-ket-qua-{body.slug}-{c.year}", issued=issued, symbol="TB-UBND",
        date=timezone.localdate(issued.issued_at) if issued else None, blocks=blocks,
        recipients=["Sở Tài chính (báo cáo)", f"Các {KINDS} có kiến nghị", "Cổng thông tin điện tử",
                    "Lưu: VT, KT"])


def banner(conference) -> Document:
    """The banner (maket / phông) of the hall, large format: authority, title, place and date."""
    body, c = conference.body, conference
    day = timezone.localdate(c.starts_at)
    return Document(
        title=f"HỘI NGHỊ ĐỐI THOẠI VỚI CÁC {KINDS.upper()}",
        subtitle=f"TRÊN ĐỊA BÀN {body.name.upper()} NĂM {c.year}",
        filename=f"maket-{body.slug}-{c.year}",
        issuer=Issuer.from_body(body),
        place=body_place(body),
        date=day,
        year=c.year,
        blocks=[Paragraph(c.venue, align="center", indent=False)],
        template_name="reports/pdf/banner.html",
    )
