"""VAT e-invoice details an organisation asks for."""


from django.db import transaction
from django.utils.translation import gettext as _

from conference.common.services import record_audit
from conference.common.text import nfc
from conference.registration.models import Registration

from ..exceptions import PaymentError
from ..models import InvoiceDetails
from ..taxcode import normalise_tax_code, tax_code_error


def save_invoice_details(*, registration: Registration, company_name: str, tax_code: str,
                         address: str, email: str, by=None, device: str = "") -> InvoiceDetails:
    """Record (or replace) what the accounting team needs to issue the VAT e-invoice."""
    company_name, address = nfc(company_name), nfc(address)
    email = (email or "").strip().lower()
    error = tax_code_error(tax_code)
    if error:
        raise PaymentError(error, code="bad_tax_code", field="tax_code")
    if not company_name:
        raise PaymentError(_("Enter the company or organisation name."),
                           code="company_required", field="company_name")
    if not address:
        raise PaymentError(_("Enter the address."), code="address_required", field="address")
    with transaction.atomic():
        details, created = InvoiceDetails.objects.update_or_create(
            registration=registration,
            defaults={"company_name": company_name, "tax_code": normalise_tax_code(tax_code),
                      "address": address, "email": email},
        )
        record_audit(
            action="payment.invoice_details_saved", obj=registration, actor=by, device=device,
            data={"company_name": company_name, "tax_code": details.tax_code,
                  "created": created},
        )
    return details
