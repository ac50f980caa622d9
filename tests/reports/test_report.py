"""The post-event report: on a seeded edition every figure equals what the test counts by hand
(and the same figures are in the XLSX and the PDF, in both languages); the admin button and the
command prepare it through the task; staff without the grant cannot."""

import io
import unicodedata

import pypdfium2 as pdfium
import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from checkin.models import Scan
from conference.awards.enums import NominationStatus
from conference.awards.models import JudgeAssignment
from conference.certificates import services as certificate_services
from conference.certificates.models import AttendanceCertificate
from conference.common.models import OutboxMessage
from conference.common.services import retry_due_messages
from conference.feedback.models import SessionFeedback
from conference.invitations.models import Invitation
from conference.invitations.services import decline_invitation
from conference.registration.enums import RegistrationStatus
from conference.registration.models import Attendee, InvitationCode, Registration
from conference.registration.provinces import OLD_PROVINCES, Province, province_code
from conference.reports.models import EditionReport
from conference.reports.services import start_report
from tests.certificates.conftest import at
from tests.invitations.factories import invite, invite_organisation

S = NominationStatus


@pytest.fixture
def seeded(edition, user_factory, attendee_factory, category_factory, delegate, point_factory, scan,
           session_factory, make_nomination, make_judge, secretariat,
           django_capture_on_commit_callbacks):
    """A small edition whose every figure is known (see the expected values in the test)."""
    press = category_factory(code="press", name="Báo chí", name_en="Press")
    business = category_factory(code="business", name="Doanh nghiệp", name_en="Business",
                                price_vnd=1_500_000)
    entrance = point_factory(name="Cổng chính", name_en="Main entrance", once=False)
    plenary = session_factory()
    session_factory(title="Phiên thảo luận", title_en="Panel", start=at(10))
    hall = point_factory(name="Hội trường", name_en="Main hall", session=plenary)
    for rating in (5, 4, 4):  # three attendees rated the plenary
        SessionFeedback.objects.create(session=plenary, user=user_factory(), rating=rating)
    point_factory(name="Cửa ra", name_en="Exit", direction="exit")
    people = {
        "d1": attendee_factory("Nguyễn Văn An", organisation_type="local", province="da-nang"),
        "d2": attendee_factory("Trần Thị Bình", organisation_type="central", province="ha-noi"),
        "d3": attendee_factory("Lê Văn Cường", organisation_type="local",
                               province="quang-ngai"),
        "d4": attendee_factory("Phạm Thị Dung"),
        "p1": attendee_factory("Hoàng Văn Em", category=press, organisation="Báo Đà Nẵng",
                               organisation_type="press", province="da-nang"),
        "p2": attendee_factory("Võ Thị Giang", category=press, organisation="Báo Đà Nẵng",
                               organisation_type="press", province="da-nang"),
        "p3": attendee_factory("Đặng Văn Hải", category=press, organisation="VTV",
                               organisation_type="press", province="ha-noi"),
        "b1": attendee_factory("Bùi Thị Hạnh", category=business,
                               organisation_type="private_enterprise", province="ho-chi-minh"),
        "pending": attendee_factory("Ngô Văn Khánh",
                                    status=RegistrationStatus.PENDING_APPROVAL),
        "cancelled": attendee_factory("Dương Thị Lan", category=business,
                                      status=RegistrationStatus.CANCELLED),
    }
    Registration.objects.filter(attendees=people["b1"]).update(amount_vnd=1_500_000)
    code = InvitationCode.objects.create(code="KHACHMOI", category=delegate, max_uses=10)
    Registration.objects.filter(attendees__in=[people["d1"], people["cancelled"]]).update(
        invitation_code=code)
    # Named invitations: one accepted, an organisation's (3 seats) declined, one unanswered,
    # one drafted and never sent.
    accepted = invite(delegate, send=True)
    Invitation.objects.filter(pk=accepted.pk).update(status="accepted")
    decline_invitation(invitation=invite_organisation(delegate, 3, send=True), reason="Bận")
    invite(delegate, send=True)
    invite(delegate)
    scan(people["d1"], entrance, at(7, 40))
    scan(people["d1"], hall, at(8, 50))
    scan(people["d2"], entrance, at(7, 55))
    scan(people["d2"], entrance, at(13, 10))  # back from lunch
    scan(people["d4"], entrance, at(8, 5))
    Scan.objects.filter(attendee=people["d4"]).update(undone_at=at(8, 6))  # a mistake, undone
    scan(people["p1"], entrance, at(8, 10))
    scan(people["p3"], entrance, at(7, 45))
    scan(people["b1"], entrance, at(8, 20))
    assert scan(people["pending"], entrance, at(8, 0)).result == "not_admitted"
    # Awards: a winner, a finalist, a submitted nomination and a draft; one judge, one sheet.
    winner = make_nomination(S.WINNER, by=secretariat, name="Nguyễn Thị Anh Thi")
    make_nomination(S.FINALIST, by=secretariat, name="Trần Văn Bình")
    make_nomination(S.SUBMITTED)
    make_nomination(S.DRAFT)
    JudgeAssignment.objects.create(nomination=winner, judge=make_judge())
    # Certificates (e-mailed through the outbox); one revoked; one e-mail bounced.
    with django_capture_on_commit_callbacks(execute=True):
        certificate_services.start_certificate_batch(edition=edition)
    certificate_services.revoke_certificate(
        certificate=AttendanceCertificate.objects.get(attendee=people["b1"]), by=secretariat,
        reason="Sai tên")
    retry_due_messages()  # the outbox worker sends them
    OutboxMessage.objects.filter(to=people["p3"].email).update(status="bounced")
    return people


