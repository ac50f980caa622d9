"""Our Stripe records compared with Stripe's, and fixed on request."""

import logging

from conference.registration.enums import RegistrationStatus

from .. import stripe_client
from ..enums import RefundStatus, StripePaymentStatus
from ..models import StripePayment
from .card_checkout import sync_checkout_session
from .refunds import submit_refund

logger = logging.getLogger(__name__)

# Stripe accepts expires_at between 30 minutes and 24 hours from now.


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
