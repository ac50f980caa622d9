"""Attendance certificates: only for attendees admitted at the doors that prove attendance,
a PDF in both languages whose QR opens the shared verification page, revocation, and nobody
downloads another person's certificate."""

import re
import unicodedata
from urllib.parse import urlparse

import pypdfium2 as pdfium
import pytest
import zxingcpp

from checkin.models import Scan
from conference.certificates import services
from conference.certificates.models import AttendanceCertificate, CertificateBatch
from conference.certificates.pdf import certificate_pdf
from conference.common.models import OutboxMessage
from conference.registration.enums import RegistrationStatus

from .conftest import at


@pytest.fixture
def venue(point_factory, session_factory):
    """The main entrance (many entries a day) and the plenary hall's door (linked to its
    session), as the demo's venue has them."""
    entrance = point_factory(name="Cổng chính", name_en="Main entrance", once=False)
    plenary = session_factory()
    hall = point_factory(name="Hội trường chính", name_en="Main hall", session=plenary)
    return entrance, hall, plenary


@pytest.fixture
def issue(django_capture_on_commit_callbacks, edition):
    """Start a batch (default points) and run it as the task queue would, after commit."""

    def run(**options):
        with django_capture_on_commit_callbacks(execute=True):
            batch = services.start_certificate_batch(edition=edition, **options)
        return CertificateBatch.objects.get(pk=batch.pk)

    return run


def _pages(pdf: bytes) -> list:
    return list(pdfium.PdfDocument(pdf))


def _text(page) -> str:
    return unicodedata.normalize("NFC", page.get_textpage().get_text_range())


def _qr(page) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(page.render(scale=200 / 72).to_pil())]


def test_certificates_go_only_to_attendees_admitted_at_the_main_entrance(
        attendee_factory, venue, scan, issue, category_factory):
    entrance, hall, plenary = venue
    came = attendee_factory("Nguyễn Thị Anh Thi", language="en")
    came_twice = attendee_factory("Trần Văn Bình")
    never_scanned = attendee_factory("Lê Văn Cường")
    only_the_hall = attendee_factory("Phạm Thị Dung")
    undone = attendee_factory("Hoàng Văn Em")
    pending = attendee_factory("Võ Thị Giang", status=RegistrationStatus.PENDING_APPROVAL)
    assert scan(came, entrance, at(7, 45)).result == "admitted"
    assert scan(came, hall, at(8, 50)).result == "admitted"
    scan(came_twice, entrance, at(7, 50))
    scan(came_twice, entrance, at(13, 5))  # back from lunch: still one certificate
    scan(only_the_hall, hall, at(8, 55))
    scan(undone, entrance, at(8))
    Scan.objects.filter(attendee=undone).update(undone_at=at(8, 1))  # undone at the door
    refused = scan(pending, entrance, at(8, 10))
    assert refused.result != "admitted"

    batch = issue()
    assert batch.status == "done", batch.error
    assert (batch.total, batch.issued) == (2, 2)
    certificates = {c.attendee_id: c for c in AttendanceCertificate.objects.all()}
    assert set(certificates) == {came.pk, came_twice.pk}
    assert certificates[came.pk].days == ["2024-10-25"]
    assert [s["title_en"] for s in certificates[came.pk].sessions] == ["Plenary session"]
    assert certificates[came_twice.pk].sessions == []
    assert never_scanned.pk not in certificates and only_the_hall.pk not in certificates
    # One e-mail each, in the holder's language, through the outbox.
    mails = {m.to: m for m in OutboxMessage.objects.filter(template="certificates/attendance")}
    assert set(mails) == {came.email, came_twice.email}
    assert mails[came.email].language == "en"
    assert "certificate of attendance" in mails[came.email].subject
    assert "Giấy chứng nhận tham dự" in mails[came_twice.email].subject
    assert f"/awards/certificates/{certificates[came_twice.pk].code}/" in \
        mails[came_twice.email].body_text
    # The print file holds both certificates, each in its holder's language.
    pages = _pages(batch.file.open("rb").read())
    assert len(pages) == 2
    # Run again: nobody gets a second certificate or e-mail.
    again = issue()
    assert (again.total, again.issued) == (2, 0)
    assert AttendanceCertificate.objects.count() == 2
    assert OutboxMessage.objects.filter(template="certificates/attendance").count() == 2
    # The hall's door counts when the organisers choose it.
    third = issue(points=[entrance, hall], send_email=False)
    assert third.issued == 1
    assert AttendanceCertificate.objects.filter(attendee=only_the_hall).exists()