def _independent(edition) -> dict:
    """The same figures counted the slow, obvious way: one attendee at a time."""
    confirmed = [a for a in Attendee.objects.filter(registration__edition=edition)
                 if a.registration.status == RegistrationStatus.CONFIRMED]

    def came(attendee) -> bool:
        return any(s.result == "admitted" and s.undone_at is None and s.direction == "entry"
                   for s in Scan.objects.filter(attendee=attendee))

    return {"confirmed": len(confirmed), "checked_in": sum(came(a) for a in confirmed)}


def test_report_figures_equal_independent_counts(seeded, edition):
    report = start_report(edition=edition, run_now=True)
    assert report.status == "done", report.error
    f = report.figures
    assert _independent(edition) == {"confirmed": 8, "checked_in": 5}
    assert (f["attendance"]["registered"], f["attendance"]["checked_in"]) == (8, 5)
    assert f["registrations"]["statuses"] == {"confirmed": 8, "pending_approval": 1,
                                              "cancelled": 1}
    by_code = {r["name_en"]: r for r in f["registrations"]["by_category"]}
    assert {k: by_code["Delegate"][k] for k in ("registrations", "confirmed", "pending",
                                               "cancelled", "attendees", "checked_in")} == {
        "registrations": 5, "confirmed": 4, "pending": 1, "cancelled": 0, "attendees": 4,
        "checked_in": 2}
    assert (by_code["Press"]["attendees"], by_code["Press"]["checked_in"]) == (3, 2)
    assert (by_code["Business"]["registrations"], by_code["Business"]["cancelled"],
            by_code["Business"]["revenue_vnd"]) == (2, 1, 1_500_000)
    types = {r["key"]: (r["attendees"], r["checked_in"]) for r in f["by_organisation_type"]}
    assert types == {"local": (2, 1), "central": (1, 1), "": (1, 0), "press": (3, 2),
                     "private_enterprise": (1, 1)}
    provinces = {r["key"]: (r["attendees"], r["checked_in"]) for r in f["by_province"]}
    assert provinces == {"da-nang": (3, 2), "ha-noi": (2, 2), "quang-ngai": (1, 0),
                         "": (1, 0), "ho-chi-minh": (1, 1)}
    assert f["invitations"]["named"] == {
        "sent": 3, "opened": 0, "accepted": 1, "declined": 1, "unanswered": 1,
        "expired_or_withdrawn": 0, "seats_invited": 5, "seats_accepted": 1, "drafted": 1}
    assert f["invitations"]["codes"] == [{
        "code": "KHACHMOI", "category": "Đại biểu", "category_en": "Delegate", "max_uses": 10,
        "used": 2, "confirmed": 1}]
    points = {p["name_en"]: (p["people"], p["entries"], p["exits"])
              for p in f["attendance"]["points"]}
    assert points == {"Main entrance": (5, 6, 0), "Main hall": (1, 1, 0), "Exit": (0, 0, 0)}
    assert f["attendance"]["refused_scans"] == 1
    assert [(a["start"][11:16], a["count"]) for a in f["attendance"]["arrivals"]] == [
        ("07:30", 1), ("07:45", 2), ("08:00", 1), ("08:15", 1)]
    assert [(s["title_en"], s["attended"], s["feedback_count"],
             s["feedback_average"] and round(s["feedback_average"], 2)) for s in f["sessions"]] == [
        ("Plenary session", 1, 3, 4.33), ("Panel", None, 0, None)]
    assert (f["press"]["accredited"], f["press"]["checked_in"]) == (3, 2)
    assert f["press"]["outlets"] == [
        {"organisation": "Báo Đà Nẵng", "accredited": 2, "checked_in": 1},
        {"organisation": "VTV", "accredited": 1, "checked_in": 1}]
    assert f["awards"]["statuses"] == {"winner": 1, "finalist": 1, "submitted": 1, "draft": 1}
    [award_category] = f["awards"]["categories"]
    assert {k: award_category[k] for k in ("nominations", "judges", "assignments", "submitted",
                                           "finalists", "winners")} == {
        "nominations": 3, "judges": 1, "assignments": 1, "submitted": 0, "finalists": 1,
        "winners": 1}
    assert f["certificates"] == {"issued": 5, "revoked": 1, "valid": 4, "emailed": 5}
    assert f["emails"]["by_status"]["sent"] == 4 and f["emails"]["by_status"]["bounced"] == 1
    [certificate_mails] = [t for t in f["emails"]["by_template"]
                           if t["template"] == "certificates/attendance"]
    assert (certificate_mails["total"], certificate_mails["bounced"]) == (5, 1)

    # The XLSX carries the same figures, in both languages.
    book = load_workbook(io.BytesIO(report.xlsx_vi.open("rb").read()))
    rows = [tuple(c.value for c in row) for sheet in book for row in sheet.iter_rows()]
    assert _has(rows, ("Đại biểu", 5, 4, 1, 0, 4, 2, "50,0%", 0))
    assert _has(rows, ("Đà Nẵng", 3, 2, "66,7%"))
    assert _has(rows, ("Cổng chính", 5, 6, 0))
    assert _has(rows, ("07:45", 2))
    assert _has(rows, (3, 0, 1, 1, 1, 0, 5, 1))  # named invitations
    assert _has(rows[[r[:1] for r in rows].index(("Thời điểm",)):], ("25/10/2024 09:00",
                                                                     "Phiên toàn thể", None, 1))
    assert any("4,33" in row for row in rows)  # the plenary's average rating
    english = load_workbook(io.BytesIO(report.xlsx_en.open("rb").read()))
    rows_en = [tuple(c.value for c in row) for sheet in english for row in sheet.iter_rows()]
    assert _has(rows_en, ("Delegate", 5, 4, 1, 0, 4, 2, "50,0%", 0))
    assert _has(rows_en, ("Da Nang", 3, 2, "66,7%"))
    assert _has(rows_en, ("Attendance certificates issued", 4))
    # The PDFs: Vietnamese and English text, the arrival chart's labels, the totals.
    vi = _pdf_text(report.pdf_vi)
    assert "Báo cáo sau hội thảo" in vi and "Quảng Ngãi" in vi and "Báo Đà Nẵng" in vi
    assert "Lượt đến theo thời gian trong ngày" in vi
    en = _pdf_text(report.pdf_en)
    assert "Post-event report" in en and "Arrivals over the day" in en
    assert "Quang Ngai" in en


