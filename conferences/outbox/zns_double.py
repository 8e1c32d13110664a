"""A local test double of the Zalo Notification Service: the template-message API and the OA token renewal, with
the same request and answer shapes and error codes as conferences/outbox/zns.py expects. Used by the tests (on a
loopback port) and by `manage.py zns_double` for development (`make zns-double`)."""

from __future__ import annotations

import json
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ZnsDouble:
    """State of the double: the current token pair (a refresh token works once), the approved templates, phones
    answering an error code, the daily quota left, and what it received."""

    # The defaults are the double's own demo values (Makefile's `make run`), not secrets of any real account.
    def __init__(self, *, app_id: str = "demo-app", app_secret: str = "demo-secret",  # noqa: S107
                 refresh_token: str = "demo-refresh-0", approved: set[str] | None = None, quota: int = 1000,  # noqa: S107
                 renew_delay: float = 0.0, accept_any_refresh_token: bool = False):
        self.app_id, self.app_secret = app_id, app_secret
        self.refresh_token, self.access_token = refresh_token, ""
        self.approved = approved  # None: every template id is approved
        self.phone_errors: dict[str, int] = {}  # international phone -> ZNS error code
        self.quota = quota
        self.renew_delay = renew_delay  # widens the window in which two workers could race
        # Development: a restarted double does not know the pair the portal stored last time.
        self.accept_any_refresh_token = accept_any_refresh_token
        self.renewals = 0
        self.sent: list[dict] = []
        self.refused: list[dict] = []
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    # -- the two endpoints --
    def renew(self, headers, form: dict) -> dict:
        time.sleep(self.renew_delay)
        with self.lock:
            if headers.get("secret_key") != self.app_secret or form.get("app_id") != self.app_id:
                return {"error": -14002, "error_name": "Invalid app", "error_description": "app_id or secret_key"}
            known = self.accept_any_refresh_token or form.get("refresh_token") == self.refresh_token
            if form.get("grant_type") != "refresh_token" or not known:
                return {"error": -14014, "error_name": "Invalid refresh token",
                        "error_description": "refresh token is invalid or already used"}
            self.renewals += 1
            self.access_token = f"access-{self.renewals}-{secrets.token_hex(8)}"
            self.refresh_token = f"refresh-{self.renewals}-{secrets.token_hex(8)}"
            return {"access_token": self.access_token, "refresh_token": self.refresh_token, "expires_in": "90000"}

    def template_message(self, headers, body: dict) -> dict:
        with self.lock:
            if not self.access_token or headers.get("access_token") != self.access_token:
                return {"error": -124, "message": "Access token is invalid"}
            missing = [k for k in ("phone", "template_id", "template_data", "tracking_id") if k not in body]
            if missing:
                return {"error": -122, "message": f"Body format is invalid: {missing}"}
            phone = str(body["phone"])
            if not (phone.startswith("84") and phone.isdigit()):
                return {"error": -108, "message": "Phone number is invalid"}
            if self.approved is not None and body["template_id"] not in self.approved:
                return {"error": -131, "message": "Template has not been approved"}
            if phone in self.phone_errors:
                code = self.phone_errors[phone]
                self.refused.append({**body, "error": code})
                return {"error": code, "message": "Refused by the test double"}
            if self.quota <= 0:
                return {"error": -144, "message": "OA has exceeded the daily quota"}
            self.quota -= 1
            msg_id = secrets.token_hex(16)
            self.sent.append({**body, "msg_id": msg_id})
            return {"error": 0, "message": "Success", "data": {
                "msg_id": msg_id, "sent_time": str(int(time.time() * 1000)),
                "quota": {"dailyQuota": "1000", "remainingQuota": str(self.quota)}}}

    # -- serving --
    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        double = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path == "/v4/oa/access_token":
                    form = dict(urllib.parse.parse_qsl(raw.decode()))
                    answer = double.renew(self.headers, form)
                elif self.path == "/message/template":
                    try:
                        body = json.loads(raw.decode() or "{}")
                    except ValueError:
                        body = {}
                    answer = double.template_message(self.headers, body)
                else:
                    self.send_error(404)
                    return
                data = json.dumps(answer).encode()
                self.send_response(200)  # ZNS answers 200 with an error code in the body
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format, *args):  # noqa: A002 (http.server's signature)
                pass

        self.server = ThreadingHTTPServer((host, port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://{host}:{self.server.server_address[1]}"

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
