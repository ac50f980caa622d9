"""Benchmark: the post-event report of an edition with 3,000 attendees and 30,000 scans, and a
batch of 3,000 attendance certificates (issued, e-mailed through the outbox, drawn into one
print-ready PDF).

Each is run by the function its background task calls (``run_report``,
``run_certificate_batch``) in a fresh Python process, so that the peak resident memory we report
(``ru_maxrss``) is the job's own.

Run on its own: ``DATABASE_URL=... .venv/bin/python bench/bench_report.py``.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ATTENDEES = 3000
SCANS = 30000

CHILD = r"""
import json, resource, sys, time
import django
django.setup()
from conference.certificates.models import CertificateBatch
from conference.certificates.services import run_certificate_batch
from conference.reports.models import EditionReport
from conference.reports.services import run_report
kind, pk = sys.argv[1], int(sys.argv[2])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
if kind == "report":
    job = run_report(report_id=pk)
    done = job.figures.get("attendance", {}).get("checked_in", 0)
    size = sum(f.size for f in (job.pdf_vi, job.pdf_en, job.xlsx_vi, job.xlsx_en) if f)
else:
    job = run_certificate_batch(batch_id=pk)
    done, size = job.issued, job.file.size if job.file else 0
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": seconds, "peak_kb": usage.ru_maxrss, "baseline_kb": before,
                  "cpu": usage.ru_utime + usage.ru_stime, "status": job.status,
                  "done": done, "error": job.error, "bytes": size}))
