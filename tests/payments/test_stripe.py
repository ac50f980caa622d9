"""Stripe Checkout against the local fake of Stripe's HTTP API (tests/payments/fake_stripe.py):
our real client code, real HTTP, webhooks signed as Stripe signs them."""

import json
import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conference.common.models import OutboxMessage
from conference.payments import services as stripe_services
from conference.payments.enums import RefundStatus, StripePaymentStatus
from conference.payments.models import StripeEvent, StripeRefund
from conference.registration import services
from conference.registration.enums import RegistrationStatus
from conference.registration.links import status_token
from conference.registration.models import Badge, Registration
from tests.registration.factories import consent, make_category, make_edition, person

from .fake_stripe import sign

pytestmark = pytest.mark.django_db

WEBHOOK = "/payments/stripe/webhook/"


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    """Run on_commit callbacks (refunds go to Stripe after commit) as a real commit would."""
    return django_capture_on_commit_callbacks


def paid_registration(people=1, price=1_500_000, quota=10, **kw):
    edition = make_edition(**kw)
    category = make_category(edition, price_vnd=price, quota=quota)
    registration = services.start_registration(
        category=category, attendees=[person() for _ in range(people)],
        consent_version=consent(edition), language="vi",
    )
    return registration


def post_event(client, fake, event, *, secret=None, timestamp=None):
    payload, header = fake.signed(event, secret=secret, timestamp=timestamp)
    return client.post(WEBHOOK, data=payload, content_type="application/json",
                       HTTP_STRIPE_SIGNATURE=header)


def test_checkout_session_in_whole_dong_with_metadata_and_idempotency(fake_stripe):
    registration = paid_registration(people=2)
    payment = stripe_services.create_checkout(registration=registration)
    session = fake_stripe.sessions[payment.session_id]
    # VND is zero-decimal: 2 x 1.500.000 ₫ is 3000000, not 300000000.
    assert session["amount_total"] == 3_000_000
    assert session["line_items_requested"][0]["price_data"]["unit_amount"] == "1500000"
    assert session["line_items_requested"][0]["quantity"] == "2"
    assert session["metadata"] == {"registration_id": str(registration.pk),
                                   "reference": registration.reference, "attempt": "1"}
    assert session["client_reference_id"] == registration.reference
    assert session["locale"] == "vi"
    (call,) = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert call[3]["Idempotency-Key"] == f"govconf-checkout-{registration.reference}-1"
    assert payment.checkout_url == f"{fake_stripe.url}/checkout/{payment.session_id}"
    # a second click reuses the open session
    assert stripe_services.create_checkout(registration=registration) == payment
    assert len(fake_stripe.calls("POST", "/v1/checkout/sessions")) == 1


def test_webhook_confirms_once_and_replay_is_noop(client, fake_stripe):
    registration = paid_registration()
    payment = stripe_services.create_checkout(registration=registration)
    session = fake_stripe.complete(payment.session_id)
    event = fake_stripe.event("checkout.session.completed", session)
    response = post_event(client, fake_stripe, event)
    assert response.status_code == 200
    assert response.json()["result"] == "paid"
    registration.refresh_from_db()
    payment.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert payment.status == StripePaymentStatus.PAID
    assert payment.payment_intent_id.startswith("pi_")
    assert Badge.objects.filter(attendee__registration=registration).count() == 1
    assert OutboxMessage.objects.filter(template="payments/receipt").count() == 1
    assert OutboxMessage.objects.filter(template="registration/confirmed").count() == 1

    again = post_event(client, fake_stripe, event)
    assert again.json()["result"] == "duplicate"
    # a new delivery of the same state under another event id re-reads and changes nothing
    other = post_event(client, fake_stripe, fake_stripe.event("checkout.session.completed",
                                                              session))
    assert other.status_code == 200
    assert StripeEvent.objects.count() == 2
    assert Badge.objects.filter(attendee__registration=registration).count() == 1
    assert OutboxMessage.objects.filter(template="registration/confirmed").count() == 1
    assert OutboxMessage.objects.filter(template="payments/receipt").count() == 1


def test_webhook_trusts_stripe_not_the_event_body(client, fake_stripe):
    registration = paid_registration()
    payment = stripe_services.create_checkout(registration=registration)
    forged_body = dict(fake_stripe.sessions[payment.session_id], payment_status="paid",
                       status="complete")
    response = post_event(client, fake_stripe,
                          fake_stripe.event("checkout.session.completed", forged_body))
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.AWAITING_PAYMENT


