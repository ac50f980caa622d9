import pytest

from conference.registration.badges import (
    CODE_ALPHABET,
    CODE_BITS,
    generate_badge_code,
    is_well_formed,
    issue_badge,
)
from conference.registration.models import Attendee, Badge, Category, Registration


def test_codes_are_long_random_and_unambiguous():
    assert CODE_BITS >= 100
    assert not set("0O1IL2Z5S8B").intersection(CODE_ALPHABET)
    codes = {generate_badge_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(is_well_formed(code) for code in codes)
    assert not is_well_formed("ABC")


@pytest.mark.django_db
def test_reissue_revokes_the_old_code(demo):
    category = Category.objects.create(edition=demo, code="gov", name="Đại biểu", quota=10)
    registration = Registration.objects.create(
        edition=demo, category=category, reference="R1", contact_email="a@example.com"
    )
    attendee = Attendee.objects.create(
        registration=registration, full_name="Nguyễn Thị Anh Thi", email="a@example.com"
    )
    first = issue_badge(attendee=attendee)
    second = issue_badge(attendee=attendee, reason="lost")
    first.refresh_from_db()
    assert first.revoked_at is not None and first.revoked_reason == "lost"
    assert second.revoked_at is None and second.code != first.code
    assert list(Badge.objects.filter(attendee=attendee, revoked_at__isnull=True)) == [second]


@pytest.mark.parametrize(("raw", "stored"), [
    (" acdefghjkmnpqrtuvwxy34\r\n", "ACDEFGHJKMNPQRTUVWXY34"),
    ("ACDEF\x00GHJK", "ACDEF\ufffdGHJK"),  # a damaged QR code's NUL
    ("\x1b[ACDEF", "\ufffd[ACDEF"),  # a handheld scanner's ESC
    ("ACDEF\x7f", "ACDEF\ufffd"),  # DEL
    ("ACDEF\u200bGHJK", "ACDEF\ufffdGHJK"),  # a zero-width space (a format character)
    ("đà nẵng", "ĐÀ NẴNG"),
])
def test_normalise_code_marks_every_control_or_format_character(raw, stored):
    from conference.registration.badges import normalise_code

    assert normalise_code(raw) == stored


@pytest.mark.parametrize(("text", "has"), [
    ("0123456789abcdef-nonce", False), ("Nguyễn Thị Ánh", False), ("tab\there", True),
    ("nul\x00", True), ("del\x7f", True), ("zero\u200bwidth", True), ("", False),
])
def test_control_characters_found_in_ascii_and_beyond(text, has):
    from conference.common.jsonbody import has_control_characters

    assert has_control_characters(text) is has
