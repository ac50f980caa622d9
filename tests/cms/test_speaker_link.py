"""A speaker's private link: own bio, photo and slides, nothing else; nothing public before an
editor approves."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cms import materials
from cms.models import SessionMaterial, Speaker, SpeakerChange

from .test_materials import pdf_bytes


@pytest.fixture
def speaker_b(edition):
    return Speaker.objects.create(edition=edition, name="Trần Văn Bình", bio="Tiểu sử của B")


@pytest.fixture
def sessions(make_session, hall, speaker, speaker_b):
    own = make_session(title="Phiên của A", start="09:00", end="09:30", room=hall,
                       speakers=[speaker])
    other = make_session(title="Phiên của B", start="10:00", end="10:30", room=hall,
                         speakers=[speaker_b])
    return own, other


@pytest.fixture
def editor(user_factory):
    """An editor with TOTP set up (staff must use MFA in the admin)."""
    from allauth.mfa.models import Authenticator

    user = user_factory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def link(speaker) -> str:
    return f"/speaker/{materials.speaker_token(speaker)}/"


def slides_upload(content=None, name="slides.pdf"):
    return SimpleUploadedFile(name, content if content is not None else pdf_bytes(),
                              content_type="application/pdf")


def test_the_link_edits_only_its_own_speaker_and_sessions(client, sessions, speaker,
                                                          speaker_b, agenda_site):
    own, other = sessions
    page = client.get(link(speaker))
    assert page.status_code == 200
    assert "Phiên của A" in page.text and "Phiên của B" not in page.text
    assert "private" in page["Cache-Control"] or "no-store" in page["Cache-Control"]
    # A's link, B's session: refused, nothing recorded.
    response = client.post(link(speaker), {"bio": "Mới", "bio_en": "",
                                           "slides_session": other.pk,
                                           "slides": slides_upload()})
    assert response.status_code == 400
    assert not SpeakerChange.objects.exists()
    # A's link changes A, never B.
    client.post(link(speaker), {"bio": "Tiểu sử mới của A", "bio_en": "New bio of A"})
    change = SpeakerChange.objects.get()
    assert change.speaker == speaker
    speaker_b.refresh_from_db()
    assert speaker_b.bio == "Tiểu sử của B"
    # The service refuses too, whoever calls it.
    with pytest.raises(materials.MaterialError):
        materials.submit_speaker_change(speaker=speaker, bio="x", bio_en="",
                                        slides=slides_upload(), slides_session=other)


def test_a_forged_or_altered_link_is_refused(client, speaker, speaker_b):
    token = materials.speaker_token(speaker)
    assert client.get(f"/speaker/{token[:-2]}xx/").status_code == 404
    assert client.get("/speaker/not-a-token/").status_code == 404
    assert client.post(f"/speaker/{token}x/", {"bio": "x"}).status_code == 404


def test_changes_are_invisible_until_an_editor_approves(client, sessions, speaker, editor,
                                                        agenda_site):
    own, _other = sessions
    speaker_page = f"/agenda/speakers/{speaker.pk}/"
    session_page = f"/agenda/sessions/{own.pk}/"
    client.get(speaker_page), client.get(session_page)  # both in the page cache now
    response = client.post(link(speaker), {"bio": "Tiểu sử chờ duyệt", "bio_en": "Pending bio",
                                           "slides_session": own.pk,
                                           "slides": slides_upload()})
    assert response.status_code == 302
    assert "Tiểu sử chờ duyệt" not in client.get(speaker_page).text
    assert "/materials/" not in client.get(session_page).text
    assert not SessionMaterial.objects.exists()

    change = SpeakerChange.objects.get()
    staff = Client()
    staff.force_login(editor)
    listing = staff.get("/admin/speaker-changes/")
    assert listing.status_code == 200 and "Tiểu sử chờ duyệt" in listing.text
    assert staff.get(f"/admin/speaker-changes/{change.pk}/slides/").status_code == 200
    staff.post(f"/admin/speaker-changes/{change.pk}/decide/", {"decision": "approve"})
    change.refresh_from_db()
    assert change.status == "approved" and change.decided_by == editor

    assert "Tiểu sử chờ duyệt" in client.get(speaker_page).text
    material = SessionMaterial.objects.get(session=own)
    assert f"/materials/{material.pk}/slides.pdf" in client.get(session_page).text
    # Decided once: a second decision is refused, not applied.
    staff.post(f"/admin/speaker-changes/{change.pk}/decide/", {"decision": "reject"})
    change.refresh_from_db()
    assert change.status == "approved"


def test_a_refused_change_is_never_published(client, sessions, speaker, editor):
    client.post(link(speaker), {"bio": "Không được duyệt", "bio_en": ""})
    change = SpeakerChange.objects.get()
    staff = Client()
    staff.force_login(editor)
    staff.post(f"/admin/speaker-changes/{change.pk}/decide/",
               {"decision": "reject", "reason": "Quá dài"})
    change.refresh_from_db()
    speaker.refresh_from_db()
    assert change.status == "rejected" and change.reason == "Quá dài"
    assert speaker.bio != "Không được duyệt"
    assert "Quá dài" in client.get(link(speaker)).text  # the speaker sees why


def test_only_editors_decide(client, sessions, speaker, user_factory):
    client.post(link(speaker), {"bio": "Chờ", "bio_en": ""})
    change = SpeakerChange.objects.get()
    from allauth.mfa.models import Authenticator

    staff = user_factory(is_staff=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    nobody = Client()
    nobody.force_login(staff)
    response = nobody.post(f"/admin/speaker-changes/{change.pk}/decide/",
                           {"decision": "approve"})
    assert response.status_code in (302, 403)
    change.refresh_from_db()
    assert change.status == "pending"
    assert nobody.get(f"/admin/speaker-changes/{change.pk}/slides/").status_code in (302, 403,
                                                                                     404)


@pytest.mark.parametrize("content", [
    b"<html><body>not a pdf</body></html>",
    b"MZ\x90\x00 a windows program renamed",
])
def test_speaker_link_refuses_a_non_pdf_disguised_as_pdf(client, sessions, speaker, content):
    own, _other = sessions
    response = client.post(link(speaker), {"bio": speaker.bio, "bio_en": "",
                                           "slides_session": own.pk,
                                           "slides": slides_upload(content)})
    assert response.status_code == 400
    assert "PDF" in response.text
    assert not SpeakerChange.objects.exists()


def test_speaker_link_in_english(client, sessions, speaker):
    page = client.get("/en" + link(speaker))
    assert page.status_code == 200
    assert "Your speaker page" in page.text
    vi = client.get(link(speaker))
    assert "Trang diễn giả của bạn" in vi.text


def test_photo_must_be_an_image(client, sessions, speaker):
    response = client.post(link(speaker), {"bio": "", "bio_en": "",
                                           "photo": slides_upload(name="me.jpg")})
    assert response.status_code == 400
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 40), "blue").save(out, format="JPEG")
    response = client.post(link(speaker), {"bio": "", "bio_en": "",
                                           "photo": SimpleUploadedFile("me.jpg", out.getvalue())})
    assert response.status_code == 302
    assert SpeakerChange.objects.get().photo.name.endswith(".jpg")
