"""Press accreditation: press card and portrait uploads checked by content, served only to the
desk, approval or rejection with a reason, and the photo on the badge."""

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from conference.common.files import FileRejected
from conference.common.models import OutboxMessage
from conference.registration.badges import badge_pdf, content_for, issue_badge
from conference.registration.enums import DocumentKind, RegistrationStatus
from conference.registration.exceptions import RegistrationError
from conference.registration.links import status_url
from conference.registration.models import Attendee, AttendeeDocument, Registration
from conference.registration.services import (
    approve_registration,
    missing_documents,
    reject_registration,
    upload_attendee_document,
)

from .factories import make_category, make_edition

pytestmark = pytest.mark.django_db


def _png(size=(300, 400), colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def _pdf() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "THE BAO CHI")
    canvas.save()
    return buffer.getvalue()


class Upload(io.BytesIO):
    def __init__(self, content: bytes, name: str):
        super().__init__(content)
        self.name, self.size = name, len(content)


@pytest.fixture
def press(db):
    edition = make_edition()
    category = make_category(edition, code="press", name="Báo chí", requires_approval=True)
    category.asks_press_card = category.asks_photo = category.photo_on_badge = True
    category.save()
    registration = Registration.objects.create(
        edition=edition, category=category, reference="PRESS001", contact_email="pv@bao.vn",
        status=RegistrationStatus.PENDING_APPROVAL, language="vi",
    )
    attendee = Attendee.objects.create(registration=registration, full_name="Nông Văn Báo",
                                       email="pv@bao.vn", language="en",
                                       organisation="Báo Điện tử Demo")
    return attendee


def test_uploads_are_checked_by_their_content(press):
    html_as_jpg = Upload(b"<html><script>alert(1)</script></html>", "the-bao-chi.jpg")
    with pytest.raises(FileRejected) as error:
        upload_attendee_document(attendee=press, kind=DocumentKind.PRESS_CARD,
                                 upload=html_as_jpg)
    assert error.value.code == "file_type"
    # A portrait must be an image: a PDF renamed .png is refused.
    with pytest.raises(FileRejected):
        upload_attendee_document(attendee=press, kind=DocumentKind.PHOTO,
                                 upload=Upload(_pdf(), "anh.png"))
    card = upload_attendee_document(attendee=press, kind=DocumentKind.PRESS_CARD,
                                    upload=Upload(_pdf(), "the.exe"))
    assert card.content_type == "application/pdf" and card.file.name.endswith(".pdf")
    photo = upload_attendee_document(attendee=press, kind=DocumentKind.PHOTO,
                                     upload=Upload(_png(), "chan-dung.jpg"))
    assert photo.content_type == "image/png"
    # Private storage: nowhere under MEDIA_ROOT.
    from django.conf import settings

    assert not photo.file.path.startswith(str(settings.MEDIA_ROOT))


def test_approval_waits_for_the_documents(press, user_factory):
    desk = user_factory()
    assert [kind for _a, kind in missing_documents(press.registration)] == [
        DocumentKind.PRESS_CARD, DocumentKind.PHOTO]
    with pytest.raises(RegistrationError) as error:
        approve_registration(registration=press.registration, by=desk)
    assert error.value.code == "documents_missing"
    upload_attendee_document(attendee=press, kind=DocumentKind.PRESS_CARD,
                             upload=Upload(_pdf(), "the.pdf"))
    upload_attendee_document(attendee=press, kind=DocumentKind.PHOTO,
                             upload=Upload(_png(), "anh.png"))
    approve_registration(registration=press.registration, by=desk, note="Chào mừng")
    press.registration.refresh_from_db()
    assert press.registration.status == RegistrationStatus.CONFIRMED
    # Decided: the photo on an approved badge does not change behind the desk's back.
    with pytest.raises(RegistrationError):
        upload_attendee_document(attendee=press, kind=DocumentKind.PHOTO,
                                 upload=Upload(_png(colour=(0, 0, 0)), "anh.png"))


