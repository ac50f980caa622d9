"""`make bench`: measure govconf on a production-like server and write docs/benchmarks.md.

1. migrate and load the demo into the bench database (PostgreSQL when DATABASE_URL is set, else
   var/bench.sqlite3), collect static files;
2. start gunicorn with 2 sync workers and conference.settings.bench on a free loopback port;
3. measure the bare-Django ceiling (/bench/ceiling: one indexed SELECT + one INSERT);
4. import every bench/bench_*.py and call its ``run(ctx) -> str`` (a Markdown section);
5. write docs/benchmarks.md with the date, the machine, the database and the ceiling.

``bench/run.py basics checkin agenda`` runs only the named benchmarks (after the ceiling) and prints
their sections instead of writing docs/benchmarks.md, which always holds a whole run.
"""

import datetime as dt
import importlib.util
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import traceback
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import BROWSER_HEADERS, SETTINGS, TABLE_HEADER, Context  # noqa: E402

PYTHON = sys.executable
OUT = ROOT / "docs" / "benchmarks.md"


def manage(*args: str, env: dict) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited before answering")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz in time")


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.1f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    busy = os.getloadavg()[0]
    load = f" · load average {busy:.1f} at start (other work on the machine lowers every figure)"
    return (
        f"{os.cpu_count()} CPUs (nproc) · {cpu}{memory} · Python {platform.python_version()}"
        f"{load}"
    )


LOAD_TEXT = {
    "wrk": "wrk (C, one thread, keep-alive HTTP/1.1) on the same machine for rates and "
           "latencies (percentiles with wrk's correction for coordinated omission); the "
           "registration surge sends exactly its 2,000 attempts and ends with the last answer "
           "(bench/wrk.lua). The load takes CPU from the server: figures are a floor",
    "python": "a separate process, Python threads with keep-alive HTTP/1.1 connections, on the "
              "same machine (it takes CPU from the server: figures are a floor)",
}


def cache_name() -> str:
    from django.conf import settings

    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return "Redis (`REDIS_URL`), shared by the workers" if "Redis" in backend else (
        f"{backend} (per worker; set REDIS_URL for the production set-up)")


