"""Attendee pages of bank transfer: the VietQR code with the details to copy, and the invoice form.

Reached without an account through the registration's status link (reference + keyed token), the
same link the registration pages use. Thin: every write is a service call.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conference.common.exceptions import DomainError
from conference.registration.enums import PaymentMethod, RegistrationStatus
from conference.registration.links import status_token, status_url
from conference.registration.models import Registration

from . import services, vietqr
from .enums import TransferStatus
from .forms import InvoiceDetailsForm
from .models import BankTransfer, InvoiceDetails
from .queries import payment_methods_for


def payment_url(registration: Registration, language: str | None = None) -> str:
    with translation.override(language or translation.get_language()):
        return reverse("pay:bank_transfer", kwargs={
            "reference": registration.reference, "token": status_token(registration.reference),
        })


def _registration_for(reference: str, token: str) -> Registration:
    if not constant_time_compare(token, status_token(reference)):
        raise Http404
    return get_object_or_404(
        Registration.objects.select_related("category", "edition"), reference=reference
    )


def _transfer_for(registration: Registration) -> BankTransfer:
    transfer = BankTransfer.objects.filter(registration=registration).first()
    if transfer is None:
        raise Http404
    return transfer


def bank_transfer(request, reference: str, token: str):
    """The VietQR code, and bank, account, amount and reference as text to copy."""
    registration = _registration_for(reference, token)
    transfer = _transfer_for(registration)
    awaiting = (
        transfer.status == TransferStatus.PENDING
        and registration.status == RegistrationStatus.AWAITING_PAYMENT
        and registration.hold_expires_at is not None
        and registration.hold_expires_at > timezone.now()
    )
    payload = services.transfer_payload(transfer)
    return render(request, "payments/bank_transfer.html", {
        "registration": registration,
        "transfer": transfer,
        "bank": services.bank_details(),
        "awaiting": awaiting,
        "qr_svg": vietqr.qr_svg(payload) if awaiting else "",
        "token": token,
        "status_url": status_url(registration),
        "invoice": InvoiceDetails.objects.filter(registration=registration).first(),
    })


@require_POST
def start_transfer(request, reference: str, token: str):
    """Switch a registration awaiting card payment to bank transfer (when the category offers
    it): the seats are held for the transfer's longer time and the instructions emailed."""
    registration = _registration_for(reference, token)
    if PaymentMethod.BANK_TRANSFER not in payment_methods_for(registration.category):
        raise Http404
    try:
        services.start_bank_transfer(registration=registration,
                                     device=f"web:{request.META.get('REMOTE_ADDR', '')}")
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(status_url(registration))
    return redirect(payment_url(registration))


def bank_transfer_qr(request, reference: str, token: str):
    registration = _registration_for(reference, token)
    transfer = _transfer_for(registration)
    png = vietqr.qr_png(services.transfer_payload(transfer))
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="VietQR-{transfer.reference}.png"'
    response["Cache-Control"] = "private, max-age=3600"
    return response


def invoice_details(request, reference: str, token: str):
    """An organisation asks for a VAT e-invoice: company, tax code, address, e-invoice email."""
    registration = _registration_for(reference, token)
    if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED):
        raise Http404
    current = InvoiceDetails.objects.filter(registration=registration).first()
    initial = {}
    if current is not None:
        initial = {"company_name": current.company_name, "tax_code": current.tax_code,
                   "address": current.address, "email": current.email}
    form = InvoiceDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_invoice_details(
                registration=registration, by=request.user,
                device=f"web:{request.META.get('REMOTE_ADDR', '')}", **form.cleaned_data,
            )
        except DomainError as error:
            form.add_error(error.params.get("field"), error.message)
        else:
            messages.success(request, _("Invoice details saved. The e-invoice will be sent to "
                                        "%(email)s.") % {"email": form.cleaned_data["email"]})
            if BankTransfer.objects.filter(registration=registration).exists():
                return redirect(payment_url(registration))
            return redirect(status_url(registration))
    return render(request, "payments/invoice_details.html", {
        "registration": registration, "form": form, "token": token,
        "back_url": (payment_url(registration)
                     if BankTransfer.objects.filter(registration=registration).exists()
                     else status_url(registration)),
    })
