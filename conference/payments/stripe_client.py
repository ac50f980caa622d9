"""The Stripe API client, configured from settings.

STRIPE_API_BASE points the client at another host (the tests' local fake of Stripe's HTTP API);
empty means Stripe itself.
"""

import json
import time
from functools import lru_cache

import stripe
from django.conf import settings

StripeError = stripe.StripeError
SignatureVerificationError = stripe.SignatureVerificationError


@lru_cache(maxsize=4)
def _client(api_key: str, api_base: str, retries: int) -> stripe.StripeClient:
    # Retries reuse the request's idempotency key, so a retried POST never acts twice.
    return stripe.StripeClient(
        api_key or "sk_test_missing",
        base_addresses={"api": api_base} if api_base else None,
        max_network_retries=retries,
    )


def client() -> stripe.StripeClient:
    return _client(settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE,
                   settings.STRIPE_MAX_NETWORK_RETRIES)


def is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def construct_event(payload: bytes, signature: str | None) -> dict:
    """Verify a webhook's Stripe-Signature header (HMAC-SHA256 of "t.payload") and parse it.

    Returns the event as a dict. Raises ValueError (not a JSON object, or nested too deeply) or
    SignatureVerificationError (forged, stale, dated in the future, or unsigned).
    """
    # Stripe's library refuses a timestamp older than the tolerance but not one in the future:
    # a signature dated ahead (a leaked secret signing for later, a badly wrong clock) would
    # stay replayable until that date. Refused here on the same tolerance.
    header = signature or ""
    stamps = [part[2:] for part in header.split(",") if part.startswith("t=")]
    if stamps and stamps[0].isdigit() and (
        int(stamps[0]) > time.time() + settings.STRIPE_WEBHOOK_TOLERANCE
    ):
        raise SignatureVerificationError("Timestamp is in the future", header, payload)
    stripe.WebhookSignature.verify_header(
        payload, header, settings.STRIPE_WEBHOOK_SECRET, settings.STRIPE_WEBHOOK_TOLERANCE
    )
    # Parsed here rather than by stripe.Webhook.construct_event, which fails with an
    # AttributeError on a signed body that is JSON but not an object.
    try:
        event = json.loads(payload)
    except RecursionError as exc:
        raise ValueError("The event nests too deeply.") from exc
    if not isinstance(event, dict):
        raise ValueError("The event is not a JSON object.")
    return event