def test_bad_signatures_are_refused(client, fake_stripe):
    event = fake_stripe.event("checkout.session.completed", {"id": "cs_test_x"})
    assert post_event(client, fake_stripe, event, secret="whsec_wrong").status_code == 400
    stale = int(time.time()) - 3600
    assert post_event(client, fake_stripe, event, timestamp=stale).status_code == 400
    response = client.post(WEBHOOK, data="not json", content_type="application/json",
                           HTTP_STRIPE_SIGNATURE="t=1,v1=00")
    assert response.status_code == 400
    assert response.json()["code"] == "bad_signature"
    assert client.get(WEBHOOK).status_code == 405
    assert StripeEvent.objects.count() == 0


def test_a_signature_dated_in_the_future_is_refused(client, fake_stripe, settings):
    event = fake_stripe.event("checkout.session.completed", {"id": "cs_test_x"})
    ahead = int(time.time()) + settings.STRIPE_WEBHOOK_TOLERANCE + 60
    response = post_event(client, fake_stripe, event, timestamp=ahead)
    assert (response.status_code, response.json()["code"]) == (400, "bad_signature")
    # Within the tolerance (a clock a little fast) it is still accepted.
    near = int(time.time()) + 30
    assert post_event(client, fake_stripe, event, timestamp=near).status_code == 200
    assert StripeEvent.objects.count() == 1


@pytest.mark.parametrize(
    "event",
    [
        {"id": "evt_1", "type": "checkout.session.completed"},
        {"id": "evt_2", "type": "checkout.session.completed", "data": None},
        {"id": "evt_3", "type": "checkout.session.completed", "data": {"object": None}},
        {"id": "evt_4", "type": "checkout.session.completed", "data": {"object": [1]}},
        {"id": "evt_5", "type": "checkout.session.completed", "data": "x"},
        {"type": "checkout.session.completed", "data": {"object": {"id": "cs_1"}}},
        {"id": None, "type": "checkout.session.completed", "data": {"object": {"id": "cs_1"}}},
        {"id": ["evt"], "type": "charge.refunded", "data": {"object": {"id": "ch_1"}}},
        {"id": "evt_6", "data": {"object": {"id": "cs_1"}}},
        {"id": "evt_7", "type": "checkout.session.completed", "data": {"object": {"id": 1e400}}},
        {"id": "evt_8", "type": "charge.refunded",
         "data": {"object": {"id": "ch_1", "payment_intent": {"id": "pi_1"}}}},
        {"id": "evt_9", "type": "charge.refunded",
         "data": {"object": {"id": "ch\u0000", "payment_intent": "pi_1"}}},
    ],
)
def test_validly_signed_events_without_id_or_data_are_400(client, fake_stripe, event):
    response = post_event(client, fake_stripe, event)
    assert response.status_code == 400
    assert response.json()["code"] in {"bad_event", "bad_payload"}
    assert StripeEvent.objects.count() == 0


def test_a_deeply_nested_signed_event_is_400(client, fake_stripe):
    payload = '{"id": "evt_1", "data": ' + "[" * 50_000 + "]" * 50_000 + "}"
    response = client.post(WEBHOOK, data=payload, content_type="application/json",
                           HTTP_STRIPE_SIGNATURE=sign(payload, fake_stripe.webhook_secret))
    assert response.status_code == 400


def test_out_of_order_events_change_nothing_twice(client, fake_stripe):
    registration = paid_registration()
    payment = stripe_services.create_checkout(registration=registration)
    open_session = dict(fake_stripe.sessions[payment.session_id])
    paid = fake_stripe.complete(payment.session_id)
    completed = fake_stripe.event("checkout.session.completed", paid)
    # an older "expired"-looking delivery arrives after payment: Stripe says paid, so we confirm
    stale = fake_stripe.event("checkout.session.expired", dict(open_session, status="expired"))
    assert post_event(client, fake_stripe, stale).status_code == 200
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert post_event(client, fake_stripe, completed).status_code == 200
    payment.refresh_from_db()
    assert payment.status == StripePaymentStatus.PAID
    assert OutboxMessage.objects.filter(template="registration/confirmed").count() == 1


