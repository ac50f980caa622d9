"""Stripe Checkout: create a session for a registration, apply what Stripe says about it.

Rules of the Stripe API we rely on:
- VND is a zero-decimal currency: ``unit_amount`` is whole dong (150000 means 150.000 ₫), never
  multiplied by 100.
- A request with an Idempotency-Key that Stripe has seen returns the first response, so a retried
  attempt never creates a second session.
- We never trust what the browser or an event says: we re-read the session (and its payment
  intent) from Stripe and apply its state under the registration's row lock. Applying the same
  state twice is a no-op.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.exceptions import DomainError
from conference.common.i18n import localized
from conference.common.links import absolute_url, site_url
from conference.common.services import record_audit
from conference.registration.emails import send_to_contact
from conference.registration.enums import RegistrationStatus
from conference.registration.links import status_token
from conference.registration.models import Registration
from conference.registration.services import confirm_registration, expire_registration

from .. import stripe_client
from ..enums import StripePaymentStatus
from ..exceptions import PaymentError
from ..links import card_return_url
from ..models import StripePayment
from .refunds import plan_refund

logger = logging.getLogger(__name__)

# Stripe accepts expires_at between 30 minutes and 24 hours from now.
MIN_SESSION_SECONDS = 30 * 60 + 60
MAX_SESSION_SECONDS = 24 * 60 * 60 - 60


def create_checkout(*, registration: Registration) -> StripePayment:
    """A Checkout Session for a registration awaiting payment (reusing a live one).

    The Stripe call runs outside any transaction (never hold a lock across the network); the
    idempotency key is fixed per attempt, so two concurrent clicks get the same session and one
    StripePayment row.
    """
    registration = Registration.objects.select_related("category", "edition").get(
        pk=registration.pk
    )
    now = timezone.now()
    if registration.status != RegistrationStatus.AWAITING_PAYMENT or (
        registration.hold_expires_at and registration.hold_expires_at <= now
    ):
        raise PaymentError(_("This registration is not waiting for payment."),
                           code="not_awaiting_payment")
    if registration.amount_vnd <= 0:
        raise PaymentError(_("Nothing to pay."), code="nothing_to_pay")
    if not stripe_client.is_configured():
        raise PaymentError(
            _("Card payment is not available yet. Your seats are held; the organisers will "
              "send you payment instructions."), code="card_unavailable", status=503,
        )
    current = registration.stripe_payments.order_by("-attempt").first()
    if current is not None and current.status == StripePaymentStatus.OPEN:
        return current
    attempt = (current.attempt + 1) if current else 1
    idempotency_key = f"govconf-checkout-{registration.reference}-{attempt}"
    session = stripe_client.client().v1.checkout.sessions.create(
        params=_session_params(registration, attempt, now),
        options={"idempotency_key": idempotency_key},
    ).to_dict()
    with transaction.atomic():
        try:
            with transaction.atomic():
                payment = StripePayment.objects.create(
                    registration=registration, attempt=attempt, idempotency_key=idempotency_key,
                    session_id=session["id"], checkout_url=session.get("url") or "",
                    amount_vnd=registration.amount_vnd,
                )
        except IntegrityError:  # a concurrent click stored the same attempt first
            return StripePayment.objects.get(idempotency_key=idempotency_key)
        record_audit(action="payment.checkout_created", obj=payment,
                     data={"registration": registration.reference, "attempt": attempt,
                           "amount_vnd": payment.amount_vnd})
    return payment


def _session_params(registration: Registration, attempt: int, now) -> dict:
    """What the Checkout Session asks of Stripe: whole dong, the registration's language, a
    session that ends with the hold (within what Stripe accepts), metadata to find us again."""
    seconds = int((registration.hold_expires_at - now).total_seconds())
    expires_at = int(now.timestamp()) + max(MIN_SESSION_SECONDS, min(seconds, MAX_SESSION_SECONDS))
    language = registration.language
    token = status_token(registration.reference)
    metadata = {"registration_id": str(registration.pk), "reference": registration.reference,
                "attempt": str(attempt)}
    return {
        "mode": "payment",
        "currency": "vnd",
        "line_items": [{
            "quantity": registration.quantity,
            "price_data": {
                "currency": "vnd",
                # Zero-decimal currency: whole dong, no * 100.
                "unit_amount": registration.category.price_vnd,
                "product_data": {
                    "name": f"{localized(registration.category, 'name', language)} · "
                            f"{localized(registration.edition, 'name', language)}"[:250],
                },
            },
        }],
        "customer_email": registration.contact_email,
        "client_reference_id": registration.reference,
        "metadata": metadata,
        "payment_intent_data": {"metadata": metadata},
        "locale": "vi" if language == "vi" else "en",
        "expires_at": expires_at,
        "success_url": site_url(card_return_url(registration, language))
        + "?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": absolute_url("registration:status", language,
                                   reference=registration.reference, token=token),
    }


def sync_checkout_session(*, session_id: str, source: str = "") -> StripePayment | None:
    """Re-read a Checkout Session from Stripe and apply its state (paid or expired) to ours."""
    payment = StripePayment.objects.filter(session_id=session_id).first()
    if payment is None:
        logger.warning("Stripe session %s is not ours (source %s)", session_id, source)
        return None
    session = stripe_client.client().v1.checkout.sessions.retrieve(session_id).to_dict()
    if session.get("payment_status") == "paid":
        intent_id = session.get("payment_intent")
        if isinstance(intent_id, dict):
            intent_id = intent_id.get("id")
        intent = stripe_client.client().v1.payment_intents.retrieve(intent_id).to_dict()
        if intent.get("status") != "succeeded":
            return payment
        return _record_paid(payment=payment, intent_id=intent_id,
                            amount=int(intent.get("amount_received") or 0), source=source)
    if session.get("status") == "expired":
        return _record_expired(payment=payment, source=source)
    return payment


def _record_paid(*, payment: StripePayment, intent_id: str, amount: int,
                 source: str) -> StripePayment:
    """Record a payment Stripe says succeeded and confirm its registration, exactly once.

    The registration row is locked first (the browser return and the webhook race here); the
    second caller finds the payment already recorded and changes nothing. A payment whose hold
    lapsed confirms if seats are still free, otherwise it is refunded in full with an email.
    """
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=payment.registration_id)
        payment = StripePayment.objects.select_for_update().get(pk=payment.pk)
        if payment.paid_at is not None:
            return payment
        payment.status = StripePaymentStatus.PAID
        payment.paid_at = timezone.now()
        payment.payment_intent_id = intent_id or ""
        if amount and amount != payment.amount_vnd:
            logger.error("Stripe amount %s differs from ours %s for %s", amount,
                         payment.amount_vnd, payment.session_id)
        payment.save(update_fields=["status", "paid_at", "payment_intent_id", "updated_at"])
        record_audit(action="payment.paid", obj=payment,
                     data={"registration": registration.reference, "amount_vnd": amount,
                           "source": source})
        send_to_contact(registration, "payments/receipt", {"payment": payment})
        already_paid = registration.stripe_payments.filter(
            paid_at__isnull=False
        ).exclude(pk=payment.pk).exists()
        if already_paid:
            plan_refund(payment=payment, amount_vnd=payment.amount_vnd, by=None,
                         reason="duplicate payment", notify="payments/refund")
            return payment
        try:
            with transaction.atomic():
                confirm_registration(registration=registration, payment=payment,
                                     device=f"stripe:{source}")
        except DomainError as exc:  # sold out meanwhile, or rejected: give the money back
            plan_refund(payment=payment, amount_vnd=payment.amount_vnd, by=None,
                         reason=f"no seat: {exc.code}", notify="payments/late_refund")
            expire_registration(registration=registration, reason=f"paid late: {exc.code}",
                                device=f"stripe:{source}")
            record_audit(action="payment.late_refunded", obj=payment,
                         data={"registration": registration.reference, "reason": exc.code})
    return payment


def _record_expired(*, payment: StripePayment, source: str) -> StripePayment:
    """A session that expired unpaid frees its registration's seats (unless another is open)."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=payment.registration_id)
        payment = StripePayment.objects.select_for_update().get(pk=payment.pk)
        if payment.status != StripePaymentStatus.OPEN:
            return payment
        payment.status = StripePaymentStatus.EXPIRED
        payment.save(update_fields=["status", "updated_at"])
        record_audit(action="payment.expired", obj=payment, data={"source": source})
        other_open = registration.stripe_payments.filter(
            status=StripePaymentStatus.OPEN
        ).exists()
        if registration.status == RegistrationStatus.AWAITING_PAYMENT and not other_open:
            expire_registration(registration=registration, reason="checkout session expired",
                                device=f"stripe:{source}")
    return payment


def expire_open_sessions(*, registration_id: int) -> None:
    """Close the open Checkout Sessions of a lapsed registration (so nobody pays for nothing).

    A session that was paid in the meantime cannot be expired: we apply its payment instead.
    """
    for payment in StripePayment.objects.filter(registration_id=registration_id,
                                                status=StripePaymentStatus.OPEN):
        try:
            stripe_client.client().v1.checkout.sessions.expire(payment.session_id)
        except stripe_client.StripeError as exc:
            logger.info("Could not expire %s: %s", payment.session_id, exc)
        try:
            sync_checkout_session(session_id=payment.session_id, source="expire_holds")
        except stripe_client.StripeError:
            logger.exception("Could not re-read %s", payment.session_id)
