"""Payments: Stripe Checkout and bank transfer (VietQR), with invoice details for organisations.

Card payments: StripePayment, StripeRefund and StripeEvent mirror what Stripe holds; our state
changes only after re-reading the object from Stripe (see services/card_checkout.py and
services/stripe_events.py).

Bank transfer: a registration paid by transfer gets a BankTransfer holding its unique transfer
reference. The desk uploads bank statements (BankStatement); each credited line becomes a
StatementLine, fingerprinted so that the same line arriving twice (the same file uploaded again, or
two statements covering overlapping days) is stored once. Lines that match a reference and the
exact amount confirm their registration; the others wait for a person.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from conference.common.storage import private_storage

from .enums import (
    LineOutcome,
    LineResolution,
    PaidVia,
    RefundStatus,
    StripePaymentStatus,
    TransferStatus,
)


class CategoryPaymentMethods(models.Model):
    """Which ways to pay organisers offer for a paid category. No row: both are offered."""

    category = models.OneToOneField(
        "registration.Category", verbose_name=_("category"), on_delete=models.CASCADE,
        related_name="payment_methods",
    )
    stripe = models.BooleanField(_("card payment (Stripe)"), default=True)
    bank_transfer = models.BooleanField(_("bank transfer (VietQR)"), default=True)

    class Meta:
        verbose_name = _("payment methods of a category")
        verbose_name_plural = _("payment methods of categories")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stripe=True) | models.Q(bank_transfer=True),
                name="category_offers_a_payment_method",
            ),
        ]

    def __str__(self) -> str:
        return str(self.category)


class BankTransfer(models.Model):
    """A registration to be paid by bank transfer, and the reference the payer must quote."""

    registration = models.OneToOneField(
        "registration.Registration", verbose_name=_("registration"), on_delete=models.CASCADE,
        related_name="bank_transfer",
    )
    reference = models.CharField(_("transfer reference"), max_length=16, unique=True)
    amount_vnd = models.PositiveBigIntegerField(_("amount due (VND)"))
    status = models.CharField(
        _("status"), max_length=20, choices=TransferStatus.choices,
        default=TransferStatus.PENDING, db_index=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    paid_via = models.CharField(_("paid via"), max_length=20, choices=PaidVia.choices, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    paid_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("bank transfer")
        verbose_name_plural = _("bank transfers")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference


class BankStatement(models.Model):
    """One uploaded statement file. The same file (by content) is imported once."""

    file = models.FileField(_("file"), upload_to="statements/%Y/%m/", storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("fingerprint"), max_length=64, unique=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    credit_rows = models.PositiveIntegerField(_("credited lines in the file"), default=0)
    new_lines = models.PositiveIntegerField(_("new lines"), default=0)
    repeated_lines = models.PositiveIntegerField(_("lines already imported"), default=0)
    confirmed = models.PositiveIntegerField(_("registrations confirmed"), default=0)

    class Meta:
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        ordering = ["-uploaded_at"]
        permissions = [("reconcile_bankstatement", _("Can upload statements and resolve lines"))]

    def __str__(self) -> str:
        return self.original_name


class StatementLine(models.Model):
    """One credited line of a statement and what became of it."""

    statement = models.ForeignKey(
        BankStatement, verbose_name=_("statement"), on_delete=models.CASCADE,
        related_name="lines",
    )
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)
    row_number = models.PositiveIntegerField(_("row"))
    booked_on = models.DateField(_("date"))
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    description = models.TextField(pgettext_lazy("bank statement line", "description"))
    bank_reference = models.CharField(_("bank reference"), max_length=100, blank=True)
    found_references = models.CharField(_("references found"), max_length=200, blank=True)
    transfer = models.ForeignKey(
        BankTransfer, verbose_name=_("bank transfer"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="lines",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=LineOutcome.choices)
    resolution = models.CharField(
        _("resolution"), max_length=20, choices=LineResolution.choices, db_index=True,
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    resolution_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")
        ordering = ["statement", "row_number"]

    def __str__(self) -> str:
        return f"{self.booked_on:%d/%m/%Y} {self.amount_vnd} {self.description[:40]}"

    @property
    def needs_attention(self) -> bool:
        return self.resolution == LineResolution.OPEN


class InvoiceDetails(models.Model):
    """What the accounting team needs to issue a VAT e-invoice to the paying organisation."""

    registration = models.OneToOneField(
        "registration.Registration", verbose_name=_("registration"), on_delete=models.CASCADE,
        related_name="invoice_details",
    )
    company_name = models.CharField(_("company or organisation name"), max_length=255)
    tax_code = models.CharField(_("tax code"), max_length=14, db_index=True)
    address = models.CharField(_("address"), max_length=500)
    email = models.EmailField(_("email for the e-invoice"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("invoice details")
        verbose_name_plural = _("invoice details")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.company_name} ({self.tax_code})"


class StripePayment(models.Model):
    """One Checkout Session: one attempt to pay for a registration."""

    registration = models.ForeignKey(
        "registration.Registration", verbose_name=_("registration"), on_delete=models.PROTECT,
        related_name="stripe_payments",
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    idempotency_key = models.CharField(_("idempotency key"), max_length=80, unique=True)
    session_id = models.CharField(_("Checkout Session"), max_length=255, unique=True)
    payment_intent_id = models.CharField(_("PaymentIntent"), max_length=255, blank=True,
                                         db_index=True)
    checkout_url = models.URLField(_("checkout URL"), max_length=2000, blank=True)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    refunded_vnd = models.PositiveBigIntegerField(_("refunded (VND)"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=StripePaymentStatus.choices,
        default=StripePaymentStatus.OPEN, db_index=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("card payment")
        verbose_name_plural = _("card payments")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "attempt"],
                                    name="stripe_payment_attempt"),
            models.CheckConstraint(condition=models.Q(refunded_vnd__lte=models.F("amount_vnd")),
                                   name="stripe_refund_not_above_amount"),
        ]

    def __str__(self) -> str:
        return self.session_id

    @property
    def refundable_vnd(self) -> int:
        return self.amount_vnd - self.refunded_vnd if self.paid_at else 0


class StripeRefund(models.Model):
    """A refund we asked Stripe for. Created pending in the transaction that decides it, then
    submitted after commit with a stable idempotency key (so a retry never refunds twice)."""

    payment = models.ForeignKey(
        StripePayment, verbose_name=_("payment"), on_delete=models.PROTECT, related_name="refunds"
    )
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=80, unique=True)
    refund_id = models.CharField(_("Stripe refund"), max_length=255, null=True, blank=True,
                                 unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RefundStatus.choices, default=RefundStatus.PENDING,
        db_index=True,
    )
    last_error = models.TextField(_("last error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.refund_id or self.idempotency_key


class StripeEvent(models.Model):
    """A webhook event, stored once: a replay finds its id and changes nothing."""

    event_id = models.CharField(_("event"), max_length=255, unique=True)
    type = models.CharField(_("type"), max_length=100)
    object_id = models.CharField(_("object"), max_length=255, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    result = models.CharField(_("result"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"