def test_browser_return_confirms_without_webhook(client, fake_stripe):
    registration = paid_registration()
    payment = stripe_services.create_checkout(registration=registration)
    fake_stripe.complete(payment.session_id)
    url = reverse("payments:card_return", kwargs={
        "reference": registration.reference, "token": status_token(registration.reference)})
    response = client.get(url, {"session_id": payment.session_id})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    # a forged return for another session id changes nothing
    assert client.get(url, {"session_id": "cs_test_forged"}).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_return_racing_webhook_confirms_exactly_once(fake_stripe):
    registration = paid_registration()
    payment = stripe_services.create_checkout(registration=registration)
    session = fake_stripe.complete(payment.session_id)
    event = fake_stripe.event("checkout.session.completed", session)
    barrier = threading.Barrier(6)
    crashes = []

    def webhook():
        try:
            barrier.wait()
            stripe_services.handle_webhook_event(event=event)
        except Exception as exc:  # noqa: BLE001
            crashes.append(repr(exc))
        finally:
            connection.close()

    def browser():
        try:
            barrier.wait()
            stripe_services.sync_checkout_session(session_id=payment.session_id, source="return")
        except Exception as exc:  # noqa: BLE001
            crashes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=f) for f in (webhook, browser) * 3]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert crashes == []
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert Badge.objects.filter(attendee__registration=registration).count() == 1
    assert OutboxMessage.objects.filter(template="registration/confirmed").count() == 1
    assert OutboxMessage.objects.filter(template="payments/receipt").count() == 1
    assert StripeEvent.objects.filter(event_id=event["id"]).count() == 1


def test_expired_session_frees_the_seat(client, fake_stripe):
    registration = paid_registration(quota=1)
    payment = stripe_services.create_checkout(registration=registration)
    session = fake_stripe.expire_now(payment.session_id)
    post_event(client, fake_stripe, fake_stripe.event("checkout.session.expired", session))
    registration.refresh_from_db()
    payment.refresh_from_db()
    assert payment.status == StripePaymentStatus.EXPIRED
    assert registration.status == RegistrationStatus.EXPIRED
    other = services.start_registration(category=registration.category, attendees=[person()],
                                        consent_version=consent(registration.edition))
    assert other.status == RegistrationStatus.AWAITING_PAYMENT


