"""The money step of registration, and the attendee pages of payment.

- ``checkout``: the last registration step (details checked, consent, how to pay); one service,
  ``services.begin_checkout``, takes the seats and starts a bank transfer in one transaction.
- ``pay_by_card`` and ``card_return``: Stripe Checkout and the page Stripe sends the payer back to.
- ``bank_transfer`` and friends: the VietQR code with the details to copy, the invoice form.
- ``status_panel``: the payment part of the registration's status page (a receiver of
  ``registration.signals.status_page_panels``).

Reached without an account through the registration's status link (reference + keyed token).
Thin: every write is a service call.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.models import Edition
from conference.common.exceptions import DomainError
from conference.common.i18n import localized
from conference.common.ratelimit import client_ip, client_limited
from conference.registration import drafts
from conference.registration.enums import PaymentMethod, RegistrationStatus
from conference.registration.links import registration_from_link, status_url
from conference.registration.models import Category, Registration
from conference.registration.services import get_registration_settings

from . import services, stripe_client, vietqr
from .enums import TransferStatus
from .forms import CheckoutForm, InvoiceDetailsForm
from .links import payment_url
from .models import BankTransfer, InvoiceDetails
from .queries import payment_methods_for


def _registration_for(reference: str, token: str) -> Registration:
    return registration_from_link(reference, token)


def _transfer_for(registration: Registration) -> BankTransfer:
    transfer = BankTransfer.objects.filter(registration=registration).first()
    if transfer is None:
        raise Http404
    return transfer


# --- the last registration step ------------------------------------------------------------------

def checkout(request, code: str):
    """Step 3: check the details, consent to the processing of personal data and choose how to
    pay; then the seats are taken (services.begin_checkout) and the payment starts."""
    category = get_object_or_404(
        Category.objects.select_related("edition").prefetch_related("questions"),
        edition=Edition.current(), code=code,
    )
    draft = drafts.draft_for(request, category)
    if draft is None:
        return redirect("registration:details", code=category.code)
    reg_settings = get_registration_settings(category.edition)
    form = CheckoutForm(request.POST if request.method == "POST" else None,
                        payment_methods=payment_methods_for(category))
    # Neither card (no Stripe keys) nor transfer (no account) can work: say so, take no seats.
    no_payment = not category.is_free and not form.payment_methods
    if request.method == "POST" and not no_payment and form.is_valid():
        if client_limited(request, "register", limit=settings.REGISTRATION_RATE_LIMIT):
            form.add_error(None, _("Too many registrations from your network. Please try again "
                                   "in a few minutes."))
        else:
            try:
                registration = services.begin_checkout(
                    category=category,
                    attendees=draft["attendees"],
                    contact=request.user if request.user.is_authenticated else None,
                    contact_email=draft["contact_email"],
                    language=get_language()[:2],
                    consent_version=reg_settings.consent_version,
                    invitation_code=draft.get("invitation_code") or None,
                    payment_method=form.chosen_payment_method(),
                    waiting_list_entry=drafts.offer_entry(request, category),
                    device=f"web:{client_ip(request)}", client_ip=client_ip(request),
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                if exc.code == "duplicate":
                    existing = Registration.objects.filter(
                        reference=exc.params.get("reference")).first()
                    if existing is not None:
                        form.existing_url = reverse("registration:portal")
            else:
                drafts.finish(request, registration)
                if registration.status == RegistrationStatus.AWAITING_PAYMENT:
                    return _go_to_payment(request, registration)
                return redirect(status_url(registration))
    return render(request, "payments/checkout.html", {
        "category": category, "draft": draft, "form": form,
        "consent_text": localized(reg_settings, "consent_text"),
        "consent_version": reg_settings.consent_version,
        "total_vnd": category.price_vnd * len(draft["attendees"]),
        "payment_methods": form.payment_methods,
        "no_payment": no_payment,
        "hold_minutes": reg_settings.hold_minutes,
        "transfer_hold_days": settings.BANK_TRANSFER_HOLD_DAYS,
    })


def _go_to_payment(request, registration):
    if registration.payment_method == PaymentMethod.BANK_TRANSFER:
        if hasattr(registration, "bank_transfer"):
            return redirect(payment_url(registration))
    if registration.payment_method != PaymentMethod.STRIPE:
        return redirect(status_url(registration))
    try:
        payment = services.create_checkout(registration=registration)
    except DomainError as exc:
        messages.error(request, exc.message)
        _offer_transfer_instead(request, registration)
        return redirect(status_url(registration))
    except stripe_client.StripeError:
        messages.error(request, _("The card payment service did not answer. Your seats are "
                                  "held: please try to pay again in a moment."))
        _offer_transfer_instead(request, registration)
        return redirect(status_url(registration))
    return redirect(payment.checkout_url)


def _offer_transfer_instead(request, registration) -> None:
    """When the card payment cannot start, say that one click switches to a bank transfer
    (the button is on the status page the visitor lands on)."""
    if PaymentMethod.BANK_TRANSFER in payment_methods_for(registration.category):
        messages.info(request, _("You can pay by bank transfer instead: press “Pay by bank "
                                 "transfer (VietQR) instead” below; your seats stay held."))


# --- card payment (Stripe Checkout) --------------------------------------------------------------

@require_POST
def pay_by_card(request, reference: str, token: str):
    registration = _registration_for(reference, token)
    return _go_to_payment(request, registration)


def card_return(request, reference: str, token: str):
    """Stripe's success URL. Confirms from Stripe's own answer (never from the URL), racing the
    webhook safely: whichever comes second finds the payment recorded."""
    registration = _registration_for(reference, token)
    session_id = request.GET.get("session_id", "")
    payment = registration.stripe_payments.filter(session_id=session_id).first()
    if payment is not None:
        try:
            services.sync_checkout_session(session_id=session_id, source="return")
        except stripe_client.StripeError:
            messages.warning(request, _("We are waiting for the payment confirmation from the "
                                        "bank. This page will show it shortly."))
    return redirect(status_url(registration))


# --- bank transfer -------------------------------------------------------------------------------

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
                                     device=f"web:{client_ip(request)}")
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
                device=f"web:{client_ip(request)}", **form.cleaned_data,
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
