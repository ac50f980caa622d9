"""Bad input is a 4xx with a reason, never a 500: NUL refused once for every view, JSON bodies
that nest too deeply, numbers like 1e400 and fields of the wrong type."""

import json

import pytest

from conference.registration.models import Registration
from tests.registration.factories import make_category, make_edition, person

pytestmark = pytest.mark.django_db

REGISTER = "/api/registration/categories/{}/register/"


@pytest.fixture(autouse=True)
def _no_registration_limit(settings):
    # These tests register dozens of times from one address: the per-address limit (counted in
    # the cache for the whole test run) would otherwise answer 429 to the tests that follow.
    settings.REGISTRATION_RATE_LIMIT = 0


@pytest.mark.parametrize(
    "path",
    [
        "/search/?q=%00",
        "/en/search/?q=abc%00def",
        "/agenda/?theme=%00",
        "/api/registration/categories/?x=%00",
        "/admin/checkin/scans/?q=%00",
        "/admin/payments/transfers/?status=%00",
        "/register/%00/",
        "/search/%00",
    ],
)
def test_a_nul_in_a_path_or_query_is_400_with_a_reason(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_the_reason_is_in_the_visitors_language(client):
    vi = client.get("/search/?q=%00").content.decode()
    en = client.get("/en/search/?q=%00").content.decode()
    assert "ký tự NUL" in vi
    assert "contains a NUL character" in en


def test_a_nul_in_a_form_field_or_a_cookie_is_400(client):
    assert client.post("/accounts/login/", {"login": "a\x00@example.vn",
                                            "password": "x"}).status_code == 400
    assert client.post("/accounts/login/", {"lo\x00gin": "a"}).status_code == 400
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/").status_code == 400


@pytest.fixture
def kiosk(client, db):
    """Writes to the registration API need a key (a kiosk's): ``client`` sends one."""
    from conference.registration.services import issue_api_key

    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {issue_api_key(name='Kiosk', by=None)[1]}"
    return {}


def test_a_nul_in_a_json_body_is_400_json(client, kiosk):
    edition = make_edition()
    make_category(edition, code="dn")
    body = json.dumps({"attendees": [person(1, full_name="Nguyễn\x00 Văn A")],
                       "consent_version": "1"})
    assert "\\u0000" in body
    response = client.post(REGISTER.format("dn"), data=body, content_type="application/json",
                           **kiosk)
    assert response.status_code == 400
    assert response.json()["code"] == "nul_character"
    assert Registration.objects.count() == 0
    # An escaped backslash before "u0000" is text, not a NUL: it is read as such.
    text = json.dumps({"attendees": [person(2, position="\\u0000")], "consent_version": "1"})
    assert client.post(REGISTER.format("dn"), data=text, content_type="application/json",
                       **kiosk).status_code == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"attendees": [person(1, email=["a@example.vn"])]}, "email"),
        ({"attendees": [person(1, full_name={"x": 1})]}, "full_name"),
        ({"attendees": [person(1, phone=1e308)]}, "phone"),
        ({"attendees": [person(1, answers=["yes"])]}, "answers"),
        ({"attendees": [person(1, answers={"diet": [1]})]}, "attendees[0].answers"),
        ({"attendees": [person(1, answers={"diet": 1.5})]}, "attendees[0].answers"),
        ({"attendees": [3]}, "attendees[0]"),
        ({"attendees": {"a": 1}}, "attendees"),
        ({"attendees": [person(1)], "contact_email": ["x"]}, "contact_email"),
        ({"attendees": [person(1)], "consent_version": 1}, "consent_version"),
        ({"attendees": [person(1)], "invitation_code": True}, "invitation_code"),
        ({"attendees": [person(1)], "language": None, "consent_version": {}}, "consent_version"),
    ],
)
def test_registration_api_type_checks_every_field(client, kiosk, body, field):
    edition = make_edition()
    make_category(edition, code="dn")
    body.setdefault("consent_version", "1")
    response = client.post(REGISTER.format("dn"), data=json.dumps(body),
                           content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "bad_field"
    assert response.json()["field"] == field
    assert response.json()["message"]
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    "raw",
    [
        "[" * 50_000,
        '{"attendees": ' + "[" * 50_000,
        '{"attendees": [{"full_name": "A", "email": "a@example.vn", "phone": 1e400}]}',
        '{"attendees": [{"full_name": "A", "email": "a@example.vn", '
        '"answers": {"q": -1e400}}], "consent_version": "1"}',
        '{"attendees": [], "consent_version": NaN}',
    ],
)
def test_registration_api_deep_json_and_1e400_are_400(client, kiosk, raw):
    edition = make_edition()
    make_category(edition, code="dn")
    response = client.post(REGISTER.format("dn"), data=raw, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] in {"bad_json", "bad_field"}


@pytest.fixture
def starring_client(client, user_factory):
    client.force_login(user_factory())
    return client


@pytest.mark.parametrize(
    "raw",
    ["[" * 50_000, '{"session": 1e400}', '{"session": [1]}', '{"session": true}',
     '{"session": 1, "starred": "no"}', '{"session": 99999999999999999999}'],
)
def test_agenda_stars_refuse_bad_json_with_400(starring_client, raw):
    response = starring_client.post("/api/me/stars/", data=raw, content_type="application/json")
    assert response.status_code in (400, 413)
    assert response.json()["code"] in {"bad_json", "bad_field", "too_large"}


def test_merging_stars_skips_what_is_not_an_id(starring_client):
    response = starring_client.post(
        "/api/me/stars/merge/", content_type="application/json",
        data='{"sessions": [1e400, -1e400, "x", true, null, [1], 99999999999999999999, 5]}',
    )
    assert response.status_code == 200
    assert response.json() == {"sessions": []}
