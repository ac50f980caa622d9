"""The Stripe webhook endpoint: verify, deduplicate, re-read, apply (services.stripe_events)."""

import logging

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import stripe_client
from .services import handle_webhook_event

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Answer 2xx once the event is applied (or known); 400 for a bad signature or body, and
    503 when Stripe itself could not be re-read, so that Stripe delivers the event again."""
    try:
        event = stripe_client.construct_event(
            request.body, request.headers.get("Stripe-Signature")
        ).to_dict()
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"code": "bad_payload", "message": "Not a Stripe event."}, status=400)
    except stripe_client.SignatureVerificationError:
        return JsonResponse({"code": "bad_signature", "message": "Signature check failed."},
                            status=400)
    try:
        result = handle_webhook_event(event=event)
    except stripe_client.StripeError as exc:
        logger.warning("Stripe event %s not applied yet: %s", event.get("id"), exc)
        return JsonResponse({"code": "stripe_unavailable", "message": str(exc)[:200]},
                            status=503)
    return JsonResponse({"received": True, "result": result})
