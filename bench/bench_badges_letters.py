"""Benchmark: 1,000 official invitation letters (giấy mời) in one PDF batch, next to the badge
batch figures (issue #15.2): seconds and peak memory.

The batch is rendered by ``render_letter_batch`` -- the function the background task calls --
in a fresh Python process, so that the peak resident memory reported (``ru_maxrss``) is the
batch's own. The letters are numbered in the same run (one locked counter), drawn with Tinos
embedded, one A4 page each with its QR code; 100 letters are measured the same way to show
whether memory stays flat.

Run on its own: ``DATABASE_URL=... .venv/bin/python bench/bench_badges_letters.py``.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (100, 1000)

CHILD = r"""
import json, os, resource, sys, time
import django
django.setup()
from conference.invitations.services import render_letter_batch
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
batch = render_letter_batch(batch_id=int(sys.argv[1]))
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": seconds, "peak_kb": usage.ru_maxrss, "baseline_kb": before,
                  "cpu": usage.ru_utime + usage.ru_stime,
                  "status": batch.status, "done": batch.done, "error": batch.error,
                  "bytes": batch.file.size if batch.file else 0}))
batch.file.delete(save=False)
"""


def _make_data(count: int):
    """A throw-away edition with ``count`` invitations and a queued letter batch."""
    import datetime
    import random

    from django.db import transaction
    from django.utils import timezone

    from cms.models import Edition
    from conference.invitations.links import new_public_id
    from conference.invitations.models import Invitation, LetterBatch
    from conference.registration.models import Category

    families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
    middles = ["Thị", "Văn", "Minh", "Ngọc", "Thanh", "Đức", "Hữu", "Thu"]
    givens = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khoa", "Lan", "Minh", "Nga", "Phúc"]
    orgs = ["Sở Thông tin và Truyền thông thành phố Đà Nẵng", "Ủy ban nhân dân tỉnh Quảng Nam",
            "Bộ Thông tin và Truyền thông", "Văn phòng Chính phủ"]
    rng = random.Random(2024)
    with transaction.atomic():
        year = 2800 + count % 97
        Edition.objects.filter(year=year).delete()
        edition = Edition.objects.create(
            year=year, name=f"Hội nghị Chính phủ số {year}",
            start_date=datetime.date(2024, 10, 25), end_date=datetime.date(2024, 10, 25),
            venue="Cung Hội nghị Furama, Đà Nẵng")
        category = Category.objects.create(edition=edition, code="khach-moi",
                                           name="Khách mời", quota=count)
        deadline = timezone.now() + datetime.timedelta(days=14)
        invitations = Invitation.objects.bulk_create([
            Invitation(edition=edition, category=category, public_id=new_public_id(),
                       honorific=rng.choice(["Ông", "Bà"]),
                       full_name=f"{rng.choice(families)} {rng.choice(middles)} "
                                 f"{rng.choice(givens)}",
                       position="Phó Giám đốc", organisation=rng.choice(orgs),
                       email=f"letter{i}@example.vn", deadline=deadline, status="sent",
                       language="en" if i % 10 == 0 else "vi")
            for i in range(count)
        ])
        batch = LetterBatch.objects.create(edition=edition, total=count)
        batch.invitations.set(invitations)
    return batch.pk, edition, category


def _cleanup(edition, category) -> None:
    from conference.invitations.models import Invitation, LetterBatch, LetterTemplate

    LetterBatch.objects.filter(edition=edition).delete()
    Invitation.objects.filter(edition=edition).delete()
    LetterTemplate.objects.filter(edition=edition).delete()
    category.delete()
    edition.delete()


def _measure(count: int) -> dict:
    batch_id, edition, category = _make_data(count)
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings.dev")
        started = time.perf_counter()
        out = subprocess.run(  # noqa: S603
            [sys.executable, "-c", CHILD, str(batch_id)], cwd=ROOT, env=env, check=True,
            capture_output=True, text=True,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        result["wall"] = time.perf_counter() - started
        result["count"] = count
        return result
    finally:
        _cleanup(edition, category)


def run(ctx=None) -> str:
    if ctx is not None:
        ctx.setup_django()
    results = [_measure(count) for count in SIZES]
    lines = [
        "## Invitation letters (giấy mời) batch",
        "",
        "`render_letter_batch` (what the background task runs) in a fresh process: numbering "
        "under the edition's locked counter, then one A4 letter a page (Decree 30/2020 layout, "
        "Tinos embedded, vector QR to the answer page), one PDF for the batch; one letter in "
        "ten in English. No e-mails.",
        "",
        "| letters | render (s) | letters/s | process CPU (s) | peak RSS (MB) | baseline RSS "
        "(MB) | PDF size (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        assert r["status"] == "done" and r["done"] == r["count"], r
        lines.append(
            f"| {r['count']:,} | {r['seconds']:.1f} | {r['count'] / r['seconds']:.0f} | "
            f"{r['cpu']:.1f} | {r['peak_kb'] / 1024:.0f} | {r['baseline_kb'] / 1024:.0f} | "
            f"{r['bytes'] / 1024 / 1024:.1f} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings.dev")
    import django

    django.setup()
    print(run())
