"""Plain-text e-mails show names as typed: no HTML escaping in the text part or the subject."""

import pytest

from conference.common.models import OutboxMessage
from conference.common.services import render_email
from conference.registration import services
from tests.registration.factories import consent, make_category, make_edition, person

pytestmark = pytest.mark.django_db

NAME = "Seán O'Brien & <i>Ngọc</i>"


def test_text_body_shows_apostrophe_ampersand_and_angle_brackets_as_typed():
    edition = make_edition()
    category = make_category(edition, name="Doanh nghiệp & Đối tác",
                             name_en="Business & <Partners>")
    services.start_registration(
        category=category, consent_version=consent(edition),
        attendees=[person(1, full_name=NAME), person(2, full_name=NAME, language="en")],
    )
    vi = OutboxMessage.objects.get(template="registration/confirmed", to="nguoi1@example.vn")
    en = OutboxMessage.objects.get(template="registration/confirmed", to="nguoi2@example.vn")
    assert f"Kính gửi {NAME}," in vi.body_text
    assert ": Doanh nghiệp & Đối tác\n" in vi.body_text
    assert f"Dear {NAME}," in en.body_text
    assert "Business & <Partners>" in en.body_text
    for message in (vi, en):
        assert "&#x27;" not in message.body_text and "&amp;" not in message.body_text
        assert "&lt;" not in message.body_text


def test_subject_is_not_escaped_and_html_part_stays_escaped(settings, tmp_path):
    folder = tmp_path / "email" / "test"
    folder.mkdir(parents=True)
    (folder / "hello_subject.txt").write_text("Hello {{ name }}")
    (folder / "hello_body.txt").write_text("Dear {{ name }},")
    (folder / "hello_body.html").write_text("<p>Dear {{ name }},</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0],
                           "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]

    subject, text, html = render_email("test/hello", {"name": NAME}, "en")

    assert subject == f"Hello {NAME}"
    assert text == f"Dear {NAME},\n"
    assert html == "<p>Dear Seán O&#x27;Brien &amp; &lt;i&gt;Ngọc&lt;/i&gt;,</p>"

