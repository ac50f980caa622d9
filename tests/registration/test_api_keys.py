"""Nobody can hold every seat without paying (issue #12.4): writes to the JSON API need a key
issued in the admin, unpaid seats are capped per contact and per client address, API holds
are short. The public form keeps working for real people."""

import datetime
import hashlib
import json

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from conference.accounts.roles import ORGANIZER
from conference.common.models import AuditEntry
from conference.registration import services
from conference.registration.enums import RegistrationStatus
from conference.registration.models import ApiKey, Registration

from .factories import make_category, make_edition, person
from .test_views import attendee_post

pytestmark = pytest.mark.django_db

URL = "/api/registration/categories/{}/register/"


def post(client, code, body, key=None, address="198.51.100.50"):
    headers = {"REMOTE_ADDR": address}
    if key:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client.post(URL.format(code), data=json.dumps(body),
                       content_type="application/json", **headers)


def hoard(client, code, key=None):
    """15 POSTs, each with 20 invented e-mail addresses (the attack of the report)."""
    answers = []
    for batch in range(15):
        people = [person(10_000 + batch * 20 + i, email=f"bia{batch}-{i}@example.com")
                  for i in range(20)]
        answers.append(post(client, code, {"attendees": people, "consent_version": "1"},
                            key=key))
    return answers


@pytest.fixture
def paid(settings):
    settings.REGISTRATION_RATE_LIMIT = 1000  # the per-address limit is not what is tested here
    cache.clear()
    yield make_category(make_edition(), code="dn", price_vnd=1_500_000, quota=300)
    cache.clear()


def held_seats(category) -> int:
    return sum(r.quantity for r in Registration.objects.filter(
        category=category, status=RegistrationStatus.AWAITING_PAYMENT))


def test_the_hoarding_run_leaves_seats_for_a_real_delegate(client, paid):
    # Anonymous: every write is refused, with the reason, before anything is held.
    answers = hoard(client, "dn")
    assert {a.status_code for a in answers} == {401}
    assert answers[0].json()["code"] == "api_key_required"
    assert answers[0]["WWW-Authenticate"].startswith("Bearer")
    assert held_seats(paid) == 0

    # Even with a (leaked) key, one address holds at most its cap of unpaid seats.
    key = services.issue_api_key(name="Cổng đối tác", by=None)[1]
    answers = hoard(client, "dn", key=key)
    assert [a.status_code for a in answers] == [201, 201] + [409] * 13
    assert answers[-1].json()["code"] == "too_many_unpaid"
    assert held_seats(paid) == 40

    # A real delegate, from their own address, registers through the public form.
    url = reverse("registration:details", kwargs={"code": paid.code})
    review = client.post(url, attendee_post([person(1, email="daibieu.that@example.vn")]),
                         REMOTE_ADDR="203.0.113.8")["Location"]
    response = client.post(review, {"consent": "on", "payment_method": "stripe"},
                           REMOTE_ADDR="203.0.113.8")
    delegate = Registration.objects.get(contact_email="daibieu.that@example.vn")
    assert delegate.status == RegistrationStatus.AWAITING_PAYMENT, response.content[:500]
    assert str(delegate.client_ip) == "203.0.113.8"


