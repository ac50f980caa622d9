"""Stripe Checkout: create sessions, apply verified webhooks, refund, reconcile.

Rules of the Stripe API we rely on:
- VND is a zero-decimal currency: ``unit_amount`` is whole dong (150000 means 150.000 ₫), never
  multiplied by 100.
- A request with an Idempotency-Key that Stripe has seen returns the first response, so a retried
  attempt never creates a second session or a second refund.
- Webhooks may arrive twice, late, or out of order. We never trust an event's body: we store its
  id once and re-read the session (or payment intent, or refunds) from Stripe, then apply what
  Stripe says now, under the registration's row lock. Applying the same state twice is a no-op.
"""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from conference.common.exceptions import DomainError
from conference.common.i18n import localized
from conference.common.services import record_audit
from conference.registration.emails import send_to_contact
from conference.registration.enums import RegistrationStatus
from conference.registration.links import status_token
from conference.registration.models import Registration
from conference.registration.services import confirm_registration, expire_registration

from . import stripe_client
from .enums import RefundStatus, StripePaymentStatus
from .links import card_return_url
from .models import StripeEvent, StripePayment, StripeRefund

logger = logging.getLogger(__name__)

# Stripe accepts expires_at between 30 minutes and 24 hours from now.
MIN_SESSION_SECONDS = 30 * 60 + 60
MAX_SESSION_SECONDS = 24 * 60 * 60 - 60


class PaymentError(DomainError):
    """The payment cannot be made or changed."""

    code = "payment_error"


def _url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, kwargs=kwargs)


