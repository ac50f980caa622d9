"""A tiny HTTP server on 127.0.0.1 that stands in for an external API in tests."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeAPI:
    """Answers each request with the next (status, json body) from ``responses``.

    Every request is recorded as (method, path, headers, parsed JSON body, status answered).
    """

    def __init__(self, responses):
        self.responses = list(responses)
        self.requests = []
        self._lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                with api._lock:
                    status, body = api.responses.pop(0) if api.responses else (500, {})
                    api.requests.append(
                        (self.command, self.path, dict(self.headers), json.loads(raw or b"{}"),
                         status)
                    )
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