def test_pdf_in_both_languages_with_a_qr_to_the_shared_verification_page(
        client, attendee_factory, venue, scan, issue, user_factory):
    entrance, hall, _plenary = venue
    # Typed with decomposed accents and with markup that must stay text.
    name = unicodedata.normalize("NFD", "Nguyễn Thị Anh Thi")
    attendee = attendee_factory(name, organisation="UBND thành phố Đà Nẵng <b>&amp;</b>",
                                position="Phó Giám đốc")
    scan(attendee, entrance, at(7, 45))
    scan(attendee, hall, at(8, 50))
    issue()
    certificate = AttendanceCertificate.objects.get()
    vi, en = _pages(certificate_pdf(certificate))
    vi_text, en_text = _text(vi), _text(en)
    assert "GIẤY CHỨNG NHẬN THAM DỰ" in vi_text
    assert "Nguyễn Thị Anh Thi" in vi_text
    assert "UBND thành phố Đà Nẵng <b>&amp;</b>" in vi_text
    assert "25/10/2024" in vi_text and "09:00 · Phiên toàn thể" in vi_text  # local time
    assert "CERTIFICATE OF ATTENDANCE" in en_text and "Plenary session" in en_text
    assert "National Conference on Digital Government 2024" in en_text
    [vi_url] = _qr(vi)
    [en_url] = _qr(en)
    assert vi_url == f"http://127.0.0.1:8000/awards/certificates/{certificate.code}/"
    assert en_url == f"http://127.0.0.1:8000/en/awards/certificates/{certificate.code}/"

    page = client.get(urlparse(vi_url).path)
    assert page.status_code == 200
    assert 'data-verdict="valid"' in page.text
    assert "Giấy chứng nhận hợp lệ" in page.text and "Nguyễn Thị Anh Thi" in page.text
    assert "Giấy chứng nhận tham dự" in page.text and "25/10/2024" in page.text
    english = client.get(urlparse(en_url).path)
    assert "Valid certificate" in english.text and "Attendance certificate" in english.text

    organiser = user_factory()
    services.revoke_certificate(certificate=certificate, by=organiser, reason="Sai tên")
    page = client.get(urlparse(vi_url).path)
    assert page.status_code == 200
    assert 'data-verdict="revoked"' in page.text and 'data-verdict="valid"' not in page.text
    assert "Giấy chứng nhận này đã bị thu hồi" in page.text
    with pytest.raises(services.CertificateError) as info:
        services.revoke_certificate(certificate=certificate, by=organiser, reason="again")
    assert info.value.code == "already_revoked"
    assert client.get("/awards/certificates/not-a-real-code/").status_code == 404


def test_nobody_downloads_another_persons_certificate(client, attendee_factory, venue, scan,
                                                      issue, user_factory):
    entrance, _hall, _plenary = venue
    alice_user, bob_user = user_factory(email="alice@example.vn"), user_factory()
    alice = attendee_factory("Nguyễn Thị Anh Thi", email="alice@example.vn")
    bob = attendee_factory("Trần Văn Bình", user=bob_user)
    scan(alice, entrance)
    scan(bob, entrance)
    issue()
    mine = AttendanceCertificate.objects.get(attendee=alice)
    theirs = AttendanceCertificate.objects.get(attendee=bob)
    url = f"/certificates/{mine.pk}/certificate.pdf"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(bob_user)
    assert client.get(url).status_code == 404
    response = client.get(f"/certificates/{theirs.pk}/certificate.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response["Cache-Control"] == "private, no-store"
    portal = client.get("/register/my/")
    assert theirs.code in portal.text and mine.code not in portal.text
    client.force_login(alice_user)
    assert client.get(url).status_code == 200
    portal = client.get("/register/my/")
    assert mine.code in portal.text and theirs.code not in portal.text
    # The e-mailed link works without signing in; a forged one does not; revoked: gone.
    client.logout()
    link = services.signed_download_url(mine).removeprefix("http://127.0.0.1:8000")
    assert client.get(link).status_code == 200
    assert client.get(link.replace("/s/", "/s/x")).status_code == 404
    services.revoke_certificate(certificate=mine, by=None, reason="Trùng")
    assert client.get(link).status_code == 410
    client.force_login(alice_user)
    assert client.get(url).status_code == 404


def test_organisers_issue_from_the_admin_and_the_desk_only_looks(role_client, attendee_factory,
                                                                 venue, scan,
                                                                 django_capture_on_commit_callbacks):
    entrance, hall, _plenary = venue
    scan(attendee_factory(), entrance)
    desk = role_client("Registration desk")
    index = desk.get("/admin/attendance-certificates/")
    assert index.status_code == 200 and "1 " in index.text
    assert desk.post("/admin/attendance-certificates/",
                     {"points": [entrance.pk]}).status_code == 404
    organiser = role_client("Organizer")
    page = organiser.get("/admin/attendance-certificates/")
    # The main entrance is proposed; the session's door is offered but not ticked.
    assert re.search(rf'value="{entrance.pk}"[^>]*checked', page.text)
    assert re.search(rf'value="{hall.pk}"', page.text)
    assert not re.search(rf'value="{hall.pk}"[^>]*checked', page.text)
    refused = organiser.post("/admin/attendance-certificates/", {"send_email": "on"})
    assert refused.status_code == 200
    assert "chọn ít nhất một điểm check-in" in refused.text
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser.post("/admin/attendance-certificates/",
                                  {"points": [entrance.pk], "list_sessions": "on"})
    batch = CertificateBatch.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/batches/{batch.pk}/")
    status = organiser.get(f"/admin/attendance-certificates/batches/{batch.pk}/status.json")
    assert status.json()["status"] == "done" and status.json()["issued"] == 1
    download = organiser.get(f"/admin/attendance-certificates/batches/{batch.pk}/download/")
    assert download.status_code == 200
    certificate = AttendanceCertificate.objects.get()
    detail = organiser.get(f"/admin/attendance-certificates/{certificate.pk}/")
    assert certificate.code in detail.text
    organiser.post(f"/admin/attendance-certificates/{certificate.pk}/revoke/", {"reason": ""})
    assert AttendanceCertificate.objects.get().revoked_at is None
    organiser.post(f"/admin/attendance-certificates/{certificate.pk}/revoke/",
                   {"reason": "Sai chức vụ"})
    assert AttendanceCertificate.objects.get().revoked_at is not None
    staff = role_client("Check-in staff")
    assert staff.get("/admin/attendance-certificates/").status_code in (302, 403)