# --- Checkout -------------------------------------------------------------------------------------

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
    seconds = int((registration.hold_expires_at - now).total_seconds())
    expires_at = int(now.timestamp()) + max(MIN_SESSION_SECONDS, min(seconds, MAX_SESSION_SECONDS))
    language = registration.language
    token = status_token(registration.reference)
    metadata = {"registration_id": str(registration.pk), "reference": registration.reference,
                "attempt": str(attempt)}
    session = stripe_client.client().v1.checkout.sessions.create(
        params={
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
            "success_url": settings.SITE_URL + card_return_url(registration, language)
            + "?session_id={CHECKOUT_SESSION_ID}",
            "cancel_url": _url("registration:status", language,
                               reference=registration.reference, token=token),
        },
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
        _send(registration, "payments/receipt", payment=payment)
        already_paid = registration.stripe_payments.filter(
            paid_at__isnull=False
        ).exclude(pk=payment.pk).exists()
        if already_paid:
            _plan_refund(payment=payment, amount_vnd=payment.amount_vnd, by=None,
                         reason="duplicate payment", notify="payments/refund")
            return payment
        try:
            with transaction.atomic():
                confirm_registration(registration=registration, payment=payment,
                                     device=f"stripe:{source}")
        except DomainError as exc:  # sold out meanwhile, or rejected: give the money back
            _plan_refund(payment=payment, amount_vnd=payment.amount_vnd, by=None,
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


# --- refunds -----------------------------------------------------------------------------------

def plan_refund_for_cancellation(*, registration: Registration, amount_vnd: int | None, by,
                                 reason: str) -> list[StripeRefund]:
    """Inside the cancelling transaction: create pending refunds (None = all that was paid).

    They are sent to Stripe after commit; a failure leaves them pending for reconcile_payments.
    """
    payments = list(
        StripePayment.objects.select_for_update()
        .filter(registration=registration, paid_at__isnull=False).order_by("attempt")
    )
    refundable = sum(p.amount_vnd - p.refunded_vnd - _pending_vnd(p) for p in payments)
    if amount_vnd is None:
        amount_vnd = refundable
    if amount_vnd < 0 or amount_vnd > refundable:
        raise PaymentError(
            _("The refund cannot be more than the %(amount)s paid.")
            % {"amount": f"{refundable:,}".replace(",", ".") + " ₫"},
            code="refund_too_large",
        )
    refunds = []
    left = amount_vnd
    for payment in payments:
        if left <= 0:
            break
        part = min(left, payment.amount_vnd - payment.refunded_vnd - _pending_vnd(payment))
        if part > 0:
            refunds.append(_plan_refund(payment=payment, amount_vnd=part, by=by, reason=reason,
                                        notify="payments/refund"))
            left -= part
    return refunds


def _pending_vnd(payment: StripePayment) -> int:
    return sum(
        r.amount_vnd for r in payment.refunds.filter(status=RefundStatus.PENDING,
                                                     refund_id__isnull=True)
    )


def _plan_refund(*, payment: StripePayment, amount_vnd: int, by, reason: str,
                 notify: str) -> StripeRefund:
    number = payment.refunds.count() + 1
    refund = StripeRefund.objects.create(
        payment=payment, amount_vnd=amount_vnd, reason=reason[:255],
        idempotency_key=f"govconf-refund-{payment.session_id[-40:]}-{number}",
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    record_audit(action="payment.refund_planned", obj=refund, actor=by,
                 data={"payment": payment.session_id, "amount_vnd": amount_vnd,
                       "reason": reason})
    refund_pk = refund.pk
    transaction.on_commit(lambda: _submit_quietly(refund_pk, notify))
    return refund


def _submit_quietly(refund_id: int, notify: str) -> None:
    try:
        submit_refund(refund_id=refund_id, notify=notify)
    except stripe_client.StripeError:
        logger.exception("Refund %s not submitted; reconcile_payments will retry", refund_id)


def submit_refund(*, refund_id: int, notify: str = "payments/refund") -> StripeRefund:
    """Send a pending refund to Stripe (idempotent by key) and record Stripe's answer."""
    refund = StripeRefund.objects.select_related("payment").get(pk=refund_id)
    if refund.refund_id:
        return refund
    payment = refund.payment
    try:
        answer = stripe_client.client().v1.refunds.create(
            params={
                "payment_intent": payment.payment_intent_id,
                "amount": refund.amount_vnd,  # whole dong (zero-decimal)
                "metadata": {"registration": payment.registration.reference,
                             "reason": refund.reason[:200]},
            },
            options={"idempotency_key": refund.idempotency_key},
        ).to_dict()
    except stripe_client.StripeError as exc:
        StripeRefund.objects.filter(pk=refund.pk).update(last_error=str(exc)[:2000])
        raise
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=payment.registration_id)
        refund = StripeRefund.objects.select_for_update().get(pk=refund.pk)
        if refund.refund_id:
            return refund
        payment = StripePayment.objects.select_for_update().get(pk=payment.pk)
        refund.refund_id = answer["id"]
        refund.status = (RefundStatus.FAILED if answer.get("status") in ("failed", "canceled")
                         else RefundStatus.SUCCEEDED)
        refund.last_error = ""
        refund.save(update_fields=["refund_id", "status", "last_error"])
        if refund.status == RefundStatus.SUCCEEDED:
            payment.refunded_vnd += refund.amount_vnd
            payment.status = (StripePaymentStatus.REFUNDED
                              if payment.refunded_vnd >= payment.amount_vnd
                              else StripePaymentStatus.PARTIALLY_REFUNDED)
            payment.save(update_fields=["refunded_vnd", "status", "updated_at"])
            _send(registration, notify, refund=refund, payment=payment)
        record_audit(action="payment.refunded", obj=refund,
                     data={"refund": refund.refund_id, "amount_vnd": refund.amount_vnd,
                           "status": refund.status})
    return refund


def _send(registration: Registration, template: str, **extra) -> None:
    send_to_contact(registration, template, extra)


# --- webhooks -------------------------------------------------------------------------------------

SESSION_EVENTS = {
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "checkout.session.expired",
}


def handle_webhook_event(*, event) -> str:
    """Apply one verified event, once. Returns what happened (stored with the event id).

    Processing is itself idempotent (it re-reads Stripe and applies state under locks), so two
    deliveries racing past the duplicate check still change nothing twice.
    """
    event_id = event["id"]
    if StripeEvent.objects.filter(event_id=event_id).exists():
        return "duplicate"
    event_type = event["type"]
    obj = event["data"]["object"]
    object_id = obj.get("id", "")
    if event_type in SESSION_EVENTS:
        payment = sync_checkout_session(session_id=object_id, source=f"webhook:{event_type}")
        result = payment.status if payment else "unknown session"
    elif event_type in ("charge.refunded", "refund.updated", "refund.created"):
        intent_id = obj.get("payment_intent") or ""
        result = f"refunds synced: {sync_refunds(payment_intent_id=intent_id)}"
    else:
        result = "ignored"
    try:
        StripeEvent.objects.create(event_id=event_id, type=event_type, object_id=object_id,
                                   result=result[:255])
    except IntegrityError:
        return "duplicate"
    return result


def sync_refunds(*, payment_intent_id: str) -> int:
    """Re-read a payment intent's refunds from Stripe and settle ours that were still pending."""
    payment = StripePayment.objects.filter(payment_intent_id=payment_intent_id).first()
    if payment is None or not payment_intent_id:
        return 0
    refunds = stripe_client.client().v1.refunds.list(
        params={"payment_intent": payment_intent_id, "limit": 100}
    )
    changed = 0
    for item in (r.to_dict() for r in refunds.auto_paging_iter()):
        ours = StripeRefund.objects.filter(refund_id=item["id"]).first()
        if ours is None or ours.status != RefundStatus.PENDING:
            continue
        status = {"succeeded": RefundStatus.SUCCEEDED, "failed": RefundStatus.FAILED,
                  "canceled": RefundStatus.FAILED}.get(item.get("status"))
        if status is None:
            continue
        with transaction.atomic():
            ours = StripeRefund.objects.select_for_update().get(pk=ours.pk)
            if ours.status != RefundStatus.PENDING:
                continue
            ours.status = status
            ours.save(update_fields=["status"])
            if status == RefundStatus.SUCCEEDED:
                locked = StripePayment.objects.select_for_update().get(pk=payment.pk)
                locked.refunded_vnd += ours.amount_vnd
                locked.status = (StripePaymentStatus.REFUNDED
                                 if locked.refunded_vnd >= locked.amount_vnd
                                 else StripePaymentStatus.PARTIALLY_REFUNDED)
                locked.save(update_fields=["refunded_vnd", "status", "updated_at"])
            record_audit(action="payment.refund_settled", obj=ours, data={"status": status})
            changed += 1
    return changed


# --- reconciliation -------------------------------------------------------------------------------

def reconcile_payments(*, fix: bool = False, since=None) -> list[dict]:
    """Compare our Stripe records with Stripe's and list the differences.

    With ``fix``, apply Stripe's state (sync the session, submit pending refunds). Differences:
    paid_not_recorded, expired_not_recorded, recorded_paid_but_unpaid, amount_differs,
    refund_not_submitted, refunded_amount_differs, paid_but_not_confirmed.
    """
    differences = []
    payments = StripePayment.objects.select_related("registration").order_by("pk")
    if since is not None:
        payments = payments.filter(created_at__gte=since)
    api = stripe_client.client().v1
    for payment in payments:
        session = api.checkout.sessions.retrieve(payment.session_id).to_dict()
        theirs_paid = session.get("payment_status") == "paid"
        ours_paid = payment.paid_at is not None

        def note(kind, payment=payment, **data):
            differences.append({"kind": kind, "reference": payment.registration.reference,
                                "session": payment.session_id, **data})

        if theirs_paid and not ours_paid:
            note("paid_not_recorded")
        elif ours_paid and not theirs_paid:
            note("recorded_paid_but_unpaid")
        elif session.get("status") == "expired" and payment.status == StripePaymentStatus.OPEN:
            note("expired_not_recorded")
        if theirs_paid and int(session.get("amount_total") or 0) != payment.amount_vnd:
            note("amount_differs", ours=payment.amount_vnd,
                 theirs=int(session.get("amount_total") or 0))
        if fix and (theirs_paid != ours_paid or session.get("status") == "expired"):
            sync_checkout_session(session_id=payment.session_id, source="reconcile")
            payment.refresh_from_db()
        for refund in payment.refunds.filter(refund_id__isnull=True,
                                             status=RefundStatus.PENDING):
            note("refund_not_submitted", amount_vnd=refund.amount_vnd)
            if fix:
                try:
                    submit_refund(refund_id=refund.pk)
                except stripe_client.StripeError as exc:
                    logger.warning("Refund %s still failing: %s", refund.pk, exc)
        if payment.payment_intent_id:
            listed = api.refunds.list(params={"payment_intent": payment.payment_intent_id,
                                              "limit": 100})
            theirs = sum(int(r["amount"]) for r in listed.auto_paging_iter()
                         if r["status"] in ("succeeded", "pending"))
            payment.refresh_from_db()
            if theirs != payment.refunded_vnd:
                note("refunded_amount_differs", ours=payment.refunded_vnd, theirs=theirs)
        payment.refresh_from_db()
        registration = payment.registration
        registration.refresh_from_db()
        if (
            payment.status == StripePaymentStatus.PAID
            and registration.status != RegistrationStatus.CONFIRMED
            and not payment.refunds.exists()
        ):
            note("paid_but_not_confirmed", status=registration.status)
    return differences
