"""Permission matrix over every staff and report URL, discovered by walking the URL resolver.

Every URL the project serves must be classified in this file: PUBLIC_URLS (no login; see also
test_public_urls.py), STAFF_URLS (which roles may open it and on which object), or — for the standard pages of a
ModelAdmin (list, add, change, history, delete) — MODEL_RIGHTS with its objects in OWN / OTHER. An unclassified
URL (a new view, a new ModelAdmin, a new get_urls page) makes test_every_url_is_classified fail and say where.

Then, for each staff URL: anonymous → the admin login; a role without the right → 403; a role with the right,
on another body's object (another unit's petition for a unit handler; for Sở Tài chính, a commune of another
city) → 404; on its own object → the page. The data is built once for the class; document rendering is
replaced by a stub (the documents have their own tests), so the whole matrix takes about ten seconds.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from unittest import mock

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import TestCase, override_settings
from django.urls import reverse

from tests.security.urls import routes
from tests.security.world import SecurityWorld

E, H, O, L, F = "economic", "handler", "office", "leader", "finance"  # noqa: E741
ROLES = (E, H, O, L, F)
ALL = frozenset(ROLES)
NOBODY = frozenset()
MEDIA = tempfile.mkdtemp(prefix="dp-matrix-")

# ---- Public URLs: no login. Each says why it may be public (test_public_urls.py checks they are not guessable).
PUBLIC_URLS = {
    "healthz": "health check: counts only",
    "verify_document": "Kiểm tra văn bản: upload a PDF (rate-limited, parsed with limits)",
    "verify_document_id": "Kiểm tra văn bản: the QR code's 144-bit verification id",
    "admin_password_reset": "password reset by e-mail",
    "password_reset_done": "password reset by e-mail",
    "password_reset_confirm": "password reset: signed token in the URL",
    "password_reset_complete": "password reset by e-mail",
    "admin:login": "staff login",
    "admin:logout": "staff logout (POST)",
    "set_language": "language switch",
    "conferences:home": "home page",
    "conferences:deadline_calculator": "working-day calculator",
    "petitions:conference_detail": "conference page",
    "petitions:register": "Phụ lục II form",
    "petitions:registration_confirmation": "code + secret",
    "petitions:status_lookup": "code + phone form, rate-limited",
    "petitions:registration_status": "code + secret",
    "petitions:status_short": "code + secret (the SMS short link; redirects to registration_status)",
    "petitions:registration_edit": "code + secret",
    "petitions:registration_withdraw": "code + secret",
    "petitions:privacy_overview": "code + secret (the person's own data)",
    "petitions:privacy_download_json": "code + secret (the person's own data)",
    "petitions:privacy_download_html": "code + secret (the person's own data)",
    "petitions:privacy_request": "code + secret (the person's own data)",
    "petitions:privacy_request_received": "code + secret, and the request's code",
    "reports_public:blank_phu_luc_2_pdf": "blank form",
    "reports_public:blank_phu_luc_2_docx": "blank form",
    "reports_public:filled_phu_luc_2_pdf": "code + secret",
    "reports_public:answer_letter_pdf": "code + secret (the issued answer letters of the registration's petitions)",
    "reports_public:registrant_invitation_pdf": "code + secret (the issued Giấy mời of the registrant's conference)",
    "reports_public:registrant_checkin_slip_pdf": "code + secret (the registrant's own check-in slip)",
    "reports_public:send_out_letter_pdf": "code + secret (the issued transfer / escalation letters of its petitions)",
    "reports_public:folder_bodies": "public folder",
    "reports_public:folder_archive": "public folder",
    "reports_public:folder_feed": "public folder",
    "reports_public:folder_year": "public folder",
    "reports_public:folder_answers": "public folder (published answers only)",
    "reports_public:folder_numbers": "public folder",
    "reports_public:folder_item": "public folder",
    "reports_public:folder_item_pdf": "public folder",
    "reports_public:conference_ics": "public calendar file",
    "reports_public:posting_notice_pdf": "public notice",
    "favicon": "the portal's icon",
    # The read API (reports/api/): public open data, nothing personal (tests/reports/test_api.py), throttled.
    "api_v1:root": "read API: index",
    "api_v1:schema": "read API: OpenAPI schema",
    "api_v1:docs": "read API: documentation page",
    "api_v1:bodies": "read API: bodies",
    "api_v1:body": "read API: a body (by slug)",
    "api_v1:body_year_figures": "read API: Phụ lục I numbers of a body's year",
    "api_v1:conferences": "read API: public conferences",
    "api_v1:conference": "read API: a public conference",
    "api_v1:conference_figures": "read API: Phụ lục I numbers of a conference",
    "api_v1:answers": "read API: answers the business agreed to publish",
    "api_v1:folders": "read API: the public folder's items",
    # No session login: an organisation token (401/403 without, 404 for another city), audited per use.
    "api_v1:city_figures": "read API: Sở Tài chính token, scoped to its city (tests/reports/test_api.py)",
    "api_v1:city_not_reported": "read API: Sở Tài chính token, scoped to its city",
    "api_v1:city_snapshots": "read API: Sở Tài chính token, scoped to its city",
}

# ---- Standard admin pages. Rights as the admin grants them: a(dd), v(iew), c(hange), d(elete).
MODEL_RIGHTS = {
    "accounts.stafftwofactor": {},  # system administrators reset a lost authenticator
    "axes.accessattempt": {},
    "axes.accessfailurelog": {},
    "axes.accesslog": {},
    "auth.group": {},
    "auth.user": {},
    "django_celery_beat.periodictask": {},
    "django_celery_beat.clockedschedule": {},
    "django_celery_beat.crontabschedule": {},
    "django_celery_beat.solarschedule": {},
    "django_celery_beat.intervalschedule": {},
    "conferences.calendarentry": {},
    "conferences.workerheartbeat": {},
    "conferences.outboxmessage": {},
    "conferences.body": {E: "vc", H: "v", O: "v", L: "v", F: "v"},
    "conferences.unit": {E: "avc", H: "v", O: "v", L: "v"},
    "conferences.staffprofile": {E: "v", L: "v"},
    "conferences.conference": {E: "avc", H: "v", O: "vc", L: "v", F: "v"},
    "conferences.registration": {E: "avcd", O: "avc", L: "v"},
    "conferences.invitee": {E: "avcd", O: "avcd", L: "v"},
    "conferences.auditentry": {L: "v"},
    "petitions.petition": {E: "avc", H: "vc", L: "v"},
    "petitions.registrationsubmission": {E: "av", O: "v", L: "v"},
    "petitions.answertemplate": {E: "avcd", H: "v", L: "v"},
    "petitions.datasubjectrequest": {E: "vc", L: "v"},
    "reports.documentnumber": {},
    "reports.issueddocumentnumber": {},
    "reports.reportsnapshot": {E: "v", L: "v", F: "v"},
    "reports.apitoken": {},  # system administrators make and revoke the API tokens
    "reports.outgoingdocument": {E: "avc", H: "avc", O: "avc", L: "v"},
    "reports.numberingpolicy": {E: "v", O: "av", L: "v"},
    "reports.signingcertificate": {},
    "reports.trustedroot": {},
}
# What a superuser may do where it is less than everything (records written only by services, read-only logs).
SUPERUSER_RIGHTS = {
    "accounts.stafftwofactor": "vc",
    "axes.accessattempt": "vcd",
    "axes.accessfailurelog": "vcd",
    "axes.accesslog": "vcd",
    "conferences.outboxmessage": "vc",
    "conferences.auditentry": "v",
    "petitions.registrationsubmission": "av",
    "petitions.datasubjectrequest": "vc",
    "reports.documentnumber": "v",
    "reports.issueddocumentnumber": "avc",
    "reports.reportsnapshot": "v",
    "reports.apitoken": "avc",
    "reports.outgoingdocument": "avc",
    "reports.numberingpolicy": "av",
}
PAGE_NEEDS = {"changelist": "vc", "add": "a", "change": "vc", "history": "vc", "delete": "d"}


def _pk(obj):
    return {"object_id": obj.pk}


# The object each role opens a change / history / delete page on, and (for body-scoped models) one it must not.
OWN = {
    "accounts.stafftwofactor": lambda w, r: w.economic,
    "axes.accessattempt": lambda w, r: w.axes_attempt,
    "axes.accessfailurelog": lambda w, r: w.axes_failure,
    "axes.accesslog": lambda w, r: w.axes_log,
    "auth.group": lambda w, r: w.group,
    "auth.user": lambda w, r: w.economic,
    "django_celery_beat.periodictask": lambda w, r: w.periodic_task,
    "django_celery_beat.clockedschedule": lambda w, r: w.clocked,
    "django_celery_beat.crontabschedule": lambda w, r: w.crontab,
    "django_celery_beat.solarschedule": lambda w, r: w.solar,
    "django_celery_beat.intervalschedule": lambda w, r: w.interval,
    "conferences.calendarentry": lambda w, r: w.calendar_entry,
    "conferences.workerheartbeat": lambda w, r: w.heartbeat,
    "conferences.outboxmessage": lambda w, r: w.hh_outbox,
    "conferences.body": lambda w, r: w.hh,
    "conferences.unit": lambda w, r: w.kt,
    "conferences.staffprofile": lambda w, r: w.economic.staff_profile,
    "conferences.conference": lambda w, r: w.hh_conf,
    "conferences.registration": lambda w, r: w.hh_reg,
    "conferences.invitee": lambda w, r: w.hh_invitee,
    "conferences.auditentry": lambda w, r: w.hh_audit,
    "petitions.petition": lambda w, r: w.p_pv if r == H else w.p_kt,
    "petitions.registrationsubmission": lambda w, r: w.hh_submission,
    "petitions.answertemplate": lambda w, r: w.hh_template,
    "petitions.datasubjectrequest": lambda w, r: w.hh_request,
    "reports.documentnumber": lambda w, r: w.hh_number,
    "reports.issueddocumentnumber": lambda w, r: w.hh_issued,
    "reports.reportsnapshot": lambda w, r: w.hh_snapshot,
    "reports.apitoken": lambda w, r: w.api_token,
    "reports.outgoingdocument": lambda w, r: w.hh_outgoing,
    "reports.numberingpolicy": lambda w, r: w.hh_policy,
    "reports.signingcertificate": lambda w, r: w.signing_certificate,
    "reports.trustedroot": lambda w, r: w.trusted_root,
}
OTHER = {
    "conferences.outboxmessage": lambda w, r: w.hd_outbox,
    "conferences.body": lambda w, r: w.out if r == F else w.hd,
    "conferences.unit": lambda w, r: w.hd_kt,
    "conferences.staffprofile": lambda w, r: w.hd_economic.staff_profile,
    "conferences.conference": lambda w, r: w.out_conf if r == F else w.hd_conf,
    "conferences.registration": lambda w, r: w.hd_reg,
    "conferences.invitee": lambda w, r: w.hd_invitee,
    "conferences.auditentry": lambda w, r: w.hd_audit,
    "petitions.petition": lambda w, r: w.p_kt if r == H else w.p_hd,  # a handler: another unit's petition
    "petitions.registrationsubmission": lambda w, r: w.hd_submission,
    "petitions.answertemplate": lambda w, r: w.hd_template,
    "petitions.datasubjectrequest": lambda w, r: w.hd_request,
    "reports.documentnumber": lambda w, r: w.hd_number,
    "reports.issueddocumentnumber": lambda w, r: w.hd_issued,
    "reports.reportsnapshot": lambda w, r: w.out_snapshot if r == F else w.hd_snapshot,
    "reports.outgoingdocument": lambda w, r: w.hd_outgoing,
    "reports.numberingpolicy": lambda w, r: w.hd_policy,
}


@dataclass(frozen=True)
class Url:
    """A staff URL: the roles that may open it (superusers always may unless `superuser` says otherwise)."""

    name: str
    allowed: frozenset
    own: Callable | None = None  # (world, role) -> reverse kwargs of the role's own object
    other: Callable | None = None  # (world, role) -> kwargs of an object out of the role's reach (404)
    method: str = "get"
    data: Callable | None = None  # (world, role, which) -> POST data
    query: dict = field(default_factory=dict)
    ok: int = 200
    superuser: int | None = None
    denied: int = 403
    check: Callable | None = None  # (response, world) -> error text or None

    def url(self, w, role, which="own"):
        make = self.own if which == "own" else self.other
        return reverse(self.name, kwargs=make(w, role) if make else {})

    def request(self, client, w, role, which="own"):
        url = self.url(w, role, which)
        if self.method == "post":
            return client.post(url, self.data(w, role, which) if self.data else {})
        return client.get(url, self.query)


def _conf(w, r):
    return {"pk": w.hh_conf.pk}


def _other_conf(w, r):
    return {"pk": (w.out_conf if r == F else w.hd_conf).pk}


def _with(make, **extra):
    return lambda w, r: {**make(w, r), **extra}


def _body_year(w, r):
    return {"slug": w.hh.slug, "year": 2026}


def _other_body_year(w, r):
    return {"slug": (w.out if r == F else w.hd).slug, "year": 2026}


def _petition(w, r):
    return {"pk": (w.p_pv if r == H else w.p_kt).pk}


def _other_petition(w, r):
    return {"pk": (w.p_kt if r == H else w.p_hd).pk}


def _attachment(w, r):
    return {"pk": (w.att_pv if r == H else w.att_kt).pk}


def _other_attachment(w, r):
    return {"pk": (w.att_kt if r == H else w.att_hd).pk}


def _job(w, r):
    return {"pk": (w.leader_job if r == L else w.economic_job).pk}


def _other_job(w, r):
    return {"pk": (w.economic_job if r == L else w.hd_job).pk}  # another user's job, another body's


def _outgoing(w, r):
    return {"pk": w.hh_outgoing.pk}


def _other_outgoing(w, r):
    return {"pk": w.hd_outgoing.pk}


def _outgoing_page(w, r):
    return {"pk": w.hh_outgoing.pk, "page": 1}


def _other_outgoing_page(w, r):
    return {"pk": w.hd_outgoing.pk, "page": 1}


def _autocomplete_scoped(response, w):
    ids = {int(row["id"]) for row in response.json()["results"]}
    if w.hd_reg.pk in ids or w.hh_reg.pk not in ids:
        return f"autocomplete offered {ids}"
    return None


STAFF_URLS = [
    # The admin site's own pages.
    Url("admin:index", ALL),
    Url("admin:password_change", ALL),
    Url("admin:password_change_done", ALL),
    Url("admin:jsi18n", ALL),
    # Two-factor pages: any logged-in staff member, before the second factor (tests run with it not required:
    # without an authenticator, the verification sends to the enrolment).
    Url("two_factor:enrol", ALL),
    Url("two_factor:overview", ALL),
    Url("two_factor:verify", ALL, ok=302),
    Url("two_factor:recovery_codes", ALL, ok=302),  # shown once, right after they were made
    Url("two_factor:recovery_codes_new", ALL, method="post", ok=302),  # to the verification first
    # Staff session (accounts): the keep-alive ping of every staff page, and the text kept from a session that
    # ended (none here: the admin's home page).
    Url("staff_session:keepalive", ALL, method="post", ok=204),
    Url("staff_session:kept_input", ALL, ok=302),
    # Django's app index answers 404 (not 403) for an app in which the user has no model: it shows nothing.
    Url("admin:app_list", ALL, own=lambda w, r: {"app_label": "conferences"}, denied=404),
    Url("admin:app_list", frozenset({E, H, L}), own=lambda w, r: {"app_label": "petitions"}, denied=404),
    Url("admin:app_list", ALL, own=lambda w, r: {"app_label": "reports"}, denied=404),
    Url("admin:app_list", NOBODY, own=lambda w, r: {"app_label": "auth"}, denied=404),
    Url("admin:app_list", NOBODY, own=lambda w, r: {"app_label": "django_celery_beat"}, denied=404),
    # Django's "view on site" redirect: no model of the portal has get_absolute_url, so 404 for everyone.
    Url("admin:view_on_site", ALL, ok=404, own=lambda w, r: {
        "content_type_id": ContentType.objects.get_for_model(w.hh_reg).pk, "object_id": w.hh_reg.pk}),
    Url("admin:autocomplete", frozenset({E, O, L}), check=_autocomplete_scoped, query={
        "app_label": "petitions", "model_name": "petition", "field_name": "registration", "term": ""}),
    # ModelAdmin.get_urls pages.
    Url("admin:auth_user_password_change", NOBODY, own=lambda w, r: {"id": w.economic.pk}),
    Url("admin:conferences_calendarentry_year_current", NOBODY),
    Url("admin:conferences_outboxmessage_zalo_templates", NOBODY),  # the Zalo channel's templates (issue 22)
    Url("admin:conferences_calendarentry_year", NOBODY, own=lambda w, r: {"year": 2026}),
    Url("admin:conferences_conference_dashboard", ALL),
    Url("admin:conferences_conference_transition", frozenset({E, O}), _conf, _other_conf),
    Url("admin:conferences_conference_check_in", frozenset({E, O}), _conf, _other_conf),
    Url("admin:petitions_registration_import", frozenset({E})),
    Url("admin:petitions_registration_import_template", frozenset({E})),
    Url("admin:petitions_petition_import", frozenset({E, H})),
    Url("admin:petitions_petition_process_import", frozenset({E, H}), method="post"),
    Url("admin:petitions_petition_export", frozenset({E, H, L})),
    Url("admin:petitions_attachment_download", frozenset({E, H, L}), _attachment, _other_attachment),
    # reports/urls.py
    Url("reports:conference_documents", ALL, _conf, _other_conf),
    Url("reports:conference_phu_luc_2", ALL, _with(_conf, fmt="pdf"), _with(_other_conf, fmt="pdf")),
    Url("reports:conference_attendance", frozenset({E, O, L}), _with(_conf, fmt="pdf"),
        _with(_other_conf, fmt="pdf")),
    Url("reports:conference_invitations_zip", frozenset({E, O, L}), _conf, _other_conf),
    Url("reports:phu_luc_1_xlsx", frozenset({E, L, F}), _conf, _other_conf),
    Url("reports:phu_luc_1_pdf", frozenset({E, L, F}), _conf, _other_conf),
    Url("reports:results_report", frozenset({E, L, F}), _with(_conf, fmt="pdf"), _with(_other_conf, fmt="pdf")),
    Url("reports:conference_petitions_xlsx", frozenset({E, L}), _conf, _other_conf),
    Url("reports:body_phu_luc_1", frozenset({E, L, F}), _with(_body_year, fmt="xlsx"),
        _with(_other_body_year, fmt="xlsx")),
    Url("reports:body_petitions_xlsx", frozenset({E, L}), _body_year, _other_body_year),
    # Sở Tài chính's own city; a superuser has no city (404).
    Url("reports:city_year", frozenset({F}), lambda w, r: {"year": 2026}, superuser=404),
    Url("reports:report_index", frozenset({E, L, F})),
    Url("reports:dashboard", frozenset({E, L})),
    Url("reports:export_create", frozenset({E, L}), method="post", ok=302,
        data=lambda w, r, which: {"conference": (w.hh_conf if which == "own" else w.hd_conf).pk},
        other=lambda w, r: {}),
    Url("reports:export_status", frozenset({E, L}), _job, _other_job),
    Url("reports:export_download", frozenset({E, L}), _job, _other_job),
    Url("reports:conference_document", ALL, _with(_conf, kind="bien-ban", fmt="pdf"),
        _with(_other_conf, kind="bien-ban", fmt="pdf")),
    # "Soạn văn bản": roles that may add register documents pass the door; the service refuses all but Phòng
    # Kinh tế with a message (302 either way; another body's conference is 404).
    Url("reports:conference_document_new", frozenset({E, H, O}), _with(_conf, kind="ke-hoach"),
        _with(_other_conf, kind="ke-hoach"), method="post", ok=302),
    Url("reports:invitee_invitation", frozenset({E, O, L}), lambda w, r: {"pk": w.hh_invitee.pk, "fmt": "pdf"},
        lambda w, r: {"pk": w.hd_invitee.pk, "fmt": "pdf"}),
    Url("reports:registration_invitation", frozenset({E, O, L}), lambda w, r: {"pk": w.hh_reg.pk, "fmt": "pdf"},
        lambda w, r: {"pk": w.hd_reg.pk, "fmt": "pdf"}),
    Url("reports:registration_phu_luc_2", frozenset({E, O, L}), lambda w, r: {"pk": w.hh_reg.pk, "fmt": "pdf"},
        lambda w, r: {"pk": w.hd_reg.pk, "fmt": "pdf"}),
    Url("reports:outgoing_register", frozenset({E, H, O, L})),
    Url("reports:outgoing_register_xlsx", frozenset({E, H, O, L})),
    Url("reports:outgoing_document", frozenset({E, H, O, L}), _outgoing, _other_outgoing),
    Url("reports:outgoing_document_pdf", frozenset({E, H, O, L}), _outgoing, _other_outgoing),
    Url("reports:outgoing_document_docx", frozenset({E, H, O, L}), _outgoing, _other_outgoing),
    # The results report's Phụ lục I in its own file: the world's document has none, so a reader gets 404 after the
    # permission (403) and body (404) checks; tests/reports/test_outgoing_attachment.py downloads a real one.
    Url("reports:outgoing_attachment_pdf", frozenset({E, H, O, L}), _outgoing, _other_outgoing, ok=404),
    Url("reports:outgoing_document_page", frozenset({E, H, O, L}), _outgoing_page, _other_outgoing_page),
    # Any role reading the register may post a step; the service refuses the wrong role with a message (302).
    Url("reports:outgoing_document_step", frozenset({E, H, O, L}), _with(_outgoing, step="thu-hoi"),
        _with(_other_outgoing, step="thu-hoi"), method="post", ok=302),
    # Likewise "Gửi giấy mời": the service refuses what is not an issued invitation, or the wrong role (302).
    Url("reports:outgoing_invitation_send", frozenset({E, H, O, L}), _outgoing, _other_outgoing, method="post",
        ok=302),
    Url("reports:petition_answer_letter", frozenset({E, H, L}), _with(_petition, fmt="pdf"),
        _with(_other_petition, fmt="pdf")),
]


def _admin_pages() -> list[tuple[str, Url]]:
    """(model label, Url) for the five standard pages of every ModelAdmin, from MODEL_RIGHTS."""
    pages = []
    for model in admin.site._registry:
        label = model._meta.label_lower
        if label not in MODEL_RIGHTS:
            continue
        rights = MODEL_RIGHTS[label]
        superuser_rights = SUPERUSER_RIGHTS.get(label, "avcd")
        for page, needs in PAGE_NEEDS.items():
            allowed = frozenset(r for r, letters in rights.items() if set(letters) & set(needs))
            on_object = page in ("change", "history", "delete")
            own = (lambda w, r, label=label: _pk(OWN[label](w, r))) if on_object else None
            other = (lambda w, r, label=label: _pk(OTHER[label](w, r))) if on_object and label in OTHER else None
            pages.append((label, Url(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", allowed,
                                     own, other, superuser=200 if set(superuser_rights) & set(needs) else 403)))
    return pages


def _admin_redirect_routes() -> set[str]:
    """The unnamed "<pk>/" redirect of every ModelAdmin and the admin's final catch-all: login only."""
    found = {f"admin/{m._meta.app_label}/{m._meta.model_name}/<path:object_id>/" for m in admin.site._registry}
    return found | {"admin/(?P<url>.*)$"}


