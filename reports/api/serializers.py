"""The shapes of the read API's answers (they make the OpenAPI schema): plain data from reports.api.selectors."""

from rest_framework import serializers as s


class BodySerializer(s.Serializer):
    slug = s.SlugField()
    name = s.CharField()
    official_name = s.CharField(help_text="Tên đầy đủ, ví dụ: xã Hải Hưng, thành phố Hải Phòng")
    kind = s.CharField()
    kind_label = s.CharField()
    admin_unit_code = s.CharField()
    parent = s.SlugField(allow_null=True)
    portal_url = s.CharField(allow_blank=True)


class DeadlinesSerializer(s.Serializer):
    notice_by = s.DateField(help_text="Hạn đăng thông báo (ngày)")
    petitions_cutoff = s.DateField(help_text="Hạn cuối nhận kiến nghị đúng hạn (ngày)")
    petitions_cutoff_end = s.DateTimeField(help_text="Thời điểm hết hạn nhận kiến nghị (hết giờ hành chính)")
    report_due = s.DateField(help_text="Hạn báo cáo kết quả gửi Sở Tài chính")


class ThresholdsSerializer(s.Serializer):
    min_registrations = s.IntegerField()
    min_petitions = s.IntegerField()


class ConferenceSerializer(s.Serializer):
    body = s.SlugField()
    year = s.IntegerField()
    title = s.CharField()
    starts_at = s.DateTimeField()
    venue = s.CharField(allow_blank=True)
    form = s.CharField()
    status = s.CharField()
    status_label = s.CharField()
    held = s.BooleanField()
    deadlines = DeadlinesSerializer()
    thresholds = ThresholdsSerializer()


class AnswerSerializer(s.Serializer):
    body = s.SlugField()
    year = s.IntegerField()
    category = s.IntegerField(min_value=1, max_value=7)
    category_label = s.CharField()
    question = s.CharField()
    answer = s.CharField()
    status = s.CharField()
    status_label = s.CharField()
    unit = s.CharField(allow_blank=True)
    received_on = s.DateField()
    answered_on = s.DateField(allow_null=True)
    due_on = s.DateField(allow_null=True)
    on_time = s.BooleanField(allow_null=True)
    answered_at_conference = s.BooleanField()


class CellsSerializer(s.Serializer):
    received = s.IntegerField(help_text="(3) Tổng số kiến nghị đã tiếp nhận")
    resolved = s.IntegerField(help_text="(4) Đã giải quyết triệt để")
    in_process = s.IntegerField(help_text="(5) Đang xử lý")
    transferred = s.IntegerField(help_text="(6) Chuyển cơ quan khác giải quyết")
    escalated = s.IntegerField(help_text="(7) Xin ý kiến chỉ đạo của cơ quan cấp trên")


class RowSerializer(CellsSerializer):
    number = s.IntegerField()
    category = s.CharField()


class TableSerializer(s.Serializer):
    rows = RowSerializer(many=True)
    total = CellsSerializer()
    withdrawn_count = s.IntegerField()
    merged_count = s.IntegerField()
    as_of = s.DateField(allow_null=True)


class ConferenceFiguresSerializer(s.Serializer):
    body = s.SlugField()
    year = s.IntegerField()
    scope = s.CharField()
    table = TableSerializer()


class BodyYearFiguresSerializer(ConferenceFiguresSerializer):
    answered = s.IntegerField()
    answered_on_time = s.IntegerField()
    on_time_rate = s.IntegerField(allow_null=True, help_text="Tỷ lệ trả lời đúng hạn (%)")


class FolderItemSerializer(s.Serializer):
    item = s.CharField()
    label = s.CharField()
    exists = s.BooleanField()
    issued = s.BooleanField(help_text="Văn bản của mục đã ban hành qua sổ văn bản đi")
    page_url = s.URLField(allow_null=True)
    pdf_url = s.URLField(allow_null=True, help_text="Tệp đã ban hành (đúng từng byte); null khi chưa ban hành")


class FolderSerializer(s.Serializer):
    body = s.SlugField()
    year = s.IntegerField()
    status = s.CharField()
    folder_url = s.URLField()
    answers_url = s.URLField()
    numbers_url = s.URLField()
    items = FolderItemSerializer(many=True)


# ---- Sở Tài chính ----

class LeftOutSerializer(s.Serializer):
    code = s.CharField()
    organisation = s.CharField()
    category = s.IntegerField()
    status = s.CharField()
    merged_into = s.CharField(allow_blank=True)


class CityTableSerializer(TableSerializer):
    left_out = LeftOutSerializer(many=True)


class CommuneFiguresSerializer(s.Serializer):
    body = s.SlugField()
    name = s.CharField()
    reported = s.BooleanField()
    snapshot_submitted = s.BooleanField()
    table = CityTableSerializer()


class CityFiguresSerializer(s.Serializer):
    city = s.SlugField()
    year = s.IntegerField()
    total = TableSerializer()
    communes = CommuneFiguresSerializer(many=True)


class NotReportedSerializer(s.Serializer):
    body = s.SlugField()
    name = s.CharField()
    conference_status = s.CharField(allow_null=True)
    report_due = s.DateField(allow_null=True)


class InProcessSerializer(s.Serializer):
    code = s.CharField()
    organisation = s.CharField()
    category = s.CharField()
    content = s.CharField()
    process = s.CharField()
    obstacles = s.CharField(allow_blank=True)
    proposal = s.CharField(allow_blank=True)


class SnapshotSerializer(s.Serializer):
    body = s.SlugField()
    name = s.CharField()
    year = s.IntegerField()
    document_number = s.CharField()
    submitted_on = s.DateField()
    due_on = s.DateField(allow_null=True)
    on_time = s.BooleanField(allow_null=True)
    table = CityTableSerializer()
    in_process = InProcessSerializer(many=True)
