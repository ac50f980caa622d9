import json

import pytest

from cms.models import Edition
from conference.registration.models import Registration

from .factories import make_category, make_edition, person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kiosk_key():
    """Writes need an API key (issue #12.4): these tests register as a kiosk."""
    from conference.registration.services import issue_api_key

    global KEY
    KEY = issue_api_key(name="Kiosk sảnh A", by=None)[1]
    return KEY


KEY = ""


def post(client, code, body, **headers):
    headers.setdefault("HTTP_AUTHORIZATION", f"Bearer {KEY}")
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


def prepared_text(sql: str) -> str:
    """The SQL of a prepared statement run as ``EXECUTE name (...)``, as PostgreSQL holds it."""
    from django.db import connection

    if not sql.startswith("EXECUTE "):
        return sql
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE name = %s",
                       [sql.split()[1]])
        return cursor.fetchone()[0].split(" AS ", 1)[1]


def test_queries_under_the_capacity_lock_stay_few(client):
    """The registration surge queues on the capacity lock: pin what each attempt does under it.

    From the category lock to the commit: lock category, lock settings, one read (the duplicate
    check, the seats of category and venue, the unpaid seats this contact and address hold,
    whatever the number of registrations), the three inserts.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    edition = make_edition()
    make_category(edition, code="dn", price_vnd=500_000, quota=100)
    assert post(client, "dn", {"attendees": [person(1)], "consent_version": "1"}).status_code == 201
    with CaptureQueriesContext(connection) as queries:
        created = post(client, "dn", {"attendees": [person(2)], "consent_version": "1"})
    assert created.status_code == 201
    sql = [prepared_text(q["sql"]) for q in queries.captured_queries]
    locked = next(i for i, text in enumerate(sql) if "FOR UPDATE" in text)
    under_lock = [text for text in sql[locked:] if not text.startswith(("SAVEPOINT", "RELEASE"))]
    reads = [text for text in under_lock if not text.lstrip().startswith("INSERT")]
    assert len(reads) == 3, "\n".join(reads)
    assert sum("FOR UPDATE" in text for text in reads) == 2
    assert not any('FROM "cms_edition"' in text for text in under_lock)
    assert len(under_lock) == 6, "\n".join(under_lock)


def test_api_refuses_a_name_longer_than_the_field_with_the_limit(client):
    """A 200-character name was cut to 150 and printed "…Quỳnh Anh T" on the badge."""
    edition = make_edition()
    make_category(edition, code="dn", quota=5)
    long_name = ("Nguyễn Thị Quỳnh Anh " * 10).strip()
    assert len(long_name) == 209
    response = post(client, "dn", {"attendees": [person(1, full_name=long_name)],
                                   "consent_version": "1"})
    assert response.status_code == 400
    assert response.json() == {
        "code": "too_long",
        "message": "Họ và tên quá dài: tối đa 150 ký tự (giá trị này có 209 ký tự)."}
    english = post(client, "dn", {"attendees": [person(2, organisation="Sở " * 100)],
                                  "consent_version": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400
    assert english.json()["message"] == (
        "Organisation is too long: at most 255 characters (this one has 299).")
    assert Registration.objects.count() == 0
    exact = post(client, "dn", {"attendees": [person(3, full_name="A" * 150)],
                                "consent_version": "1"})
    assert exact.status_code == 201
    assert Registration.objects.get().attendees.get().full_name == "A" * 150


def test_api_registers_in_the_edition_current_falls_back_to(client):
    """The category is looked up in the edition marked current in one query; with none marked,
    in the one ``Edition.current()`` falls back to, as before."""
    edition = make_edition()
    make_category(edition, code="dn", quota=5)
    Edition.objects.filter(pk=edition.pk).update(is_current=False)
    assert Edition.current() == edition
    created = post(client, "dn", {"attendees": [person(1)], "consent_version": "1"})
    assert created.status_code == 201
    assert Registration.objects.get().edition == edition
    assert post(client, "nope", {"attendees": [person(2)]}).status_code == 404