def test_a_kiosk_with_a_key_registers_normally_and_its_holds_are_short(client, paid):
    api_key, key = services.issue_api_key(name="Kiosk sảnh A", by=None)
    assert key not in api_key.key_hash and api_key.key_hash == hashlib.sha256(
        key.encode()).hexdigest()
    before = timezone.now()
    created = post(client, "dn", {"attendees": [person(1), person(2)], "consent_version": "1"},
                   key=key)
    assert created.status_code == 201
    registration = Registration.objects.get(reference=created.json()["reference"])
    assert registration.status == RegistrationStatus.AWAITING_PAYMENT
    assert registration.api_key == api_key
    # The API holds paid seats 10 minutes (the edition's form holds 30).
    assert registration.hold_expires_at <= before + datetime.timedelta(minutes=10, seconds=5)
    api_key.refresh_from_db()
    assert api_key.last_used_at is not None

    # Revoked, the key is refused; a wrong or malformed key too.
    services.revoke_api_key(api_key=api_key, by=None, reason="Kiosk stolen")
    again = post(client, "dn", {"attendees": [person(3)], "consent_version": "1"}, key=key)
    assert again.status_code == 401
    assert post(client, "dn", {"attendees": [person(4)], "consent_version": "1"},
                key="gck_" + "x" * 43).status_code == 401
    response = client.post(URL.format("dn"), data="{}", content_type="application/json",
                           HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz")
    assert response.status_code == 401
    # Reading the categories needs no key.
    assert client.get("/api/registration/categories/").status_code == 200


def test_a_key_in_constant_use_is_written_at_most_once_a_minute(client, paid):
    """A kiosk's surge wrote its key's last_used_at on every request: one more write each."""
    api_key, key = services.issue_api_key(name="Kiosk sảnh B", by=None)
    body = {"attendees": [person(1)], "consent_version": "1"}
    assert post(client, "dn", body, key=key).status_code == 201
    api_key.refresh_from_db()
    first_use = api_key.last_used_at
    assert first_use is not None
    body = {"attendees": [person(2)], "consent_version": "1"}
    assert post(client, "dn", body, key=key).status_code == 201
    api_key.refresh_from_db()
    assert api_key.last_used_at == first_use
    # A minute later the next use is noted again.
    ApiKey.objects.filter(pk=api_key.pk).update(
        last_used_at=first_use - datetime.timedelta(seconds=61))
    body = {"attendees": [person(3)], "consent_version": "1"}
    assert post(client, "dn", body, key=key).status_code == 201
    api_key.refresh_from_db()
    assert api_key.last_used_at > first_use


def test_unpaid_seats_are_capped_per_contact_whatever_the_address(paid, settings, user_factory):
    from conference.registration.exceptions import RegistrationError

    settings.REGISTRATION_UNPAID_SEATS_PER_CONTACT = 3
    first = services.start_registration(category=paid, contact_email="a@example.vn",
                                        consent_version="1", client_ip="203.0.113.1",
                                        attendees=[person(1), person(2)])
    with pytest.raises(RegistrationError) as refused:
        services.start_registration(category=paid, contact_email="a@example.vn",
                                    consent_version="1", client_ip="203.0.113.2",
                                    attendees=[person(3), person(4)])
    assert refused.value.code == "too_many_unpaid"
    assert "Quá nhiều chỗ đang chờ thanh toán" in refused.value.message
    # Paid, the seats no longer count: the contact registers another delegation.
    Registration.objects.filter(pk=first.pk).update(status=RegistrationStatus.CONFIRMED)
    services.start_registration(category=paid, contact_email="a@example.vn",
                                consent_version="1", client_ip="203.0.113.2",
                                attendees=[person(3), person(4)])
    # Staff at the desk are not capped.
    services.start_registration(category=paid, contact_email="a@example.vn",
                                consent_version="1", attendees=[person(5), person(6)],
                                by=user_factory(email="quay@govconf.vn", is_staff=True))


def test_organisers_issue_and_revoke_keys_in_the_admin(client, user_factory):
    from allauth.mfa.models import Authenticator

    organiser = user_factory(email="btc@govconf.vn")
    organiser.groups.add(Group.objects.get(name=ORGANIZER))
    Authenticator.objects.create(user=organiser, type=Authenticator.Type.TOTP,
                                 data={"secret": "x"})
    client.force_login(organiser)
    index = reverse("registration_api_keys_admin:index")
    assert client.get(index).status_code == 200
    add = reverse("registration_api_keys_admin:add")
    response = client.post(add, {"name": "Cổng Sở TT&TT"}, follow=True)
    assert response.status_code == 200
    api_key = ApiKey.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    key = next(word for m in shown for word in m.split() if word.startswith("gck_"))
    assert hashlib.sha256(key.encode()).hexdigest() == api_key.key_hash
    assert key not in client.get(index).content.decode()  # shown once only
    assert AuditEntry.objects.filter(action="registration.api_key_issued").count() == 1

    edit = reverse("registration_api_keys_admin:edit", args=[api_key.pk])
    client.post(edit, {"name": "Cổng Sở TT&TT", "revoked_reason": "Hết hợp tác",
                       "revoke": "on"})
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None and api_key.revoked_reason == "Hết hợp tác"

    # A desk member without the grant cannot issue keys.
    from conference.accounts.roles import REGISTRATION_DESK

    desk = user_factory(email="quay@govconf.vn")
    desk.groups.add(Group.objects.get(name=REGISTRATION_DESK))
    Authenticator.objects.create(user=desk, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(desk)
    assert client.get(add).status_code in (302, 403)
    assert ApiKey.objects.count() == 1


def test_a_surge_attempt_reads_no_category_settings_or_question_row_before_the_lock(
        client, paid, django_assert_max_num_queries):
    """Each attempt of a surge read the category, the edition's settings and the questions with
    a compiled query before taking the lock; they are kept in memory now, and the lock's rows
    decide."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _api_key, key = services.issue_api_key(name="Kiosk sảnh A", by=None)
    assert post(client, "dn", {"attendees": [person(1)], "consent_version": "1"},
                key=key).status_code == 201
    with CaptureQueriesContext(connection) as captured:
        assert post(client, "dn", {"attendees": [person(2)], "consent_version": "1"},
                    key=key).status_code == 201
    tables = ("registration_category", "registration_registrationsettings",
              "registration_question", "registration_apikey")
    compiled = [q["sql"] for q in captured if q["sql"].startswith("SELECT")
                and any(f'FROM "{t}"' in q["sql"] for t in tables)]
    assert compiled == []


def test_what_decides_is_the_locked_rows_not_the_copies_kept_in_memory(client, paid):
    """A change made without a signal (a queryset update) does not reach the copies kept in
    memory, but the checks under the capacity lock read the rows as they are."""
    from conference.registration.models import RegistrationSettings

    _api_key, key = services.issue_api_key(name="Kiosk sảnh A", by=None)
    assert post(client, "dn", {"attendees": [person(1)], "consent_version": "1"},
                key=key).status_code == 201  # the copies are loaded

    RegistrationSettings.objects.filter(edition=paid.edition).update(is_open=False)
    closed = post(client, "dn", {"attendees": [person(2)], "consent_version": "1"}, key=key)
    assert (closed.status_code, closed.json()["code"]) == (400, "closed")

    RegistrationSettings.objects.filter(edition=paid.edition).update(is_open=True)
    type(paid).objects.filter(pk=paid.pk).update(
        sale_ends_at=timezone.now() - datetime.timedelta(minutes=1))
    ended = post(client, "dn", {"attendees": [person(3)], "consent_version": "1"}, key=key)
    assert (ended.status_code, ended.json()["code"]) == (400, "closed")
    assert held_seats(paid) == 1


def test_a_question_added_in_the_admin_is_asked_at_the_next_attempt(client, paid):
    from conference.registration.models import Question

    _api_key, key = services.issue_api_key(name="Kiosk sảnh A", by=None)
    assert post(client, "dn", {"attendees": [person(1)], "consent_version": "1"},
                key=key).status_code == 201
    Question.objects.create(category=paid, key="don-vi", label="Đơn vị công tác",
                            required=True)

    refused = post(client, "dn", {"attendees": [person(2)], "consent_version": "1"}, key=key)
    assert refused.status_code == 400, refused.content
    answered = post(client, "dn", {"attendees": [person(3, answers={"don-vi": "Sở TT&TT"})],
                                   "consent_version": "1"}, key=key)
    assert answered.status_code == 201, answered.content
