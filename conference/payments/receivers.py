"""How payments reacts to what registration announces (conference.registration.signals)."""

import django_filters
from django.db.models import Q
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conference.registration import signals
from conference.registration.enums import PaymentMethod, RegistrationStatus
from conference.registration.models import Registration

from . import services
from .links import payment_url
from .models import BankTransfer, InvoiceDetails
from .queries import payment_methods_for


@receiver(signals.status_page_panels, dispatch_uid="payments_status_panel")
def status_panel(sender, *, registration, request, token, **kwargs) -> str:
    """The payment part of the registration's status page: pay by card, switch to a bank
    transfer, the VietQR page, and the VAT invoice details."""
    awaiting = registration.status == RegistrationStatus.AWAITING_PAYMENT
    transfer = BankTransfer.objects.filter(registration=registration).first()
    return render_to_string("payments/includes/status_panel.html", {
        "registration": registration,
        "token": token,
        "can_pay": (awaiting and registration.payment_method == PaymentMethod.STRIPE
                    and registration.hold_expires_at
                    and registration.hold_expires_at > timezone.now()),
        "can_switch_to_transfer": (
            awaiting and registration.payment_method != PaymentMethod.BANK_TRANSFER
            and PaymentMethod.BANK_TRANSFER in payment_methods_for(registration.category)
        ),
        "bank_transfer_url": (
            payment_url(registration)
            if awaiting and transfer is not None
            and registration.payment_method == PaymentMethod.BANK_TRANSFER else ""
        ),
        "show_invoice": bool(registration.amount_vnd) and registration.status not in (
            RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED),
        "invoice": InvoiceDetails.objects.filter(registration=registration).first(),
    }, request=request)


@receiver(signals.desk_panels, dispatch_uid="payments_desk_panel")
def desk_panel(sender, *, registration, request, **kwargs) -> str:
    """The desk's view of a registration's money: card payments and refunds, the bank transfer
    with its statement lines, "mark paid by hand", the invoice details."""
    registration = (
        Registration.objects.select_related("bank_transfer__paid_by", "invoice_details")
        .prefetch_related("stripe_payments__refunds", "bank_transfer__lines")
        .get(pk=registration.pk)
    )
    return render_to_string("payments/admin/registration_panel.html",
                            {"registration": registration}, request=request)


@receiver(signals.desk_listing_filters, dispatch_uid="payments_paid_filter")
def paid_filter(sender, **kwargs) -> dict:
    """The desk's listing filter "paid": by card or by bank transfer."""

    def filter_paid(queryset, name, value):
        paid = Q(stripe_payments__paid_at__isnull=False) | Q(bank_transfer__paid_at__isnull=False)
        if value:
            return queryset.filter(paid).distinct()
        return queryset.filter(amount_vnd__gt=0).exclude(paid)

    return {"paid": django_filters.BooleanFilter(method=filter_paid, label=_("paid"))}


@receiver(signals.registration_cancelling, dispatch_uid="payments_refund_on_cancel")
def plan_refunds_on_cancel(sender, *, registration, by, refund_vnd, reason, **kwargs) -> int:
    """Inside the cancelling transaction: plan the card refunds (sent to Stripe after commit).
    A refund larger than what was paid raises PaymentError, and the cancellation does not
    happen. Returns the amount planned, which the cancellation email states."""
    refunds = services.plan_refund_for_cancellation(
        registration=registration, amount_vnd=refund_vnd, by=by, reason=reason,
    )
    return sum(refund.amount_vnd for refund in refunds)


@receiver(signals.registration_cancelled, dispatch_uid="payments_close_sessions_on_cancel")
def close_sessions_on_cancel(sender, *, registration, **kwargs) -> None:
    """Nobody can pay for a cancelled registration: close its open Checkout Sessions."""
    services.expire_open_sessions(registration_id=registration.pk)


@receiver(signals.holds_lapsed, dispatch_uid="payments_close_sessions_on_lapse")
def close_sessions_of_lapsed_holds(sender, *, registrations, **kwargs) -> None:
    """Close the Checkout Sessions of holds that ran out (a session paid meanwhile confirms its
    registration instead, if seats are still free)."""
    for registration in registrations:
        services.expire_open_sessions(registration_id=registration.pk)