def _has(rows: list[tuple], expected: tuple) -> bool:
    """A row of the workbook starts with these cells (charts' data sit further right)."""
    return any(row[: len(expected)] == expected for row in rows)


def _pdf_text(file) -> str:
    document = pdfium.PdfDocument(file.open("rb").read())
    return unicodedata.normalize("NFC", "\n".join(
        page.get_textpage().get_text_range() for page in document))


def test_admin_button_prepares_the_report_and_only_granted_staff_may(
        role_client, edition, django_capture_on_commit_callbacks):
    desk = role_client("Registration desk")
    # Wagtail sends staff without the grant back to the dashboard.
    assert desk.get("/admin/reports/").url == "/admin/"
    assert desk.post("/admin/reports/prepare/").url == "/admin/"
    assert not EditionReport.objects.exists()
    organiser = role_client("Organizer")
    assert organiser.get("/admin/reports/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser.post("/admin/reports/prepare/", {"year": "2024"})
    report = EditionReport.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/reports/{report.pk}/")
    status = organiser.get(f"/admin/reports/{report.pk}/status.json").json()
    assert (status["status"], status["percent"]) == ("done", 100)
    for kind, start in (("pdf_vi", b"%PDF-"), ("pdf_en", b"%PDF-"), ("xlsx_vi", b"PK"),
                        ("xlsx_en", b"PK")):
        download = organiser.get(f"/admin/reports/{report.pk}/{kind}/")
        assert download.status_code == 200
        assert b"".join(download.streaming_content).startswith(start)
    assert organiser.get(f"/admin/reports/{report.pk}/nonsense/").status_code == 404


def test_command_writes_the_files(edition, tmp_path):
    out = io.StringIO()
    folder = tmp_path / "out"
    call_command("edition_report", "--year", "2024", "--output", str(folder), stdout=out)
    names = sorted(p.name for p in folder.iterdir())
    assert [n.rsplit("-", 1)[-1] for n in names] == ["en.pdf", "en.xlsx", "vi.pdf", "vi.xlsx"]
    with pytest.raises(Exception, match="No edition for 1999"):
        call_command("edition_report", "--year", "1999", stdout=out)


def test_34_provinces_and_every_older_name_mapped():
    assert len(Province.values) == 34
    assert len(OLD_PROVINCES) == 63
    assert set(OLD_PROVINCES.values()) == set(Province)
    assert province_code("tỉnh Quảng Nam") == "da-nang"
    assert province_code("Bà Rịa – Vũng Tàu") == "ho-chi-minh"
    assert province_code("TP. HCM") == "ho-chi-minh"
    assert province_code("thua thien hue") == "hue"
    assert province_code("Ha Giang") == "tuyen-quang"
    assert province_code("Da Nang") == "da-nang"
    assert province_code("Atlantis") == ""
