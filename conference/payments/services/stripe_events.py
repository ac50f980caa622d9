"""Stripe webhooks: each verified event applied once.

Webhooks may arrive twice, late, or out of order. We never trust an event's body: we store its id
once and re-read the session (or the refunds) from Stripe, then apply what Stripe says now.
"""


from django.db import IntegrityError

from ..models import StripeEvent
from .card_checkout import sync_checkout_session
from .refunds import sync_refunds

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
