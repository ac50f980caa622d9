"""The Stripe webhook endpoint: verify, deduplicate, re-read, apply (services.stripe_events)."""

import logging

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from conference.common.jsonbody import has_control_characters
from conference.common.middleware import accepts_nul

from . import stripe_client
from .services import handle_webhook_event

logger = logging.getLogger(__name__)


def _text(value, limit: int = 255) -> bool:
    # No NUL nor lone surrogate: PostgreSQL can store neither.
    return (isinstance(value, str) and 0 < len(value) <= limit
            and not has_control_characters(value))


def _is_event(event) -> bool:
    """Whether a verified payload has the shape every Stripe event has: an id, a type and a
    ``data.object`` (an object with a text id when it has one). A signed body without them is
    not something Stripe sends; it is refused rather than read half-way."""
    if not isinstance(event, dict) or not _text(event.get("id")) or not _text(event.get("type")):
        return False
    data = event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    if not isinstance(obj, dict):
        return False
    if "id" in obj and not _text(obj["id"]):
        return False
    intent = obj.get("payment_intent")
    return intent is None or _text(intent)


# Stripe words its own events (a customer's name may hold anything): read here, not refused by
# the NUL middleware; a NUL never reaches the database (ids are checked, names are not stored).
@accepts_nul
@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Answer 2xx once the event is applied (or known); 400 for a bad signature or body, and
    503 when Stripe itself could not be re-read, so that Stripe delivers the event again."""
    try:
        event = stripe_client.construct_event(
            request.body, request.headers.get("Stripe-Signature")
        )
    except (ValueError, UnicodeDecodeError, RecursionError):
        return JsonResponse({"code": "bad_payload", "message": "Not a Stripe event."}, status=400)
    except stripe_client.SignatureVerificationError:
        return JsonResponse({"code": "bad_signature", "message": "Signature check failed."},
                            status=400)
    if not _is_event(event):
        return JsonResponse({"code": "bad_event",
                             "message": "Not a Stripe event: no id, type or data.object."},
                            status=400)
    try:
        result = handle_webhook_event(event=event)
    except stripe_client.StripeError as exc:
        logger.warning("Stripe event %s not applied yet: %s", event.get("id"), exc)
        return JsonResponse({"code": "stripe_unavailable", "message": str(exc)[:200]},
                            status=503)
    return JsonResponse({"received": True, "result": result})
