"""The demo's delegates came through the doors and hold certificates, and loading it again
changes nothing."""

from django.core.management import call_command

from checkin.models import Scan
from conference.certificates.models import AttendanceCertificate


def test_demo_certificates_for_checked_in_attendees(demo):
    certificates = AttendanceCertificate.objects.filter(edition__year=2024)
    holders = set(certificates.values_list("attendee_id", flat=True))
    came = set(Scan.objects.filter(result="admitted", point__name_en__in=[
        "Main entrance", "Main hall"]).values_list("attendee_id", flat=True))
    assert len(holders) > 50
    assert holders == came
    assert any(c.sessions for c in certificates)
    count = certificates.count()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert AttendanceCertificate.objects.count() == count