def database_name(ctx: Context) -> str:
    ctx.setup_django()
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
        cursor.execute("select sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


def prepare(env: dict) -> None:
    print("== preparing the bench database (migrate, demo, static files)", flush=True)
    manage("migrate", "--noinput", env=env)
    manage("load_demo", env=env)
    manage("collectstatic", "--noinput", env=env)
    code = "from conference.common.bench import create_probe_table; create_probe_table()"
    subprocess.run([PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


PAGE_CLIENTS = 16


def _final_path(ctx: Context, path: str) -> str:
    """Where a path ends up after redirects (/agenda/ is an alias of the agenda page)."""
    with urllib.request.urlopen(ctx.url(path), timeout=30) as response:  # noqa: S310
        return urllib.parse.urlsplit(response.geturl()).path


def basics(ctx: Context) -> str:
    """Pages every visitor hits, anonymous, next to /healthz (the middleware stack, no page)."""
    agenda = _final_path(ctx, "/agenda/")
    pages = [
        ("home page, Vietnamese (`/`)", "/", True),
        ("home page, English (`/en/`)", "/en/", True),
        (f"agenda, demo edition (`{agenda}`)", agenda, True),
        (f"agenda by room (`{agenda}grid/`)", f"{agenda}grid/", False),
        (f"speakers (`{agenda}speakers/`)", f"{agenda}speakers/", False),
        ("registration page (`/register/`)", "/register/", False),
        ("login page (`/accounts/login/`)", "/accounts/login/", False),
    ]
    health = ctx.wrk("/healthz", concurrency=PAGE_CLIENTS, headers=BROWSER_HEADERS)
    rows = [health.row("health check (`/healthz`): the reference", ctx.ceiling)]
    verdicts = []
    for label, path, target in pages:
        result = ctx.wrk(path, concurrency=PAGE_CLIENTS, headers=BROWSER_HEADERS)
        share = 100 * result.rps / health.rps if health.rps else 0
        rows.append(result.row(label, ctx.ceiling) + f" {share:.0f} % |")
        if target:
            ok = share >= 50 and result.p99_ms <= 50
            verdicts.append(f"{label}: {share:.0f} % of /healthz, p99 {result.p99_ms:.1f} ms "
                            f"({'met' if ok else 'NOT met'})")
    rows[0] += " 100 % |"
    return (
        f"## Public pages\n\nAnonymous visitor, warm server, {PAGE_CLIENTS} keep-alive "
        f"connections ({ctx.load_tool}), `Accept-Encoding: gzip, deflate, br` as a phone's "
        "browser sends it. Target (issue #17): home and agenda at >= 50 % of the `/healthz` "
        "rate of the same run with p99 <= 50 ms.\n\n"
        "| what | requests/s | p50 ms | p99 ms | errors | of ceiling | of /healthz |\n"
        "|---|---:|---:|---:|---:|---:|---:|\n"
        + "\n".join(rows) + "\n\n" + "\n".join(f"- {line}" for line in verdicts)
    )


def bench_modules(only: list[str]) -> list[Path]:
    paths = sorted((ROOT / "bench").glob("bench_*.py"))
    if only:
        paths = [path for path in paths if path.stem.removeprefix("bench_") in only]
    return paths


def main() -> None:
    only = sys.argv[1:]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "GOVCONF_BENCH_ENDPOINTS": "true"}
    os.environ.update({"DJANGO_SETTINGS_MODULE": SETTINGS, "GOVCONF_BENCH_ENDPOINTS": "true"})
    (ROOT / "var").mkdir(exist_ok=True)
    prepare(env)

    port = free_port()
    server_url = f"http://127.0.0.1:{port}"
    log = (ROOT / "var" / "bench-gunicorn.log").open("w")
    gunicorn = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "conference.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--worker-class", "sync", "--timeout", "60"],
        cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True,
    )
    sections = []
    try:
        wait_until_up(server_url, gunicorn)
        ctx = Context(server_url=server_url)
        ctx.database = database_name(ctx)
        print(f"== server up at {server_url} on {ctx.database}", flush=True)

        ceiling = ctx.wrk("/bench/ceiling", concurrency=PAGE_CLIENTS)
        ctx.ceiling = {"rps": ceiling.rps, "p50_ms": ceiling.p50_ms, "p99_ms": ceiling.p99_ms}
        print(f"   ceiling: {ceiling.rps:.0f} req/s", flush=True)
        sections.append(
            "## Ceiling\n\nThe bare-Django view (`/bench/ceiling`): the full middleware stack, one "
            "indexed SELECT and one INSERT. Nothing of ours can be faster on this machine; the "
            "other tables give their share of it.\n\n"
            + TABLE_HEADER + "\n" + ceiling.row("bare Django: 1 SELECT + 1 INSERT", ctx.ceiling)
        )
        print("== basics", flush=True)
        if not only or "basics" in only:
            sections.append(basics(ctx))
        for path in bench_modules(only):
            print(f"== {path.name}", flush=True)
            try:
                spec = importlib.util.spec_from_file_location(f"bench.{path.stem}", path)
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                sections.append(module.run(ctx).strip())
            except Exception:  # one broken benchmark must not hide the others
                traceback.print_exc()
                sections.append(
                    f"## {path.stem}\n\n**Failed in this run:**\n\n```\n"
                    f"{traceback.format_exc(limit=3)}```"
                )
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)
        log.close()

    now = dt.datetime.now(dt.UTC).strftime("%d/%m/%Y %H:%M UTC")
    header = (
        "# Benchmarks\n\n"
        "Written by `make bench` (`bench/run.py`); do not edit by hand, run it again.\n\n"
        f"- **Date:** {now}\n"
        f"- **Machine:** {machine()}\n"
        f"- **Database:** {ctx.database}\n"
        "- **Server:** gunicorn, 2 sync workers, `conference.settings.bench` (no debug, "
        "compiled static files, database task queue), loopback HTTP\n"
        f"- **Load:** {LOAD_TEXT[ctx.load_tool]}\n"
        f"- **Cache:** {cache_name()}\n"
        f"- **Ceiling** ({PAGE_CLIENTS} clients): {ctx.ceiling['rps']:.0f} requests/s "
        f"(p50 {ctx.ceiling['p50_ms']:.1f} ms, "
        f"p99 {ctx.ceiling['p99_ms']:.1f} ms)\n"
    )
    if only:
        print(header + "\n" + "\n\n".join(sections))
        return
    OUT.write_text(header + "\n" + "\n\n".join(sections) + "\n")
    print(f"== wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
