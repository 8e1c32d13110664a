"""The data of the security tests: the ScopingWorld plus one row of every model the admin shows, for two
communes of one city and one commune of another city (Sở Tài chính sees its city's communes, not that one)."""

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from conferences.models import AuditEntry, CalendarEntry, Invitee, OutboxMessage, WorkerHeartbeat
from conferences.organisation import roles
from petitions.models import AnswerTemplate, Attachment, RegistrationSubmission
from petitions.privacy.models import DataSubjectRequest
from reports.api.services import api_token_create
from reports.models import (
    DocumentNumber,
    ExportJob,
    IssuedDocumentNumber,
    NumberingPolicy,
    OutgoingDocument,
    ReportSnapshot,
)
from reports.phu_luc_1.counting import empty_table
from tests.factories import BodyFactory, CityFactory, ConferenceFactory, ScopingWorld, staff_user

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def attachment(petition, name="don-kien-nghi.pdf", content=PDF, content_type="application/pdf"):
    row = Attachment(petition=petition, original_name=name, content_type=content_type, size=len(content))
    row.file.save(name, ContentFile(content), save=True)
    return row


class SecurityWorld(ScopingWorld):
    """Attribute names: `hh_*` in xã Hải Hưng (the staff users' body), `hd_*` in xã Hà Đông (same city), `out_*` in
    a commune of another city."""

    def __init__(self):
        super().__init__()
        self.other_city = CityFactory(name="thành phố Hà Nội", admin_unit_code="01", slug="thanh-pho-ha-noi",
                                      code_prefix="HN")
        self.out = BodyFactory(name="xã Ngoài", slug="xa-ngoai", code_prefix="NG", admin_unit_code="00001",
                               parent=self.other_city)
        self.out_conf = ConferenceFactory(body=self.out)
        self.hh_invitee = Invitee.objects.create(conference=self.hh_conf, organisation_name="Công ty Mời Một",
                                                 contact_name="Lê Văn Mời", phone="0987654321")
        self.hd_invitee = Invitee.objects.create(conference=self.hd_conf, organisation_name="Công ty Mời Hai")
        self.hh_submission = RegistrationSubmission.objects.create(registration=self.hh_reg, form_token="tok-hh")
        self.hd_submission = RegistrationSubmission.objects.create(registration=self.hd_reg, form_token="tok-hd")
        self.hh_request = self._data_request(self.hh_reg, "DSR26-HHAAA")
        self.hd_request = self._data_request(self.hd_reg, "DSR26-HDAAA")
        seen = {"user_agent": "kiểm thử", "ip_address": "127.0.0.1", "username": "canbo", "http_accept": "*/*",
                "path_info": "/admin/login/"}
        self.axes_attempt = AccessAttempt.objects.create(**seen, get_data="", post_data="", failures_since_start=1)
        self.axes_failure = AccessFailureLog.objects.create(**seen)
        self.axes_log = AccessLog.objects.create(**seen)
        self.hh_template = AnswerTemplate.objects.create(body=self.hh, title="Mẫu 1", text="Nội dung mẫu")
        self.hd_template = AnswerTemplate.objects.create(body=self.hd, title="Mẫu 1", text="Nội dung mẫu")
        self.att_kt = attachment(self.p_kt)
        self.att_pv = attachment(self.p_pv)
        self.att_hd = attachment(self.p_hd)
        self.hh_number = DocumentNumber.objects.create(body=self.hh, year=2026, doc_type="KH", last_number=1)
        self.hd_number = DocumentNumber.objects.create(body=self.hd, year=2026, doc_type="KH", last_number=1)
        self.hh_issued = IssuedDocumentNumber.objects.create(body=self.hh, year=2026, doc_type="BC", number=1,
                                                             symbol="BC-UBND")
        self.hd_issued = IssuedDocumentNumber.objects.create(body=self.hd, year=2026, doc_type="BC", number=1,
                                                             symbol="BC-UBND")
        self.out_issued = IssuedDocumentNumber.objects.create(body=self.out, year=2026, doc_type="BC", number=1,
                                                              symbol="BC-UBND")
        self.hh_snapshot = self._snapshot(self.hh_conf, self.hh_issued)
        self.hd_snapshot = self._snapshot(self.hd_conf, self.hd_issued)
        self.out_snapshot = self._snapshot(self.out_conf, self.out_issued)
        self.api_token, _raw = api_token_create(organisation="Sở Tài chính", body=self.city, actor=None)
        self.hh_outbox = OutboxMessage.objects.create(body=self.hh, channel="email", recipient="a@example.vn",
                                                      text="Xin chào")
        self.hd_outbox = OutboxMessage.objects.create(body=self.hd, channel="email", recipient="b@example.vn",
                                                      text="Xin chào")
        self.hh_audit = AuditEntry.objects.create(body=self.hh, user=self.economic, action="view",
                                                  object_type="conferences.registration", object_id="1")
        self.hd_audit = AuditEntry.objects.create(body=self.hd, user=self.hd_economic, action="view",
                                                  object_type="conferences.registration", object_id="2")
        self.calendar_entry = CalendarEntry.objects.create(date=datetime.date(2030, 1, 2), kind="day_off",
                                                           name="Nghỉ bù")
        self.heartbeat = WorkerHeartbeat.objects.create(name="worker:test", last_seen=timezone.now())
        self.group = Group.objects.get(name=roles.ECONOMIC)
        self.interval = IntervalSchedule.objects.create(every=7, period=IntervalSchedule.MINUTES)
        self.crontab = CrontabSchedule.objects.create(minute="7", hour="7")
        self.solar = SolarSchedule.objects.create(event="sunrise", latitude=21, longitude=105)
        self.clocked = ClockedSchedule.objects.create(clocked_time=timezone.now())
        self.periodic_task = PeriodicTask.objects.create(name="kiểm thử", task="tests.noop", interval=self.interval)
        self.leader_job = self._job(self.leader, self.hh)
        self.economic_job = self._job(self.economic, self.hh)
        self.hd_job = self._job(self.hd_economic, self.hd)
        self.hd_leader = staff_user(self.hd, roles.LEADERSHIP, username="lanhdao_hd")
        self.hh_outgoing = OutgoingDocument.objects.create(body=self.hh, kind="plan", title="Kế hoạch 2026",
                                                           conference=self.hh_conf)
        self.hd_outgoing = OutgoingDocument.objects.create(body=self.hd, kind="plan", title="Kế hoạch 2026",
                                                           conference=self.hd_conf)
        self.hh_policy = NumberingPolicy.objects.create(body=self.hh, from_year=2027, single_series=True)
        self.hd_policy = NumberingPolicy.objects.create(body=self.hd, from_year=2027, single_series=True)

    @staticmethod
    def _data_request(registration, code):
        now = timezone.now()
        return DataSubjectRequest.objects.create(
            body=registration.conference.body, registration=registration, code=code, kind="correction",
            details="Sửa địa chỉ", received_at=now, due_at=now + datetime.timedelta(days=10))

    @staticmethod
    def _snapshot(conference, issued):
        return ReportSnapshot.objects.create(body=conference.body, year=conference.year, conference=conference,
                                             document_number=issued, submitted_on=datetime.date(2026, 6, 25),
                                             table=empty_table().to_json())

    @staticmethod
    def _job(user, body):
        job = ExportJob(user=user, body=body, year=2026, status=ExportJob.Status.DONE)
        job.file.save("kien-nghi.xlsx", ContentFile(b"PK\x03\x04 xlsx"), save=True)
        return job
