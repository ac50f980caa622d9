"""Card refunds: planned inside the transaction that decides them, sent to Stripe after commit
(idempotent by key), settled from Stripe's answer or its events."""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from conference.common.services import record_audit
from conference.registration.emails import send_to_contact
from conference.registration.models import Registration

from .. import stripe_client
from ..enums import RefundStatus, StripePaymentStatus
from ..exceptions import PaymentError
from ..models import StripePayment, StripeRefund

logger = logging.getLogger(__name__)

# Stripe accepts expires_at between 30 minutes and 24 hours from now.


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
            refunds.append(plan_refund(payment=payment, amount_vnd=part, by=by, reason=reason,
                                        notify="payments/refund"))
            left -= part
    return refunds


def _pending_vnd(payment: StripePayment) -> int:
    return sum(
        r.amount_vnd for r in payment.refunds.filter(status=RefundStatus.PENDING,
                                                     refund_id__isnull=True)
    )


def plan_refund(*, payment: StripePayment, amount_vnd: int, by, reason: str,
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
            send_to_contact(registration, notify, {"refund": refund, "payment": payment})
        record_audit(action="payment.refunded", obj=refund,
                     data={"refund": refund.refund_id, "amount_vnd": refund.amount_vnd,
                           "status": refund.status})
    return refund


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
