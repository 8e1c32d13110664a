"""A local test double of an RFC 3161 timestamp authority, over HTTP on loopback: it answers
`application/timestamp-query` POSTs with `application/timestamp-reply`, its tokens made by pyHanko's
DummyTimeStamper and signed with a TSA certificate of the demo CA (SIGNING_DIR/demo-ca/tsa.*, extended key usage
timeStamping, critical), so that the tokens validate against the demo CA's root like the signatures do.

For the demo and the tests only (`manage.py tsa_double`, then SIGNING_TIMESTAMP_URL=http://127.0.0.1:PORT/);
never a real timestamp server."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from reports.register.signing import pki

TSA_STEM = "tsa"
TSA_NAME = "Demo TSA - Cong doi thoai (khong dung that)"
QUERY_TYPE = "application/timestamp-query"
REPLY_TYPE = "application/timestamp-reply"


def tsa_files(directory: Path | None = None) -> pki.Issued:
    """The double's key and certificate, issued by the demo CA once and kept."""
    files = pki.issued_files(TSA_STEM, directory)
    if not (files.key_path.exists() and files.cert_path.exists()):
        files = pki.issue_certificate(TSA_STEM, common_name=TSA_NAME, organisation="Demo", directory=directory,
                                      timestamping=True)
    return files


def timestamper(directory: Path | None = None):
    """pyHanko's DummyTimeStamper signing with the double's key, embedding the demo root."""
    from asn1crypto import keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    directory = directory or pki.demo_ca_dir()
    files = tsa_files(directory)
    key = serialization.load_pem_private_key(files.key_path.read_bytes(), password=None)
    der_key = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    root = pki.load_certificate((directory / "root.cert.pem").read_bytes())
    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(files.certificate.public_bytes(serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(der_key),
        certs_to_embed=[asn1_x509.Certificate.load(root.public_bytes(serialization.Encoding.DER))])


def handler_for(stamper):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):  # quiet: the portal logs what matters
            pass

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            from asn1crypto import tsp

            length = min(int(self.headers.get("Content-Length") or 0), 64 * 1024)
            raw = self.rfile.read(length)
            if self.headers.get("Content-Type") != QUERY_TYPE:
                return self._send(415, b"timestamp queries only", "text/plain")
            try:
                request = tsp.TimeStampReq.load(raw)
                _ = request.native  # parse it all now: a malformed query is refused, not half-answered
                reply = stamper.request_tsa_response(request)
            except (ValueError, TypeError, KeyError):
                return self._send(400, b"malformed timestamp query", "text/plain")
            return self._send(200, reply.dump(), REPLY_TYPE)

    return Handler


def serve(host: str = "127.0.0.1", port: int = 0, directory: Path | None = None):
    """Start the double in a background thread; returns the server (`server.server_address` has the port; stop it
    with `server.shutdown()` and `server.server_close()`)."""
    server = ThreadingHTTPServer((host, port), handler_for(timestamper(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
