"""What every `bench/bench_*.py` gets: ``run(ctx) -> str`` receives a :class:`Context`.

``ctx.server_url``   the gunicorn server under test (2 sync workers, conference.settings.bench)
``ctx.ceiling``      {"rps", "p50_ms", "p99_ms"} of the bare-Django view measured in this run
``ctx.load(...)``    load a path or URL from a separate process; returns a :class:`LoadResult`
``ctx.wrk(...)``     the same with wrk (C, one thread) when installed, else ``load``: far less
                     CPU taken from the server on a small machine, so truer figures
``ctx.setup_django()`` set Django up in this process, on the server's database, to create data
``ctx.database``     "PostgreSQL 16.4" or "SQLite 3.40.1"
"""

import inspect
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = "conference.settings.bench"
LOADGEN = ROOT / "bench" / "loadgen.py"
WRK_SCRIPT = ROOT / "bench" / "wrk.lua"
# What a phone's browser sends: pages come compressed when the server can.
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br"}


@dataclass
class LoadResult:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    statuses: dict[int | str, int]
    requests: int = 0
    seconds: float = 0.0

    def row(self, label: str, ceiling: dict | None = None) -> str:
        """A Markdown table row: label | rps | p50 | p99 | errors | % of ceiling."""
        share = f"{100 * self.rps / ceiling['rps']:.0f} %" if ceiling and ceiling["rps"] else ""
        return (
            f"| {label} | {self.rps:.0f} | {self.p50_ms:.1f} | {self.p99_ms:.1f} | "
            f"{self.errors} | {share} |"
        )


TABLE_HEADER = (
    "| what | requests/s | p50 ms | p99 ms | errors | of ceiling |\n"
    "|---|---:|---:|---:|---:|---:|"
)


@dataclass
class Context:
    server_url: str
    database: str = ""
    ceiling: dict = field(default_factory=dict)
    max_seconds: float = 60.0

    def url(self, path_or_url: str) -> str:
        if path_or_url.startswith(("http://", "https://")):
            return path_or_url
        return self.server_url.rstrip("/") + "/" + path_or_url.lstrip("/")

    def load(
        self,
        path_or_url: str,
        *,
        method: str = "GET",
        body: str | bytes | None = None,
        body_fn: Callable[[int], str | bytes] | None = None,
        headers: dict | None = None,
        concurrency: int = 8,
        total: int = 1000,
    ) -> LoadResult:
        """Send ``total`` requests with ``concurrency`` keep-alive connections, bounded in time.

        ``body_fn(i)`` (or ``body_fn()``) gives the body of request ``i``, computed here before
        the clock starts.
        """
        if isinstance(body, bytes):
            body = body.decode()
        bodies = None
        if body_fn is not None:
            # body_fn(i) or body_fn(): both spellings of the contract are accepted.
            takes_index = bool(inspect.signature(body_fn).parameters)
            bodies = [_text(body_fn(i) if takes_index else body_fn()) for i in range(total)]
        job = {
            "url": self.url(path_or_url),
            "method": method,
            "body": body,
            "bodies": bodies,
            "headers": headers or {},
            "concurrency": concurrency,
            "total": total,
            "max_seconds": self.max_seconds,
        }
        done = subprocess.run(
            [sys.executable, str(LOADGEN)],
            input=json.dumps(job),
            capture_output=True,
            text=True,
            check=True,
            timeout=self.max_seconds + 60,
        )
        result = json.loads(done.stdout)
        # HTTP statuses as ints (201, 409 ...); "error" for requests that got no answer.
        result["statuses"] = {
            int(key) if key.isdigit() else key: count for key, count in result["statuses"].items()
        }
        return LoadResult(**result)

    @property
    def load_tool(self) -> str:
        return "wrk" if shutil.which("wrk") else "python"

    def wrk(
        self,
        path_or_url: str,
        *,
        method: str = "GET",
        bodies: list[str] | None = None,
        headers: dict | None = None,
        concurrency: int = 16,
        seconds: float = 5.0,
        warmup: float = 1.0,
        total: int | None = None,
    ) -> LoadResult:
        """Load ``path_or_url`` for ``seconds`` with ``concurrency`` keep-alive connections.

        ``bodies`` (one line each, no newlines) are sent in turn, so a run never sends one twice
        as long as there are more bodies than requests. With ``total`` (and as many bodies), it
        sends exactly ``total`` requests and the run ends with the last answer (``seconds`` is
        then only a cap). Without wrk, falls back to :meth:`load` with ``total`` requests, or
        about as many as the Python generator manages in ``seconds``.
        """
        if total is not None and (not bodies or len(bodies) < total):
            raise ValueError("wrk(total=N) sends one body per request: give at least N bodies")
        wrk = shutil.which("wrk")
        if wrk is None:
            if total is None:
                total = max(concurrency * 20, int(seconds * 400))
            if bodies:
                total = min(total, len(bodies))
            return self.load(path_or_url, method=method, headers=headers,
                             body_fn=(lambda i: bodies[i]) if bodies else None,
                             concurrency=concurrency, total=total)
        url = self.url(path_or_url)
        header_args = []
        for name, value in (headers or {}).items():
            header_args += ["-H", f"{name}: {value}"]
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
            if bodies:
                handle.write("\n".join(bodies) + "\n")
            body_file = handle.name
        try:
            def run(duration: float) -> dict:
                script_args = [body_file, "1"] if bodies else []
                if total is not None:
                    script_args.append(str(total))
                command = [wrk, "-t1", f"-c{concurrency}", f"-d{duration:g}s", "--timeout", "10s",
                           "-s", str(WRK_SCRIPT), *header_args]
                command += [url]
                if script_args:
                    command += ["--", *script_args]
                env = {**os.environ, "WRK_METHOD": method}
                done = subprocess.run(command, capture_output=True, text=True, check=True,
                                      timeout=duration + 60, env=env)
                line = next(line for line in done.stdout.splitlines()
                            if line.startswith("WRK-JSON "))
                return json.loads(line.removeprefix("WRK-JSON "))

            if warmup and not bodies:
                run(warmup)
            raw = run(seconds)
        finally:
            os.unlink(body_file)
        statuses = {int(key): count for key, count in raw["statuses"].items()}
        failed = raw["socket_errors"] + sum(
            count for status, count in statuses.items() if status >= 400 and status != 409
        )
        if raw["socket_errors"]:
            statuses["error"] = raw["socket_errors"]
        return LoadResult(
            rps=raw["requests"] / raw["seconds"] if raw["seconds"] else 0.0,
            p50_ms=raw["p50_us"] / 1000, p99_ms=raw["p99_us"] / 1000, errors=failed,
            statuses=statuses, requests=raw["requests"], seconds=raw["seconds"],
        )

    def setup_django(self) -> None:
        os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        import django
        from django.apps import apps

        if not apps.ready:
            django.setup()


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value