def test_expire_holds_closes_the_stripe_session(fake_stripe):
    registration = paid_registration()
    payment = stripe_services.create_checkout(registration=registration)
    Registration.objects.filter(pk=registration.pk).update(
        hold_expires_at=timezone.now() - timedelta(seconds=1))
    call_command("expire_holds", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert fake_stripe.sessions[payment.session_id]["status"] == "expired"
    payment.refresh_from_db()
    registration.refresh_from_db()
    assert payment.status == StripePaymentStatus.EXPIRED
    assert registration.status == RegistrationStatus.EXPIRED


def test_late_payment_confirms_when_a_seat_is_free(client, fake_stripe):
    registration = paid_registration(quota=2)
    payment = stripe_services.create_checkout(registration=registration)
    Registration.objects.filter(pk=registration.pk).update(
        status=RegistrationStatus.EXPIRED, hold_expires_at=timezone.now() - timedelta(minutes=1))
    session = fake_stripe.complete(payment.session_id)
    post_event(client, fake_stripe, fake_stripe.event("checkout.session.completed", session))
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert not StripeRefund.objects.exists()


def test_late_payment_is_refunded_when_full(client, fake_stripe, capture):
    registration = paid_registration(quota=1)
    payment = stripe_services.create_checkout(registration=registration)
    Registration.objects.filter(pk=registration.pk).update(
        hold_expires_at=timezone.now() - timedelta(minutes=1))
    taker = services.start_registration(category=registration.category, attendees=[person()],
                                        consent_version=consent(registration.edition))
    assert taker.status == RegistrationStatus.AWAITING_PAYMENT
    session = fake_stripe.complete(payment.session_id)
    with capture(execute=True):
        response = post_event(client, fake_stripe,
                              fake_stripe.event("checkout.session.completed", session))
    assert response.status_code == 200
    registration.refresh_from_db()
    payment.refresh_from_db()
    assert registration.status == RegistrationStatus.EXPIRED
    assert payment.status == StripePaymentStatus.REFUNDED
    assert payment.refunded_vnd == 1_500_000
    refund = StripeRefund.objects.get()
    assert refund.status == RefundStatus.SUCCEEDED
    assert fake_stripe.refunds[refund.refund_id]["amount"] == 1_500_000
    (call,) = fake_stripe.calls("POST", "/v1/refunds")
    assert call[3]["Idempotency-Key"] == refund.idempotency_key
    notice = OutboxMessage.objects.get(template="payments/late_refund")
    assert "hết chỗ" in notice.subject
    assert "1.500.000 ₫" in notice.body_text
    assert Badge.objects.filter(attendee__registration=registration).count() == 0


def test_organizer_cancel_with_partial_refund(client, fake_stripe, user_factory, capture):
    organizer = user_factory(is_staff=True)
    registration = paid_registration(people=2)
    payment = stripe_services.create_checkout(registration=registration)
    stripe_services.sync_checkout_session(
        session_id=fake_stripe.complete(payment.session_id)["id"])
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    with pytest.raises(stripe_services.PaymentError):
        services.cancel_registration(registration=registration, by=organizer,
                                     refund_amount_vnd=3_000_001)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    with capture(execute=True):
        services.cancel_registration(registration=registration, by=organizer,
                                     refund_amount_vnd=1_000_000, reason="đổi kế hoạch")
    payment.refresh_from_db()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert payment.status == StripePaymentStatus.PARTIALLY_REFUNDED
    assert payment.refunded_vnd == 1_000_000
    assert sum(r["amount"] for r in fake_stripe.refunds.values()) == 1_000_000
    assert OutboxMessage.objects.filter(template="payments/refund").count() == 1
    assert Badge.objects.filter(attendee__registration=registration,
                                revoked_at__isnull=True).count() == 0


def test_attendee_cancel_refunds_in_full(fake_stripe, user_factory, capture):
    registration = paid_registration()
    payment = stripe_services.create_checkout(registration=registration)
    stripe_services.sync_checkout_session(
        session_id=fake_stripe.complete(payment.session_id)["id"])
    attendee_user = user_factory()
    with capture(execute=True):
        services.cancel_registration(registration=registration, by=attendee_user)
    payment.refresh_from_db()
    assert payment.status == StripePaymentStatus.REFUNDED


def test_refund_failure_is_retried_by_reconcile(fake_stripe, user_factory, capture):
    registration = paid_registration()
    payment = stripe_services.create_checkout(registration=registration)
    stripe_services.sync_checkout_session(
        session_id=fake_stripe.complete(payment.session_id)["id"])
    fake_stripe.fail_next.append(("/v1/refunds", 500))
    with capture(execute=True):
        services.cancel_registration(registration=registration, by=user_factory(is_staff=True))
    refund = StripeRefund.objects.get()
    assert refund.refund_id is None and refund.status == RefundStatus.PENDING
    differences = stripe_services.reconcile_payments()
    assert [d["kind"] for d in differences] == ["refund_not_submitted"]
    stripe_services.reconcile_payments(fix=True)
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    assert stripe_services.reconcile_payments() == []
    assert len(fake_stripe.refunds) == 1


def test_reconcile_reports_and_fixes_a_missed_webhook(fake_stripe):
    registration = paid_registration()
    payment = stripe_services.create_checkout(registration=registration)
    fake_stripe.complete(payment.session_id)
    out = []

    class Out:
        def write(self, text):
            out.append(text)

        def flush(self):
            pass

    call_command("reconcile_payments", "--json", stdout=Out())
    report = json.loads("".join(out))
    assert [d["kind"] for d in report] == ["paid_not_recorded"]
    assert report[0]["reference"] == registration.reference
    call_command("reconcile_payments", "--fix", stdout=Out())
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert stripe_services.reconcile_payments() == []


def test_double_payment_is_refunded(fake_stripe, capture):
    registration = paid_registration()
    first = stripe_services.create_checkout(registration=registration)
    first.status = StripePaymentStatus.EXPIRED  # the customer opened a second tab later
    first.save()
    second = stripe_services.create_checkout(registration=registration)
    assert second.attempt == 2
    fake_stripe.complete(first.session_id)
    fake_stripe.complete(second.session_id)
    stripe_services.sync_checkout_session(session_id=second.session_id)
    first.status = StripePaymentStatus.OPEN
    first.save()
    with capture(execute=True):
        stripe_services.sync_checkout_session(session_id=first.session_id)
    first.refresh_from_db()
    assert first.status == StripePaymentStatus.REFUNDED
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_stripe_outage_answers_503_so_stripe_retries(client, fake_stripe):
    registration = paid_registration()
    payment = stripe_services.create_checkout(registration=registration)
    session = fake_stripe.complete(payment.session_id)
    fake_stripe.fail_next.append(("/v1/checkout/sessions/", 500))
    event = fake_stripe.event("checkout.session.completed", session)
    assert post_event(client, fake_stripe, event).status_code == 503
    assert not StripeEvent.objects.exists()
    assert post_event(client, fake_stripe, event).status_code == 200
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_without_stripe_keys_seats_stay_held_with_a_clear_message(settings):
    settings.STRIPE_SECRET_KEY = ""
    registration = paid_registration()
    with pytest.raises(stripe_services.PaymentError) as exc:
        stripe_services.create_checkout(registration=registration)
    assert exc.value.code == "card_unavailable"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.AWAITING_PAYMENT
