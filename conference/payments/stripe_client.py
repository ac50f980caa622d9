"""The Stripe API client, configured from settings.

STRIPE_API_BASE points the client at another host (the tests' local fake of Stripe's HTTP API);
empty means Stripe itself.
"""

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


def construct_event(payload: bytes, signature: str | None):
    """Verify a webhook's Stripe-Signature header (HMAC-SHA256 of "t.payload") and parse it.

    Raises ValueError (not JSON) or SignatureVerificationError (forged, stale or unsigned).
    """
    return stripe.Webhook.construct_event(
        payload, signature or "", settings.STRIPE_WEBHOOK_SECRET,
        tolerance=settings.STRIPE_WEBHOOK_TOLERANCE,
    )
