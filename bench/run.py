"""`make bench`: measure govconf on a production-like server and write docs/benchmarks.md.

1. migrate and load the demo into the bench database (PostgreSQL when DATABASE_URL is set, else
   var/bench.sqlite3), collect static files;
2. start gunicorn with 2 sync workers and conference.settings.bench on a free loopback port;
3. measure the bare-Django ceiling (/bench/ceiling: one indexed SELECT + one INSERT);
4. import every bench/bench_*.py and call its ``run(ctx) -> str`` (a Markdown section);
5. write docs/benchmarks.md with the date, the machine, the database and the ceiling.

``bench/run.py checkin agenda`` runs only the named benchmarks (after the ceiling) and prints
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
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import SETTINGS, TABLE_HEADER, Context  # noqa: E402

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


def basics(ctx: Context) -> str:
    """Agenda-free pages every visitor hits."""
    rows = []
    for label, path in [
        ("home page, Vietnamese (`/`)", "/"),
        ("home page, English (`/en/`)", "/en/"),
        ("login page (`/accounts/login/`)", "/accounts/login/"),
        ("health check (`/healthz`)", "/healthz"),
    ]:
        ctx.load(path, concurrency=4, total=50)  # warm caches and workers
        rows.append(ctx.load(path, concurrency=8, total=600).row(label, ctx.ceiling))
    return "## Basics\n\nWarm pages, anonymous visitor, 8 connections.\n\n" + "\n".join(
        [TABLE_HEADER, *rows]
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

        ctx.load("/bench/ceiling", concurrency=4, total=100)
        ceiling = ctx.load("/bench/ceiling", concurrency=8, total=1500)
        ctx.ceiling = {"rps": ceiling.rps, "p50_ms": ceiling.p50_ms, "p99_ms": ceiling.p99_ms}
        print(f"   ceiling: {ceiling.rps:.0f} req/s", flush=True)
        sections.append(
            "## Ceiling\n\nThe bare-Django view (`/bench/ceiling`): the full middleware stack, one "
            "indexed SELECT and one INSERT. Nothing of ours can be faster on this machine; the "
            "other tables give their share of it.\n\n"
            + TABLE_HEADER + "\n" + ceiling.row("bare Django: 1 SELECT + 1 INSERT", ctx.ceiling)
        )
        print("== basics", flush=True)
        if not only:
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
        "- **Load:** a separate process, Python threads with keep-alive HTTP/1.1 "
        "connections, on the same machine (it takes CPU from the server: figures are a floor)\n"
        f"- **Ceiling:** {ctx.ceiling['rps']:.0f} requests/s (p50 {ctx.ceiling['p50_ms']:.1f} ms, "
        f"p99 {ctx.ceiling['p99_ms']:.1f} ms)\n"
    )
    if only:
        print(header + "\n" + "\n\n".join(sections))
        return
    OUT.write_text(header + "\n" + "\n\n".join(sections) + "\n")
    print(f"== wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
