"""Benchmark of the register's signatures: the signer signs and the văn thư issues a 2-page document (number and
date filled, the body's seal from the SoftHSM2 token through PKCS#11); target under 1 s for both together. Writes
its figures to docs/performance.md.

Run standalone (`make bench`, or `python benchmarks/bench_signing.py`): it makes the demo CA and the SoftHSM2
token under var/signing/ when missing (`manage.py signing_setup`), freezes one 2-page notice (not timed: that is
the pass step's rendering), then times the signer's signature (a software key, as the signer's own computer or
the remote service would sign) and the issue, and, for information, the validation of the issued file.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.report import cpu_model, write_section  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogue_portal.settings.dev")
os.environ["DEBUG"] = "False"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from conferences.models import Body  # noqa: E402
from reports.documents import Paragraph, official_document  # noqa: E402
from reports.register import pdf  # noqa: E402
from reports.register.signing import pki, signatures  # noqa: E402

RUNS = 10
LIMIT_MS = 1000
SECTION = "bench_signing"


def frozen_two_pages() -> bytes:
    body = Body(name="xã Hải Hưng", slug="hai-hung", place_name="Hải Hưng")
    text = ("Ủy ban nhân dân xã thông báo tổ chức Hội nghị đối thoại với doanh nghiệp, hợp tác xã, hộ kinh doanh "
            "trên địa bàn; đề nghị các đơn vị chuẩn bị nội dung kiến nghị và cử đại diện tham dự đúng thời gian. ")
    document = official_document(body=body, title="THÔNG BÁO", subtitle="Tổ chức Hội nghị đối thoại năm 2026",
                                 filename="bench", symbol="TB-UBND", blocks=[Paragraph(text * 3) for _ in range(6)],
                                 recipients=["Sở Tài chính", "Các doanh nghiệp trên địa bàn", "Lưu: VT, KT"])
    data = pdf.freeze_pdf(document)
    pages = int(__import__("subprocess").run(  # noqa: S603
        ["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode().split("Pages:")[1].split()[0])
    assert pages == 2, f"the benchmark document has {pages} pages, not 2"
    return data


def main() -> int:
    call_command("signing_setup")
    from pyhanko.sign.signers import SimpleSigner

    files = pki.issued_files("bench-signer")
    if not files.cert_path.exists():
        files = pki.issue_certificate("bench-signer", common_name="Nguyễn Văn An", organisation="UBND xã Hải Hưng",
                                      title="Chủ tịch")
    signer = SimpleSigner.load(str(files.key_path), str(files.cert_path),
                               ca_chain_files=(str(pki.demo_ca_dir() / "root.cert.pem"),))
    frozen = frozen_two_pages()
    from asn1crypto import x509 as asn1_x509

    roots = [asn1_x509.Certificate.load(signatures._der((pki.demo_ca_dir() / "root.cert.pem").read_bytes()))]
    sign_ms, issue_ms, total_ms, validate_ms = [], [], [], []
    for run in range(RUNS + 1):
        t0 = time.perf_counter()
        signed = signatures.sign_as_signer(frozen, signer, signer_name="Nguyễn Văn An")
        t1 = time.perf_counter()
        issued = signatures.issue_pdf(signed, number_text=f"{run + 1:02d}", date_text="ngày 05 tháng 6 năm 2026",
                                      body_name="Ủy ban nhân dân xã Hải Hưng")
        t2 = time.perf_counter()
        reports = signatures.validate_pdf(issued, roots=roots)
        t3 = time.perf_counter()
        assert len(reports) == 2 and all(r.ok for r in reports), [r.problems for r in reports]
        if run == 0:
            continue  # warm-up: fonts, the PKCS#11 module
        sign_ms.append((t1 - t0) * 1000)
        issue_ms.append((t2 - t1) * 1000)
        total_ms.append((t2 - t0) * 1000)
        validate_ms.append((t3 - t2) * 1000)

    def line(label, values):
        return (f"| {label} | {statistics.median(values):.0f} | {max(values):.0f} |")

    median_total = statistics.median(total_ms)
    ok = median_total < LIMIT_MS
    block = "\n".join([
        f"<!-- {SECTION}:start -->",
        "## Signing and issuing a document (bench_signing.py)",
        "",
        f"{datetime.date.today().isoformat()}, {cpu_model()}, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.2f}. A 2-page notice, frozen with its form fields; {RUNS} runs after a warm-up. "
        "The signer's signature with a software RSA-2048 key (the certification signature with its appearance), "
        "then the issue: number and date filled and the body's seal signed by the SoftHSM2 token through PKCS#11 "
        "(RSA-2048), in one revision. Validation of both signatures (pyHanko, offline) for information.",
        "",
        "| step | median ms | max ms |",
        "| --- | --- | --- |",
        line("signer's signature", sign_ms),
        line("issue (fill + seal, SoftHSM2)", issue_ms),
        line("**sign + issue**", total_ms),
        line("validation of the issued file", validate_ms),
        "",
        f"Target: sign + issue under {LIMIT_MS} ms (median): **{'met' if ok else 'MISSED'}**.",
        f"<!-- {SECTION}:end -->",
    ])
    write_section(SECTION, block)
    print(block)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
