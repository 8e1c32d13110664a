"""The public "Kiểm tra văn bản" page: anyone uploads a PDF, or follows the QR code printed on an issued document
(its unguessable verification id), and sees the document's number, date, kind, signer and body, each signature's
validity, and whether the file is byte for byte the one issued. Untrusted files are parsed in a child process
with size, page and time limits; each address has a rate limit; nothing personal beyond the document is shown."""

import hashlib
import io
import logging
import multiprocessing
import resource
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from petitions.registration import ratelimit
from reports.register.models import OutgoingAttachment, OutgoingDocument, OutgoingStatus
from reports.register.signing.signatures import SignatureError, trust_root_certificates, validate_pdf

logger = logging.getLogger(__name__)


@dataclass
class Verdict:
    """What the page says about one file (or the issued file of a QR code)."""

    document: OutgoingDocument | None
    signatures: list
    exact: bool = False  # the file is byte for byte the issued one
    error_key: str = ""
    attachment_title: str = ""  # the file is the issued attachment (Phụ lục I) of `document`, not the document

    @property
    def error(self) -> str:
        return ERRORS[self.error_key]() if self.error_key else ""

    @property
    def all_valid(self) -> bool:
        return bool(self.signatures) and all(s.ok for s in self.signatures)


def _address_space() -> int:
    """Bytes of address space this process maps now (VmSize), 0 when unknown."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _child(conn, data: bytes, roots_der: list[bytes], max_pages: int, memory: int) -> None:
    """Runs in a forked child: parse and validate `data`, send back ("ok", reports) or ("error", message)."""
    try:
        if memory:  # on top of what the forked process already maps (a Django worker maps hundreds of MB)
            limit = _address_space() + memory
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        from asn1crypto import x509 as asn1_x509
        from pyhanko.pdf_utils.reader import PdfFileReader

        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if int(reader.root["/Pages"]["/Count"]) > max_pages:
            conn.send(("error", "pages"))
            return
        roots = [asn1_x509.Certificate.load(der) for der in roots_der]
        conn.send(("ok", validate_pdf(data, roots=roots)))
    except SignatureError:
        conn.send(("error", "unreadable"))
    except MemoryError:
        conn.send(("error", "limits"))
    except Exception:  # an untrusted file: any failure to read it is "not a readable PDF"
        conn.send(("error", "unreadable"))
    finally:
        conn.close()


ERRORS = {
    "unreadable": lambda: _("Không đọc được tệp: cần tệp PDF."),
    "pages": lambda: _("Tệp có quá nhiều trang (tối đa %(n)d).") % {"n": settings.VERIFY_MAX_PAGES},
    "limits": lambda: _("Tệp quá phức tạp để kiểm tra trong giới hạn cho phép."),
    "timeout": lambda: _("Kiểm tra tệp quá thời gian cho phép (%(s)d giây).") % {"s": settings.VERIFY_PARSE_SECONDS},
    "size": lambda: _("Tệp quá lớn (tối đa %(mb)d MB).") % {"mb": settings.VERIFY_MAX_BYTES // (1024 * 1024)},
}


def check_signatures(data: bytes) -> tuple[list, str]:
    """(signature reports, error key) of untrusted `data`, parsed in a child process killed after
    VERIFY_PARSE_SECONDS, with its address space limited and at most VERIFY_MAX_PAGES pages."""
    if len(data) > settings.VERIFY_MAX_BYTES:
        return [], "size"
    roots = [root.dump() for root in trust_root_certificates()]
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child, data, roots, settings.VERIFY_MAX_PAGES,
                                                   settings.VERIFY_MAX_MEMORY_BYTES), daemon=True)
    process.start()
    child.close()
    try:
        if parent.poll(settings.VERIFY_PARSE_SECONDS):
            status, value = parent.recv()
        else:
            status, value = "error", "timeout"
    except EOFError:  # the child died (the memory limit, a crash in a parser)
        status, value = "error", "limits"
    finally:
        if process.is_alive():
            process.kill()
        process.join(1)
        parent.close()
    return (value, "") if status == "ok" else ([], value)


def verify_file(data: bytes) -> Verdict:
    """The verdict on an uploaded file: the document it is (its SHA-256 is an issued file's), its signatures."""
    digest = hashlib.sha256(data).hexdigest()
    document = _issued().filter(issued_sha256=digest).first()
    attachment_title = ""
    if document is None:  # an attachment issued in its own file with its document (reports.register.attachment)
        attached = OutgoingAttachment.objects.filter(issued_sha256=digest, document__status=OutgoingStatus.ISSUED
                                                     ).select_related("document__body", "document__number").first()
        if attached is not None:
            document, attachment_title = attached.document, attached.title
    reports, error = check_signatures(data)
    return Verdict(document=document, signatures=reports, exact=document is not None, error_key=error,
                   attachment_title=attachment_title)


def _issued():
    return OutgoingDocument.objects.filter(status=OutgoingStatus.ISSUED).select_related("body", "number")


def _rate_limited(request):
    if ratelimit.hit(request, scope="verify", setting_name="VERIFY_RATE_LIMIT"):
        return render(request, "petitions/rate_limited.html", status=429)
    return None


def _upload(request) -> tuple[bytes | None, str]:
    upload = request.FILES.get("file")
    if upload is None:
        return None, _("Chọn tệp PDF cần kiểm tra.")
    if upload.size > settings.VERIFY_MAX_BYTES:
        return None, ERRORS["size"]()
    return upload.read(), ""


@never_cache
@csrf_protect
def verify_document(request, verification_id: str | None = None):
    """GET: the form (and, under a QR code's id, the issued document with its signatures); POST: check a file."""
    document = None
    if verification_id is not None:
        document = _issued().filter(verification_id=verification_id).first()
        if document is None or not verification_id:
            raise Http404(_("Không có văn bản đã ban hành với mã kiểm tra này."))
    context = {"document": document, "verification_id": verification_id}
    status = 200
    if request.method == "POST":
        limited = _rate_limited(request)
        if limited is not None:
            return limited
        data, error = _upload(request)
        if data is None:
            context["error"], status = error, 400
        else:
            verdict = verify_file(data)
            context["verdict"] = verdict
            if document is not None:
                context["matches_document"] = verdict.document is not None and verdict.document.pk == document.pk
            if verdict.error_key == "size":
                status = 400
    elif document is not None:
        limited = _rate_limited(request)
        if limited is not None:
            return limited
        reports, error = check_signatures(bytes(document.issued_pdf))
        context["verdict"] = Verdict(document=document, signatures=reports, exact=True, error_key=error)
    return render(request, "reports/verify_document.html", context, status=status)
