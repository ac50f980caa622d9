"""The demo's delegates came through the doors and hold certificates, its post-event report is
ready, and loading it again changes nothing."""

from django.core.management import call_command

from checkin.models import Scan
from conference.certificates.models import AttendanceCertificate
from conference.reports.models import EditionReport


def test_demo_certificates_for_checked_in_attendees(demo):
    certificates = AttendanceCertificate.objects.filter(edition__year=2024)
    holders = set(certificates.values_list("attendee_id", flat=True))
    came = set(Scan.objects.filter(result="admitted", point__name_en__in=[
        "Main entrance", "Main hall"]).values_list("attendee_id", flat=True))
    assert len(holders) > 50
    assert holders == came
    assert any(c.sessions for c in certificates)
    # The demo's post-event report is ready and counts the same people.
    report = EditionReport.objects.get(edition__year=2024, status="done")
    assert report.figures["attendance"]["checked_in"] == len(came | set(
        Scan.objects.filter(result="admitted", direction="entry").values_list("attendee_id",
                                                                               flat=True)))
    assert report.figures["certificates"]["valid"] == len(holders)
    assert report.pdf_vi and report.xlsx_en
    count = certificates.count()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert AttendanceCertificate.objects.count() == count
    assert EditionReport.objects.count() == 1