def all_staff_urls() -> list[Url]:
    return STAFF_URLS + [url for _label, url in _admin_pages()]


@override_settings(MEDIA_ROOT=MEDIA)
class PermissionMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = SecurityWorld()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        stub = mock.Mock(return_value=b"%PDF-1.4 stub")
        cls._patches = [mock.patch("reports.documents.views.render_pdf", stub),
                        mock.patch("reports.documents.views.render_docx", stub),
                        mock.patch("reports.phu_luc_1.views.render_pdf", stub),
                        mock.patch("reports.documents.render_pdf", stub),
                        mock.patch("reports.register.views.render_pdf", stub),
                        mock.patch("reports.register.views.render_docx", stub),
                        mock.patch("reports.register.page_images.page_png", mock.Mock(return_value=b"\x89PNG stub")),
                        mock.patch("reports.register.page_images.page_count", mock.Mock(return_value=1))]  # imported at call time by services
        for patcher in cls._patches:
            patcher.start()

    @classmethod
    def tearDownClass(cls):
        for patcher in cls._patches:
            patcher.stop()
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def user(self, role):
        return getattr(self.w, role)

    def test_every_url_is_classified(self):
        found = routes()
        registered = {m._meta.label_lower for m in admin.site._registry}
        classified = (set(PUBLIC_URLS) | {u.name for u in all_staff_urls()} | _admin_redirect_routes())
        problems = [
            f"  {key}  ({found[key].route})" for key in sorted(set(found) - classified)]
        problems += [f"  ModelAdmin of {label}: not in MODEL_RIGHTS / OWN" for label in sorted(registered - set(
            MODEL_RIGHTS)) + sorted(registered - set(OWN))]
        assert not problems, (
            "Unclassified URLs. Classify each one in tests/security/test_permission_matrix.py: PUBLIC_URLS if it "
            "needs no login (and make sure test_public_urls.py passes: no guessable ids), STAFF_URLS with the "
            "roles that may open it and the object it opens, or, for a new ModelAdmin, MODEL_RIGHTS + OWN "
            "(+ OTHER when its rows belong to a body):\n" + "\n".join(problems))
        stale = sorted(classified - set(found))
        assert not stale, f"Classified URLs that no longer exist (remove them): {stale}"

    def test_anonymous_is_sent_to_the_login(self):
        login = reverse("admin:login")
        wrong = []
        urls = [(u.name, u.url(self.w, E)) for u in all_staff_urls()]
        urls += [(route, "/" + route.replace("<path:object_id>", "1").replace("(?P<url>.*)$", "khong-co-trang/"))
                 for route in _admin_redirect_routes()]
        for name, url in urls:
            response = self.client.get(url)
            if response.status_code != 302 or not response["Location"].startswith(login):
                wrong.append(f"{name} {url}: {response.status_code} {response.get('Location', '')}")
        assert not wrong, "Not sent to the login page:\n" + "\n".join(wrong)

    def test_roles_without_the_right_are_refused(self):
        wrong = []
        for role in ROLES:
            self.client.force_login(self.user(role))
            for url in all_staff_urls():
                if role in url.allowed:
                    continue
                response = url.request(self.client, self.w, role)
                if response.status_code != url.denied:
                    wrong.append(f"{role} {url.name} {url.url(self.w, role)}: {response.status_code}, "
                                 f"expected {url.denied}")
        assert not wrong, "A role without the right was not refused:\n" + "\n".join(wrong)

    def test_another_bodys_or_units_objects_are_not_found(self):
        wrong, tried = [], 0
        for role in ROLES:
            self.client.force_login(self.user(role))
            for url in all_staff_urls():
                if role not in url.allowed or url.other is None:
                    continue
                tried += 1
                response = url.request(self.client, self.w, role, which="other")
                if response.status_code != 404:
                    wrong.append(f"{role} {url.name} {url.url(self.w, role, 'other')}: {response.status_code}")
        assert tried > 60, tried
        assert not wrong, "Another body's (or unit's) object was reachable:\n" + "\n".join(wrong)

    def test_roles_with_the_right_open_their_own_objects(self):
        wrong = []
        for role in (*ROLES, "superuser"):
            self.client.force_login(self.user(role))
            for url in all_staff_urls():
                if role == "superuser":
                    expected = url.superuser or url.ok
                    if url.allowed and expected == url.ok:
                        continue  # the roles' own visits already open this page; keep the matrix fast
                elif role in url.allowed:
                    expected = url.ok
                else:
                    continue
                response = url.request(self.client, self.w, role)
                if response.status_code != expected:
                    wrong.append(f"{role} {url.name} {url.url(self.w, role)}: {response.status_code}, "
                                 f"expected {expected}")
                elif url.check and role != "superuser" and (problem := url.check(response, self.w)):
                    wrong.append(f"{role} {url.name}: {problem}")
        assert not wrong, "A role with the right did not get the page:\n" + "\n".join(wrong)