def test_rejection_needs_a_reason_and_tells_the_journalist_in_their_language(
    press, user_factory, django_capture_on_commit_callbacks
):
    desk = user_factory()
    with pytest.raises(RegistrationError) as error:
        reject_registration(registration=press.registration, by=desk, note="  ")
    assert error.value.code == "reason_required"
    with django_capture_on_commit_callbacks(execute=True):
        reject_registration(registration=press.registration, by=desk,
                            note="Thẻ nhà báo đã hết hạn / The press card has expired.")
    message = OutboxMessage.objects.get(to="pv@bao.vn")
    assert message.language == "en"
    assert "The press card has expired." in message.body_text


def test_the_press_badge_carries_the_photo(press, user_factory):
    upload_attendee_document(attendee=press, kind=DocumentKind.PRESS_CARD,
                             upload=Upload(_pdf(), "the.pdf"))
    upload_attendee_document(attendee=press, kind=DocumentKind.PHOTO,
                             upload=Upload(_png(), "anh.png"))
    approve_registration(registration=press.registration, by=user_factory())
    badge = issue_badge(attendee=press) if not press.badges.exists() else press.badges.get()
    assert content_for(badge).photo
    page = PdfReader(io.BytesIO(badge_pdf(badge))).pages[0]
    assert len(page.images) == 1
    # The category setting turns it off.
    category = press.registration.category
    category.photo_on_badge = False
    category.save()
    badge = type(badge).objects.get(pk=badge.pk)
    assert content_for(badge).photo is None
    assert len(PdfReader(io.BytesIO(badge_pdf(badge))).pages[0].images) == 0


def test_documents_are_served_only_to_the_desk(press, client, user_factory):
    from django.contrib.auth.models import Group

    from conference.accounts.roles import REGISTRATION_DESK, sync_roles
    from tests.checkin.conftest import activate_totp

    photo = upload_attendee_document(attendee=press, kind=DocumentKind.PHOTO,
                                     upload=Upload(_png(), "anh.png"))
    url = f"/admin/registration-desk/documents/{photo.pk}/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(user_factory())
    assert client.get(url).status_code in (302, 403)
    sync_roles()
    desk = user_factory()
    desk.groups.add(Group.objects.get(name=REGISTRATION_DESK))
    activate_totp(desk)
    client.force_login(desk)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content if response.streaming else
                    [response.content]).startswith(b"\x89PNG")
    assert client.get("/admin/registration-desk/documents/999999/").status_code == 404


def test_the_contact_uploads_from_the_status_page(press, client):
    url = status_url(press.registration)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Thẻ nhà báo" in html and "Ảnh chân dung" in html
    response = client.post(url, {"attendee": press.pk, "kind": DocumentKind.PHOTO,
                                 "file": Upload(b"GIF89a not really", "anh.jpg")}, follow=True)
    assert "Chỉ chấp nhận ảnh PNG, JPEG hoặc WebP" in response.content.decode()
    client.post(url, {"attendee": press.pk, "kind": DocumentKind.PHOTO,
                      "file": Upload(_png(), "anh.png")})
    assert AttendeeDocument.objects.filter(attendee=press, kind=DocumentKind.PHOTO).exists()
    # Another registration's attendee cannot be reached through this link.
    other = Attendee.objects.create(registration=Registration.objects.create(
        edition=press.registration.edition, category=press.registration.category,
        reference="PRESS002", contact_email="x@bao.vn",
        status=RegistrationStatus.PENDING_APPROVAL), full_name="Người Khác", email="x@bao.vn")
    response = client.post(url, {"attendee": other.pk, "kind": DocumentKind.PHOTO,
                                 "file": Upload(_png(), "anh.png")})
    assert response.status_code == 404
    assert not AttendeeDocument.objects.filter(attendee=other).exists()


def test_demo_has_journalists_waiting_for_the_desk(demo):
    ready = Registration.objects.get(reference="PRESSDEMO1")
    assert ready.status == RegistrationStatus.PENDING_APPROVAL
    assert missing_documents(ready) == []
    waiting = Registration.objects.get(reference="PRESSDEMO2")
    assert [kind for _a, kind in missing_documents(waiting)] == [DocumentKind.PHOTO]
    from conference.registration.demo import load

    load()
    assert AttendeeDocument.objects.filter(attendee__registration__reference__in=[
        "PRESSDEMO1", "PRESSDEMO2"]).count() == 3
