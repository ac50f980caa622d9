"""Load generator for `make bench`, run as its own process so it never shares a GIL with Django.

Reads a JSON job on stdin, writes a JSON result on stdout. Each of ``concurrency`` threads keeps
one keep-alive HTTP/1.1 connection to the loopback server and takes request numbers from a shared
counter until ``total`` requests are done or ``max_seconds`` have passed.
"""

import http.client
import json
import sys
import threading
import time
from urllib.parse import urlsplit


def run(job: dict) -> dict:
    url = urlsplit(job["url"])
    if url.hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit("the load generator only talks to loopback")
    path = url.path + (f"?{url.query}" if url.query else "")
    method = job.get("method", "GET")
    headers = job.get("headers") or {}
    bodies = job.get("bodies")  # one per request (body_fn), or None
    body = job.get("body")
    total = int(job["total"])
    deadline = time.monotonic() + float(job.get("max_seconds", 60))
    lock = threading.Lock()
    counter = {"next": 0}
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    errors = {"n": 0}

    def take() -> int | None:
        with lock:
            n = counter["next"]
            if n >= total or time.monotonic() > deadline:
                return None
            counter["next"] = n + 1
            return n

    def worker():
        conn = None
        while (n := take()) is not None:
            payload = bodies[n] if bodies is not None else body
            data = payload.encode() if isinstance(payload, str) else payload
            started = time.perf_counter()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
                conn.request(method, path, body=data, headers=headers)
                response = conn.getresponse()
                response.read()
                status = str(response.status)
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                errors["n"] += 1
                status = "error"
                if conn is not None:
                    conn.close()
                conn = None
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=worker) for _ in range(int(job["concurrency"]))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        if not latencies:
            return 0.0
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    errors["n"] += sum(count for status, count in statuses.items()
                       if status != "error" and not status.startswith(("2", "3")))
    return {
        "requests": len(latencies),
        "seconds": seconds,
        "rps": len(latencies) / seconds if seconds else 0.0,
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "errors": errors["n"],
        "statuses": statuses,
    }


if __name__ == "__main__":
    json.dump(run(json.load(sys.stdin)), sys.stdout)
