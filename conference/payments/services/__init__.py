"""Every write of the payments app, one noun per module:

- ``checkout``: the last registration step (``begin_checkout``: seats and transfer together);
- ``bank_transfers``, ``bank_statements``, ``invoices``: paying by VietQR transfer, reconciling
  bank statements, VAT invoice details;
- ``card_checkout``, ``refunds``, ``stripe_events``, ``reconciliation``: paying by card through
  Stripe Checkout, giving money back, applying webhooks, comparing our records with Stripe's.

Callers import from here: ``from conference.payments.services import begin_checkout``.
"""

from ..exceptions import PaymentError
from .bank_statements import ImportResult, import_statement, resolve_line
from .bank_transfers import (
    bank_details,
    mark_paid_by_hand,
    send_transfer_reminders,
    start_bank_transfer,
    transfer_payload,
)
from .card_checkout import create_checkout, expire_open_sessions, sync_checkout_session
from .checkout import begin_checkout
from .invoices import save_invoice_details
from .reconciliation import reconcile_payments
from .refunds import plan_refund_for_cancellation, submit_refund, sync_refunds
from .stripe_events import handle_webhook_event

__all__ = [
    "ImportResult",
    "PaymentError",
    "bank_details",
    "begin_checkout",
    "create_checkout",
    "expire_open_sessions",
    "handle_webhook_event",
    "import_statement",
    "mark_paid_by_hand",
    "plan_refund_for_cancellation",
    "reconcile_payments",
    "resolve_line",
    "save_invoice_details",
    "send_transfer_reminders",
    "start_bank_transfer",
    "submit_refund",
    "sync_checkout_session",
    "sync_refunds",
    "transfer_payload",
]
