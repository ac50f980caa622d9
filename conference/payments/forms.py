from django import forms
from django.utils.translation import gettext_lazy as _

from conference.registration.enums import PaymentMethod
from conference.registration.forms import ConsentForm

from .enums import LineResolution
from .models import StatementLine
from .taxcode import normalise_tax_code, tax_code_error


class CheckoutForm(ConsentForm):
    """The consent of the last registration step, and how to pay when there is a choice."""

    def __init__(self, *args, payment_methods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.payment_methods = list(payment_methods)
        if len(self.payment_methods) > 1:
            # Before the consent box: the choice belongs with the amount shown above it.
            self.fields = {
                "payment_method": forms.ChoiceField(
                    label=_("How will you pay?"), widget=forms.RadioSelect,
                    choices=[(m, PaymentMethod(m).label) for m in self.payment_methods],
                    initial=self.payment_methods[0],
                ),
                **self.fields,
            }

    def chosen_payment_method(self) -> str | None:
        """The method picked, the only one offered, or None for a free category."""
        if len(self.payment_methods) > 1:
            return self.cleaned_data["payment_method"]
        return self.payment_methods[0] if self.payment_methods else None


class InvoiceDetailsForm(forms.Form):
    """What an organisation needs on its VAT e-invoice."""

    company_name = forms.CharField(label=_("Company or organisation name"), max_length=255)
    tax_code = forms.CharField(
        label=_("Tax code"), max_length=20,
        help_text=_("10 digits, or 13 with the branch suffix (e.g. 0100109106-001)."),
    )
    address = forms.CharField(label=_("Address"), max_length=500)
    email = forms.EmailField(label=_("Email for the e-invoice"))

    def clean_tax_code(self):
        value = self.cleaned_data["tax_code"]
        error = tax_code_error(value)
        if error:
            raise forms.ValidationError(error)
        return normalise_tax_code(value)


class StatementUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Statement file"),
        help_text=_("CSV or XLSX as exported from the bank: date, amount, description."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Upload the statement as a CSV or XLSX file."))
        return upload


class ResolveLineForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[("confirm", _("Accept as the registration's payment")),
                 ("dismiss", _("Dismiss (refund or not ours)"))],
        widget=forms.RadioSelect,
    )
    reference = forms.CharField(
        label=_("Transfer reference"), max_length=40, required=False,
        help_text=_("Only when the line is for another registration than the one found."),
    )
    note = forms.CharField(label=_("Note"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, line: StatementLine, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = line
        if line.resolution != LineResolution.OPEN:
            for field in self.fields.values():
                field.disabled = True


class MarkPaidForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How the payment was made and seen, e.g. cash receipt no. 0123."),
    )
