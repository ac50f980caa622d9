"""Benchmark: a 3,000-badge PDF batch (target, DESIGN §4: <= 60 s and <= 400 MB peak memory).

The batch is rendered by ``render_badge_batch`` -- the function the background task calls -- in
a fresh Python process, so that the peak resident memory we report (``ru_maxrss`` of that
process) is the batch's own, not the harness's. A 300-badge batch is measured the same way: if
memory stays flat, the two peaks are close.

Run on its own: ``DATABASE_URL=... .venv/bin/python bench/bench_badges.py``.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (300, 3000)
TARGET_SECONDS = 60
TARGET_MB = 400

CHILD = r"""
import json, os, resource, sys, time
import django
django.setup()
from conference.registration.badges.services import render_badge_batch
from conference.registration.models import BadgeBatch
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
batch = render_badge_batch(batch_id=int(sys.argv[1]))
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": seconds, "peak_kb": usage.ru_maxrss, "baseline_kb": before,
                  "cpu": usage.ru_utime + usage.ru_stime,
                  "status": batch.status, "done": batch.done, "error": batch.error,
                  "bytes": batch.file.size if batch.file else 0}))
batch.file.delete(save=False)
"""


def _make_data(count: int) -> tuple[int, list]:
    """A throw-away edition with ``count`` confirmed attendees with badges, and a queued batch."""
    import datetime
    import random

    from django.db import transaction

    from cms.models import Edition
    from conference.registration.badges import generate_badge_code
    from conference.registration.enums import RegistrationStatus
    from conference.registration.models import (
        Attendee,
        Badge,
        BadgeBatch,
        Category,
        Registration,
    )

    families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
    middles = ["Thị", "Văn", "Minh", "Ngọc", "Thanh", "Đức", "Hữu", "Thu"]
    givens = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khoa", "Lan", "Minh", "Nga", "Phúc",
              "Quỳnh", "Sơn", "Thảo", "Thi", "Tùng", "Uyên", "Vy", "Yến", "Đạt"]
    orgs = ["Sở Thông tin và Truyền thông thành phố Đà Nẵng",
            "Ủy ban nhân dân tỉnh Quảng Nam",
            "Tập đoàn Bưu chính Viễn thông Việt Nam (VNPT) — Trung tâm Chuyển đổi số và "
            "Đổi mới sáng tạo khu vực miền Trung",
            "Bộ Thông tin và Truyền thông"]
    rng = random.Random(2024)
    with transaction.atomic():
        year = 2900 + count % 97
        Edition.objects.filter(year=year).delete()
        edition = Edition.objects.create(
            year=year, name=f"Hội thảo Quốc gia về Chính phủ số {year}",
            start_date=datetime.date(2024, 10, 25), end_date=datetime.date(2024, 10, 25),
            venue="Furama, Đà Nẵng",
        )
        categories = [
            Category.objects.create(edition=edition, code="speaker", name="Diễn giả",
                                    name_en="Speaker", quota=count, badge_color="#C8102E",
                                    role_label="DIỄN GIẢ", role_label_en="SPEAKER"),
            Category.objects.create(edition=edition, code="gov", name="Đại biểu",
                                    name_en="Delegate", quota=count,
                                    role_label="ĐẠI BIỂU", role_label_en="DELEGATE"),
        ]
        registrations = Registration.objects.bulk_create([
            Registration(edition=edition, category=categories[i % 2], reference=f"B{year}{i:06d}",
                         contact_email=f"bench{i}@example.com",
                         status=RegistrationStatus.CONFIRMED)
            for i in range(count)
        ])
        attendees = Attendee.objects.bulk_create([
            Attendee(registration=registration,
                     full_name=f"{rng.choice(families)} {rng.choice(middles)} {rng.choice(givens)}",
                     position="Phó Giám đốc", organisation=rng.choice(orgs),
                     email=f"bench{i}@example.com")
            for i, registration in enumerate(registrations)
        ])
        badges = Badge.objects.bulk_create([
            Badge(attendee=attendee, code=generate_badge_code()) for attendee in attendees
        ])
        batch = BadgeBatch.objects.create(edition=edition, total=count)
        batch.badges.set(badges)
    return batch.pk, [edition, categories]


def _cleanup(edition, categories) -> None:
    from conference.registration.models import BadgeBatch, Registration

    BadgeBatch.objects.filter(edition=edition).delete()
    Registration.objects.filter(edition=edition).delete()
    for category in categories:
        category.delete()
    edition.delete()


def _measure(count: int) -> dict:
    batch_id, created = _make_data(count)
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings.dev")
        started = time.perf_counter()
        out = subprocess.run(  # noqa: S603
            [sys.executable, "-c", CHILD, str(batch_id)], cwd=ROOT, env=env, check=True,
            capture_output=True, text=True,
        )
        wall = time.perf_counter() - started
        result = json.loads(out.stdout.strip().splitlines()[-1])
        result["wall"] = wall
        result["count"] = count
        return result
    finally:
        _cleanup(*created)


def run(ctx=None) -> str:
    if ctx is not None:
        ctx.setup_django()
    results = [_measure(count) for count in SIZES]
    big = results[-1]
    ok_time = big["seconds"] <= TARGET_SECONDS
    ok_memory = big["peak_kb"] / 1024 <= TARGET_MB
    lines = [
        "## Badge PDF batch",
        "",
        "`render_badge_batch` (what the background task runs) in a fresh process: A6, one badge a "
        "page, vector QR, DejaVu Sans embedded; badges read from the database 200 at a time. "
        "Peak memory is the process's maximum resident set size (`ru_maxrss`), baseline is "
        "after `django.setup()`.",
        "",
        "| badges | render (s) | badges/s | process CPU (s) | peak RSS (MB) | baseline RSS (MB) "
        "| PDF size (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        assert r["status"] == "done" and r["done"] == r["count"], r
        lines.append(
            f"| {r['count']:,} | {r['seconds']:.1f} | {r['count'] / r['seconds']:.0f} | "
            f"{r['cpu']:.1f} | "
            f"{r['peak_kb'] / 1024:.0f} | {r['baseline_kb'] / 1024:.0f} | "
            f"{r['bytes'] / 1024 / 1024:.1f} |"
        )
    lines += [
        "",
        f"Target (DESIGN §4): 3,000 badges in <= {TARGET_SECONDS} s "
        f"({'met' if ok_time else 'NOT met'}), peak memory <= {TARGET_MB} MB "
        f"({'met' if ok_memory else 'NOT met'}). Process CPU includes start-up; the machine "
        "is shared, so render time above CPU time is time spent waiting for a core.",
    ]
    if ctx is not None and getattr(ctx, "ceiling", None):
        lines.append(f"Bare-Django ceiling in the same run: {ctx.ceiling.get('rps', 0):.0f} "
                     "requests/s.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings.dev")
    import django

    django.setup()
    print(run())
