import json

import pytest

from conference.registration.models import Registration

from .factories import make_category, make_edition, person

pytestmark = pytest.mark.django_db


def post(client, code, body, **headers):
    return client.post(f"/api/registration/categories/{code}/register/",
                       data=body if isinstance(body, str) else json.dumps(body),
                       content_type="application/json", **headers)


def test_api_registers_and_answers_errors_as_json(client):
    edition = make_edition()
    category = make_category(edition, code="dn", price_vnd=500_000, quota=1)
    listing = client.get("/api/registration/categories/").json()
    assert listing["categories"][0] == {
        "code": "dn", "name": category.name, "price_vnd": 500_000, "quota": 1, "free": 1,
        "requires_approval": False, "requires_invitation": False}
    created = post(client, "dn", {"attendees": [person(1)], "consent_version": "1"})
    assert created.status_code == 201
    assert created.json()["status"] == "awaiting_payment"
    assert created.json()["amount_vnd"] == 500_000
    full = post(client, "dn", {"attendees": [person(2)], "consent_version": "1"})
    assert full.status_code == 409 and full.json()["code"] == "sold_out"
    assert "hết chỗ" in full.json()["message"]
    english = post(client, "dn", {"attendees": [person(3)], "consent_version": "1"},
                   HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["message"] == (
        f"Sorry, “{category.name_en}” is full. You can join the waiting list.")
    assert post(client, "dn", "{not json").json()["code"] == "bad_json"
    assert post(client, "dn", {"attendees": "x"}).status_code == 400
    assert post(client, "dn", [1, 2]).status_code == 400
    no_consent = post(client, "dn", {"attendees": [person(4)]})
    assert no_consent.status_code == 400 and no_consent.json()["code"] == "no_consent"
    assert post(client, "nope", {"attendees": []}).status_code == 404
    assert Registration.objects.count() == 1
