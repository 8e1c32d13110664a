"""A local test double of a remote-signing service, signing with real keys over HTTP on loopback: it speaks the
generic adapter's protocol (reports.register.signing.remote.HttpSigningService) and holds the demo CA's keys
(SIGNING_DIR/demo-ca/*.key.pem), found by their certificate's fingerprint. Its "Xác nhận ký" page stands for the
signer's phone: a request is signed only when confirmed there, once, before it expires.

For the demo and the tests only (`manage.py signing_double`, started by `make run`); never a real service."""

import base64
import datetime
import html
import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, utils

from reports.register.signing import pki


@dataclass
class PendingRequest:
    id: str
    digest: bytes
    fingerprint: str
    signer: str
    title: str
    expires_at: datetime.datetime
    status: str = "pending"
    signature: bytes | None = None
    created_at: datetime.datetime = field(default_factory=lambda: datetime.datetime.now(datetime.UTC))


class SigningDouble:
    """The service's state: keys by certificate fingerprint, requests by id (in memory)."""

    def __init__(self, key_dir: Path):
        self.key_dir = key_dir
        self.requests: dict[str, PendingRequest] = {}
        self.lock = threading.Lock()

    def key_for(self, fingerprint: str):
        for cert_path in sorted(self.key_dir.glob("*.cert.pem")):
            cert = pki.load_certificate(cert_path.read_bytes())
            if pki.fingerprint(cert) == fingerprint:
                key_path = cert_path.with_name(cert_path.name.replace(".cert.pem", ".key.pem"))
                if key_path.exists():
                    return serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        return None

    def create(self, payload: dict) -> tuple[int, dict]:
        try:
            digest = base64.b64decode(payload["digest"], validate=True)
            expires_at = datetime.datetime.fromisoformat(payload["expires_at"])
            fingerprint = str(payload["certificate_fingerprint"])
        except (KeyError, ValueError, TypeError):
            return 400, {"error": "bad request"}
        if payload.get("digest_algorithm") != "sha256" or len(digest) != 32:
            return 400, {"error": "sha256 digests only"}
        if self.key_for(fingerprint) is None:
            return 404, {"error": "no key for this certificate"}
        request = PendingRequest(id=secrets.token_urlsafe(12), digest=digest, fingerprint=fingerprint,
                                 signer=str(payload.get("signer", "")), title=str(payload.get("title", "")),
                                 expires_at=expires_at)
        with self.lock:
            self.requests[request.id] = request
        return 201, {"id": request.id}

    def _expire(self, request: PendingRequest) -> None:
        if request.status == "pending" and datetime.datetime.now(datetime.UTC) >= request.expires_at:
            request.status = "expired"

    def status(self, request_id: str) -> tuple[int, dict]:
        with self.lock:
            request = self.requests.get(request_id)
            if request is None:
                return 404, {"error": "unknown request"}
            self._expire(request)
            answer = {"id": request.id, "status": request.status}
            if request.status == "signed":
                answer["signature"] = base64.b64encode(request.signature).decode()
            return 200, answer

    def confirm(self, request_id: str, *, accept: bool = True) -> tuple[int, str]:
        """The signer's answer on the phone: sign (once) or refuse; an expired or answered request is refused."""
        with self.lock:
            request = self.requests.get(request_id)
            if request is None:
                return 404, "Không có yêu cầu ký này."
            self._expire(request)
            if request.status != "pending":
                return 409, {"signed": "Yêu cầu này đã được xác nhận ký rồi.", "rejected": "Yêu cầu này đã bị từ chối.",
                             "expired": "Yêu cầu ký đã hết hạn."}[request.status]
            if not accept:
                request.status = "rejected"
                return 200, "Đã từ chối ký."
            key = self.key_for(request.fingerprint)
            if isinstance(key, ec.EllipticCurvePrivateKey):
                request.signature = key.sign(request.digest, ec.ECDSA(utils.Prehashed(hashes.SHA256())))
            else:
                request.signature = key.sign(request.digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
            request.status = "signed"
            return 200, "Đã ký."


def _page(double: SigningDouble, note: str = "") -> str:
    rows = []
    with double.lock:
        for request in sorted(double.requests.values(), key=lambda r: r.created_at, reverse=True):
            double._expire(request)
            buttons = ""
            if request.status == "pending":
                buttons = (f'<form method="post" action="/xac-nhan/{html.escape(request.id)}/">'
                           '<button type="submit">Xác nhận ký</button></form>'
                           f'<form method="post" action="/tu-choi/{html.escape(request.id)}/">'
                           '<button type="submit">Từ chối</button></form>')
            status = {"pending": "Chờ xác nhận", "signed": "Đã ký", "rejected": "Đã từ chối",
                      "expired": "Hết hạn"}[request.status]
            rows.append(f"<li><strong>{html.escape(request.title)}</strong><br>Người ký: {html.escape(request.signer)}"
                        f"<br>Trạng thái: {status}{buttons}</li>")
    body = "".join(rows) or "<li>Không có yêu cầu ký nào.</li>"
    return ("<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><meta name='viewport' "
            "content='width=device-width, initial-scale=1'><title>Xác nhận ký</title></head><body>"
            "<h1>Xác nhận ký (điện thoại của người ký — bản thử)</h1>"
            f"{'<p role=status>' + html.escape(note) + '</p>' if note else ''}<ul>{body}</ul></body></html>")


def handler_for(double: SigningDouble, api_key: str = ""):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):  # quiet: the portal logs what matters
            pass

        def _send(self, status: int, body: str, content_type: str) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _json(self, status: int, payload: dict) -> None:
            self._send(status, json.dumps(payload), "application/json")

        def _authorised(self) -> bool:
            return not api_key or self.headers.get("Authorization") == f"Bearer {api_key}"

        def do_GET(self):
            if self.path.startswith("/requests/"):
                if not self._authorised():
                    return self._json(401, {"error": "unauthorised"})
                return self._json(*double.status(unquote(self.path[len("/requests/"):])))
            if self.path in ("/", "/xac-nhan/"):
                return self._send(200, _page(double), "text/html; charset=utf-8")
            return self._json(404, {"error": "not found"})

        def do_POST(self):
            length = min(int(self.headers.get("Content-Length") or 0), 64 * 1024)
            raw = self.rfile.read(length)
            if self.path == "/requests":
                if not self._authorised():
                    return self._json(401, {"error": "unauthorised"})
                try:
                    payload = json.loads(raw or b"{}")
                except ValueError:
                    return self._json(400, {"error": "bad json"})
                return self._json(*double.create(payload if isinstance(payload, dict) else {}))
            for prefix, accept in (("/xac-nhan/", True), ("/tu-choi/", False)):
                if self.path.startswith(prefix):
                    status, note = double.confirm(unquote(self.path[len(prefix):]).strip("/"), accept=accept)
                    return self._send(status, _page(double, note), "text/html; charset=utf-8")
            return self._json(404, {"error": "not found"})

    return Handler


def serve(host: str = "127.0.0.1", port: int = 0, key_dir: Path | None = None, api_key: str = ""):
    """Start the double in a background thread; returns (server, double). `server.server_address` has the port."""
    double = SigningDouble(key_dir or pki.demo_ca_dir())
    server = ThreadingHTTPServer((host, port), handler_for(double, api_key))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, double
