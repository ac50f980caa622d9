"""A local fake of the parts of Stripe's HTTP API that govconf calls.

Served on 127.0.0.1 in a thread and set as the Stripe client's API base (STRIPE_API_BASE), so our
real client code runs unchanged: form-encoded requests, Idempotency-Key replay, JSON objects and
Stripe-shaped errors. Also serves a minimal hosted "Checkout page" whose Pay button marks the
session paid, delivers a signed ``checkout.session.completed`` webhook, and redirects to the
success URL, as Stripe does. (localstripe has no Checkout Sessions, hence this fake.)

Webhooks are signed exactly as Stripe signs them: header ``t=<unix time>,v1=<hex HMAC-SHA256 of
"<t>.<payload>" keyed with the endpoint secret>``.
"""

import hashlib
import hmac
import html
import json
import re
import secrets
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


def sign(payload: str, secret: str, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def _nest(pairs) -> dict:
    """Stripe's form encoding (a[b][0][c]=v) back into nested dicts and lists."""
    root: dict = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+", key)
        node = root
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            if last:
                node[part] = value
            else:
                node = node.setdefault(part, {})
    return _listify(root)


def _listify(node):
    if isinstance(node, dict):
        if node and all(k.isdigit() for k in node):
            return [_listify(node[k]) for k in sorted(node, key=int)]
        return {k: _listify(v) for k, v in node.items()}
    return node


class FakeStripe:
    def __init__(self):
        self.sessions: dict[str, dict] = {}
        self.intents: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.idempotent: dict[str, tuple[int, dict]] = {}
        self.requests: list[tuple[str, str, dict, dict]] = []
        self.webhook_url = ""
        self.webhook_secret = ""
        self.fail_next: list[tuple[str, int]] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "FakeStripe":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reset(self) -> None:
        with self.lock:
            self.sessions.clear()
            self.intents.clear()
            self.refunds.clear()
            self.idempotent.clear()
            self.requests.clear()
            self.fail_next.clear()
            self.webhook_url = ""

    # --- what Stripe does on its side --------------------------------------------------------
    def complete(self, session_id: str) -> dict:
        """The customer pays: the session completes and its payment intent succeeds."""
        with self.lock:
            session = self.sessions[session_id]
            if session["status"] == "open":
                intent_id = "pi_" + secrets.token_hex(12)
                self.intents[intent_id] = {
                    "id": intent_id, "object": "payment_intent", "status": "succeeded",
                    "amount": session["amount_total"], "amount_received":
                    session["amount_total"], "currency": "vnd",
                    "metadata": session["metadata"], "latest_charge": "ch_" + secrets.token_hex(8),
                }
                session.update(status="complete", payment_status="paid", payment_intent=intent_id)
            return dict(session)

    def expire_now(self, session_id: str) -> dict:
        with self.lock:
            session = self.sessions[session_id]
            if session["status"] == "open":
                session["status"] = "expired"
            return dict(session)

    def event(self, event_type: str, obj: dict) -> dict:
        return {
            "id": "evt_" + secrets.token_hex(12), "object": "event", "type": event_type,
            "api_version": "2024-06-20", "created": int(time.time()), "livemode": False,
            "data": {"object": obj},
        }

    def signed(self, event: dict, secret: str | None = None, timestamp: int | None = None):
        payload = json.dumps(event)
        return payload, sign(payload, secret or self.webhook_secret, timestamp)

    def deliver(self, event: dict) -> int:
        """POST a signed event to the configured webhook URL, as Stripe does."""
        payload, header = self.signed(event)
        request = urllib.request.Request(
            self.webhook_url, data=payload.encode(), method="POST",
            headers={"Content-Type": "application/json", "Stripe-Signature": header},
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (local)
            return response.status

    def calls(self, method: str, path_prefix: str) -> list:
        return [r for r in self.requests if r[0] == method and r[1].startswith(path_prefix)]

    # --- the HTTP API ----------------------------------------------------------------------
    def _handle(self, method: str, path: str, params: dict, headers) -> tuple[int, dict]:
        with self.lock:
            self.requests.append((method, path, params, dict(headers)))
            for i, (prefix, status) in enumerate(self.fail_next):
                if path.startswith(prefix):
                    del self.fail_next[i]
                    return status, _error("api_error", "Simulated outage")
            key = headers.get("Idempotency-Key")
            if method == "POST" and key and key in self.idempotent:
                return self.idempotent[key]
            answer = self._route(method, path, params)
            if method == "POST" and key and answer[0] < 500:
                self.idempotent[key] = answer
            return answer

    def _route(self, method, path, params):
        m = re.fullmatch(r"/v1/checkout/sessions(?:/([^/]+))?(/expire)?", path)
        if m:
            session_id, expire = m.groups()
            if method == "POST" and not session_id:
                return self._create_session(params)
            session = self.sessions.get(session_id or "")
            if session is None:
                return 404, _error("invalid_request_error", "No such checkout.session",
                                   "resource_missing")
            if expire:
                if session["status"] != "open":
                    return 400, _error("invalid_request_error",
                                       "Only Checkout Sessions with a status of open can be "
                                       "expired.")
                session["status"] = "expired"
            return 200, dict(session)
        m = re.fullmatch(r"/v1/payment_intents/([^/]+)", path)
        if m:
            intent = self.intents.get(m.group(1))
            if intent is None:
                return 404, _error("invalid_request_error", "No such payment_intent",
                                   "resource_missing")
            return 200, dict(intent)
        if path == "/v1/refunds" and method == "POST":
            return self._create_refund(params)
        if path == "/v1/refunds" and method == "GET":
            data = [r for r in self.refunds.values()
                    if r["payment_intent"] == params.get("payment_intent")]
            return 200, {"object": "list", "data": data, "has_more": False, "url": "/v1/refunds"}
        return 404, _error("invalid_request_error", f"Unrecognized request URL ({path})")

    def _create_session(self, params):
        if params.get("currency") != "vnd":
            return 400, _error("invalid_request_error", "Only VND here")
        items = params.get("line_items") or []
        amount = sum(int(i["price_data"]["unit_amount"]) * int(i["quantity"]) for i in items)
        # Stripe's minimum for VND is about 12,000 dong; a *100 mistake would blow the maximum.
        if amount < 12_000 or amount > 99_999_999_999:
            return 400, _error("invalid_request_error", "Amount out of range for VND")
        session_id = "cs_test_" + secrets.token_hex(16)
        session = {
            "id": session_id, "object": "checkout.session", "mode": "payment",
            "currency": "vnd", "amount_total": amount, "status": "open",
            "payment_status": "unpaid", "payment_intent": None,
            "client_reference_id": params.get("client_reference_id"),
            "customer_email": params.get("customer_email"),
            "metadata": params.get("metadata") or {},
            "success_url": params.get("success_url"), "cancel_url": params.get("cancel_url"),
            "expires_at": int(params.get("expires_at") or time.time() + 86400),
            "locale": params.get("locale"),
            "line_items_requested": items,
            "url": f"{self.url}/checkout/{session_id}",
        }
        self.sessions[session_id] = session
        return 200, dict(session)

    def _create_refund(self, params):
        intent = self.intents.get(params.get("payment_intent", ""))
        if intent is None:
            return 404, _error("invalid_request_error", "No such payment_intent",
                               "resource_missing")
        refunded = sum(int(r["amount"]) for r in self.refunds.values()
                       if r["payment_intent"] == intent["id"])
        amount = int(params.get("amount") or intent["amount_received"] - refunded)
        if amount <= 0 or refunded + amount > intent["amount_received"]:
            return 400, _error("invalid_request_error", "Refund exceeds the charge",
                               "charge_already_refunded")
        refund_id = "re_" + secrets.token_hex(12)
        refund = {"id": refund_id, "object": "refund", "amount": amount, "currency": "vnd",
                  "payment_intent": intent["id"], "status": "succeeded",
                  "metadata": params.get("metadata") or {}}
        self.refunds[refund_id] = refund
        return 200, dict(refund)

    # --- the hosted Checkout page -----------------------------------------------------------
    def _checkout_page(self, session_id: str) -> str:
        session = self.sessions[session_id]
        amount = f"{session['amount_total']:,}".replace(",", ".")
        return (
            "<!doctype html><html lang='vi'><meta charset='utf-8'><title>Fake Checkout</title>"
            "<body style='font-family:sans-serif;padding:2rem'>"
            f"<h1>Thanh toán / Pay</h1><p id='amount'>{amount} ₫</p>"
            f"<p>{html.escape(session['customer_email'] or '')}</p>"
            f"<form method='post' action='/checkout/{session_id}/pay'>"
            "<button id='pay' type='submit'>Thanh toán</button></form></body></html>"
        )

    def _pay(self, session_id: str) -> str:
        session = self.complete(session_id)
        if self.webhook_url:
            self.deliver(self.event("checkout.session.completed", session))
        return session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send_json(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", "req_" + secrets.token_hex(6))
                self.end_headers()
                self.wfile.write(data)

            def _serve(self, method):
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                if parts.path.startswith("/checkout/"):
                    return self._checkout(method, parts.path)
                params = _nest(parse_qsl(body if method == "POST" else parts.query,
                                         keep_blank_values=True))
                status, answer = fake._handle(method, parts.path, params, self.headers)
                self._send_json(status, answer)

            def _checkout(self, method, path):
                m = re.fullmatch(r"/checkout/([^/]+)(/pay)?", path)
                if not m or m.group(1) not in fake.sessions:
                    self.send_response(404)
                    self.end_headers()
                    return
                if method == "POST" and m.group(2):
                    target = fake._pay(m.group(1))
                    self.send_response(303)
                    self.send_header("Location", target)
                    self.end_headers()
                    return
                data = fake._checkout_page(m.group(1)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):  # noqa: N802
                self._serve("GET")

            def do_POST(self):  # noqa: N802
                self._serve("POST")

        return Handler


def _error(kind: str, message: str, code: str = "") -> dict:
    return {"error": {"type": kind, "message": message, "code": code or None}}
