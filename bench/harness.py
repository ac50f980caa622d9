"""What every `bench/bench_*.py` gets: ``run(ctx) -> str`` receives a :class:`Context`.

``ctx.server_url``   the gunicorn server under test (2 sync workers, conference.settings.bench)
``ctx.ceiling``      {"rps", "p50_ms", "p99_ms"} of the bare-Django view measured in this run
``ctx.load(...)``    load a path or URL from a separate process; returns a :class:`LoadResult`
``ctx.setup_django()`` set Django up in this process, on the server's database, to create data
``ctx.database``     "PostgreSQL 16.4" or "SQLite 3.40.1"
"""

import inspect
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = "conference.settings.bench"
LOADGEN = ROOT / "bench" / "loadgen.py"


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
