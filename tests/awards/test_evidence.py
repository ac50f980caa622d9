"""Evidence files: checked by content, size-limited, private, served only to those allowed."""

from pathlib import Path

import pytest
from django.conf import settings

from conference.awards import services
from conference.awards.enums import NominationStatus
from conference.awards.files import EvidenceRejected, check_evidence
from conference.awards.models import EvidenceFile, Nomination

from .conftest import assign, pdf_bytes, png_bytes, upload

S = NominationStatus
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"


def test_real_pdf_and_png_are_accepted():
    assert check_evidence(upload("x.bin", pdf_bytes())).content_type == "application/pdf"
    assert check_evidence(upload("x.pdf", png_bytes())).content_type == "image/png"


@pytest.mark.parametrize(("name", "content", "code"), [
    ("bao-cao.pdf", EXE, "file_type"),  # a program renamed .pdf
    ("anh.png", HTML, "file_type"),  # a web page renamed .png
    ("hong.pdf", b"%PDF-1.7\n" + b"garbage" * 50, "file_damaged"),  # says PDF, is not
    ("rong.pdf", b"", "file_empty"),
    ("anh.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "file_type"),  # not an accepted format
])
def test_disguised_or_broken_files_are_refused(name, content, code):
    with pytest.raises(EvidenceRejected) as info:
        check_evidence(upload(name, content))
    assert info.value.code == code


def test_oversized_files_are_refused(settings):
    settings.AWARDS_MAX_EVIDENCE_BYTES = 1024 * 1024
    with pytest.raises(EvidenceRejected) as info:
        check_evidence(upload("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024)))
    assert info.value.code == "file_too_big"
    assert info.value.message == "Tệp lớn hơn 1 MB."


def test_evidence_is_stored_privately_under_a_random_name(make_nomination):
    nomination = make_nomination(S.DRAFT)
    evidence = services.add_evidence(nomination=nomination, by=nomination.nominator,
                                     upload=upload("<script>.pdf", pdf_bytes()))
    path = Path(evidence.file.path)
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert "script" not in path.name and path.suffix == ".pdf"
    assert evidence.original_name == "<script>.pdf"


def _post_draft(client, nomination, **extra):
    data = {
        "kind": nomination.kind, "nominee_name": nomination.nominee_name,
        "nominee_position": nomination.nominee_position,
        "nominee_organisation": nomination.nominee_organisation,
        "nominee_sector": nomination.nominee_sector, "nominee_email": nomination.nominee_email,
        "summary": "Tóm tắt MỚI", "achievements": nomination.achievements,
        "figures-TOTAL_FORMS": "1", "figures-INITIAL_FORMS": "0",
        "figures-0-label": "DTI", "figures-0-value": "1", **extra,
    }
    return client.post(f"/awards/nominations/{nomination.pk}/edit/", data)


def test_a_disguised_upload_in_the_form_saves_nothing(client, make_nomination):
    nomination = make_nomination(S.DRAFT)
    client.force_login(nomination.nominator)
    response = _post_draft(client, nomination, save="1",
                           file=upload("trang.png", HTML, "image/png"))
    assert response.status_code == 200
    assert "Chỉ nhận tài liệu PDF và ảnh PNG, JPEG hoặc WebP" in response.text
    nomination.refresh_from_db()
    assert nomination.summary == "Dẫn dắt chuyển đổi số."  # the rest of the form was not saved
    assert not EvidenceFile.objects.exists()
    private = Path(settings.PRIVATE_MEDIA_ROOT)
    assert not private.exists() or not any(p.is_file() for p in private.rglob("*"))


def test_submission_refused_when_incomplete_keeps_the_draft(client, make_nomination):
    nomination = make_nomination(S.DRAFT)
    client.force_login(nomination.nominator)
    response = _post_draft(client, nomination, submit="1", eligibility_confirmed="on",
                           file=upload("a.pdf", pdf_bytes(), "application/pdf"))
    # Complete with the file: submitted.
    assert response.status_code == 302
    assert Nomination.objects.get(pk=nomination.pk).status == S.SUBMITTED
    other = make_nomination(S.DRAFT)
    client.force_login(other.nominator)
    response = _post_draft(client, other, submit="1", eligibility_confirmed="on",
                           file=upload("b.pdf", pdf_bytes(), "application/pdf"),
                           nominee_email="")
    assert response.status_code == 200
    assert "email của ứng viên, để ứng viên xác nhận đồng ý" in response.text
    other.refresh_from_db()
    assert (other.status, other.nominee_email, other.evidence.count()) == (
        S.DRAFT, "nominee@example.com", 0)
    private = Path(settings.PRIVATE_MEDIA_ROOT) / "awards" / "evidence" / str(other.pk)
    assert not private.exists() or not any(private.iterdir())


def test_evidence_is_served_only_to_the_nominator_judges_and_secretariat(
    client, make_nomination, make_judge, user_factory, secretariat
):
    nomination = make_nomination(S.ELIGIBLE, by=secretariat)
    evidence = nomination.evidence.get()
    url = f"/awards/nominations/{nomination.pk}/evidence/{evidence.pk}/"
    assigned, unassigned = make_judge(), make_judge()
    assign(nomination, assigned)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    expected = [(nomination.nominator, 200), (assigned, 200), (secretariat, 200),
                (unassigned, 404), (user_factory(), 404)]
    for user, status in expected:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
        if status == 200:
            assert response["Content-Type"] == "application/pdf"
            assert response["X-Content-Type-Options"] == "nosniff"
            assert b"".join(response.streaming_content).startswith(b"%PDF-")
    # The media URL space does not reach private files.
    assert client.get(f"/media/{evidence.file.name}").status_code == 404