"""


def _make_data() -> tuple:
    """A throw-away edition: 3,000 confirmed attendees with badges, an entrance, ten session
    doors and an exit, and 30,000 scans over the day."""
    import datetime
    import random
    import uuid
    from zoneinfo import ZoneInfo

    from django.contrib.auth import get_user_model
    from django.db import transaction

    from checkin.models import CheckinPoint, Scan
    from checkin.services import register_device
    from cms.models import Edition, Session
    from conference.registration.badges import generate_badge_code
    from conference.registration.enums import RegistrationStatus
    from conference.registration.models import Attendee, Badge, Category, Registration
    from conference.registration.provinces import Province

    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    rng = random.Random(2025)
    families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
    givens = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khoa", "Lan", "Minh", "Nga"]
    provinces = list(Province.values)
    types = ["central", "local", "state_enterprise", "private_enterprise", "academic", "press"]
    day = datetime.date(2024, 10, 25)

    def at(hour, minute=0):
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=vn)

    with transaction.atomic():
        year = 2950
        Edition.objects.filter(year=year).delete()
        edition = Edition.objects.create(
            year=year, name=f"Hội thảo Quốc gia về Chính phủ số {year}",
            name_en=f"National Conference on Digital Government {year}",
            start_date=day, end_date=day, venue="Furama, Đà Nẵng")
        categories = [Category.objects.create(edition=edition, code=code, name=name,
                                              quota=ATTENDEES)
                      for code, name in (("gov", "Đại biểu"), ("business", "Doanh nghiệp"),
                                         ("press", "Báo chí"))]
        registrations = Registration.objects.bulk_create([
            Registration(edition=edition, category=categories[i % 3],
                         reference=f"R{year}{i:06d}", contact_email=f"bench{i}@example.com",
                         status=RegistrationStatus.CONFIRMED)
            for i in range(ATTENDEES)])
        attendees = Attendee.objects.bulk_create([
            Attendee(registration=r, full_name=f"{rng.choice(families)} Văn {rng.choice(givens)}",
                     position="Chuyên viên", organisation="Sở Khoa học và Công nghệ",
                     organisation_type=rng.choice(types), province=rng.choice(provinces),
                     email=f"bench{i}@example.com", language="vi" if i % 5 else "en")
            for i, r in enumerate(registrations)])
        badges = Badge.objects.bulk_create([Badge(attendee=a, code=generate_badge_code())
                                            for a in attendees])
        user, _ = get_user_model().objects.get_or_create(email="bench-scanner@example.com")
        device, _token = register_device(user=user, name="bench")
        entrance = CheckinPoint.objects.create(edition=edition, name="Cổng chính", once=False)
        exit_point = CheckinPoint.objects.create(edition=edition, name="Cửa ra",
                                                 direction="exit", once=False)
        doors = []
        for n in range(10):
            session = Session.objects.create(edition=edition, title=f"Phiên {n + 1}",
                                             start=at(8 + n % 9, 30), end=at(9 + n % 9, 20))
            doors.append(CheckinPoint.objects.create(edition=edition, name=f"Cửa phiên {n + 1}",
                                                     session=session, once=False))
        rows = []

        def scan(point, badge, attendee, category, when, result="admitted", direction="entry"):
            rows.append(Scan(point=point, device=device, nonce=uuid.uuid4().hex,
                             code=badge.code, badge=badge, attendee=attendee, category=category,
                             result=result, direction=direction, scanned_at=when))

        people = list(zip(badges, attendees, registrations, strict=True))
        while len(rows) < SCANS:
            for badge, attendee, registration in people:
                if len(rows) >= SCANS:
                    break
                category = registration.category
                arrival = at(7, 15) + datetime.timedelta(minutes=rng.triangular(0, 120, 45))
                scan(entrance, badge, attendee, category, arrival)
                for door in rng.sample(doors, 6):
                    scan(door, badge, attendee, category,
                         door.session.start - datetime.timedelta(minutes=rng.randint(0, 20)))
                scan(exit_point, badge, attendee, category, at(17, rng.randint(0, 59)),
                     direction="exit")
                if rng.random() < 0.4:
                    scan(entrance, badge, attendee, category, at(13, rng.randint(0, 50)))
        Scan.objects.bulk_create(rows, batch_size=2000)
    return edition, categories, device


def _cleanup(edition, categories, device) -> None:
    from checkin.models import CheckinPoint, Scan
    from cms.models import Session
    from conference.certificates.models import AttendanceCertificate, CertificateBatch
    from conference.common.models import OutboxMessage
    from conference.registration.models import Registration
    from conference.reports.models import EditionReport

    for report in EditionReport.objects.filter(edition=edition):
        for file in (report.pdf_vi, report.pdf_en, report.xlsx_vi, report.xlsx_en):
            file.delete(save=False)
    EditionReport.objects.filter(edition=edition).delete()
    for batch in CertificateBatch.objects.filter(edition=edition):
        batch.file.delete(save=False)
    AttendanceCertificate.objects.filter(edition=edition).delete()
    CertificateBatch.objects.filter(edition=edition).delete()
    OutboxMessage.objects.filter(to__startswith="bench", to__endswith="@example.com").delete()
    Scan.objects.filter(point__edition=edition).delete()
    CheckinPoint.objects.filter(edition=edition).delete()
    Session.objects.filter(edition=edition).delete()
    Registration.objects.filter(edition=edition).delete()
    for category in categories:
        category.delete()
    device.delete()
    edition.delete()


def _child(kind: str, pk: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings.dev")
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", CHILD, kind, str(pk)], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _measure() -> dict:
    from conference.certificates.models import CertificateBatch
    from conference.reports.models import EditionReport
    from conference.reports.services import STEPS

    started = time.perf_counter()
    created = _make_data()
    setup = time.perf_counter() - started
    edition = created[0]
    try:
        batch = CertificateBatch.objects.create(edition=edition)
        from conference.certificates.queries import default_points

        batch.points.set(default_points(edition))
        certificates = _child("certificates", batch.pk)
        report = EditionReport.objects.create(edition=edition, steps=STEPS)
        report_result = _child("report", report.pk)
        return {"setup": setup, "certificates": certificates, "report": report_result}
    finally:
        _cleanup(*created)


def run(ctx=None) -> str:
    if ctx is not None:
        ctx.setup_django()
    result = _measure()
    lines = [
        "## Post-event report and attendance certificates",
        "",
        f"A throw-away edition of {ATTENDEES:,} confirmed attendees, all of whom came, and "
        f"{SCANS:,} scans (an entrance, ten session doors, an exit; arrivals from 7:15, "
        "re-entries after lunch), so that the batch issues one certificate each. Each "
        "job runs in a fresh process through the function its task calls; peak memory is that "
        "process's maximum resident set size (`ru_maxrss`), baseline is after `django.setup()`.",
        "",
        "| job | result | time (s) | process CPU (s) | peak RSS (MB) | baseline RSS (MB) "
        "| files (MB) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for label, key, what in (
        ("post-event report (figures, 2 PDFs, 2 XLSX)", "report", "people checked in"),
        ("attendance certificates (issue, e-mail, print PDF)", "certificates", "issued"),
    ):
        r = result[key]
        assert r["status"] == "done", r
        lines.append(
            f"| {label} | {r['done']:,} {what} | {r['seconds']:.1f} | {r['cpu']:.1f} | "
            f"{r['peak_kb'] / 1024:.0f} | {r['baseline_kb'] / 1024:.0f} | "
            f"{r['bytes'] / 1024 / 1024:.1f} |")
    lines += ["", f"Making the data (bulk inserts, not measured above): {result['setup']:.0f} s."]
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
