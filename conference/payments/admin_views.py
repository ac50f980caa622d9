"""Desk pages in the Wagtail admin: statements, lines to resolve, transfers, invoice details.

Thin: reads here, every write through services.py. Each view needs the reconcile permission
(Registration desk and Organizer roles).
"""

import csv
import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conference.common.exceptions import DomainError
from conference.common.permissions import permission_required
from conference.common.ratelimit import client_ip
from conference.common.text import fold, spreadsheet_safe
from conference.registration.enums import RegistrationStatus
from conference.registration.models import Registration

from . import services
from .enums import LineResolution, TransferStatus
from .forms import MarkPaidForm, ResolveLineForm, StatementUploadForm
from .models import BankStatement, BankTransfer, InvoiceDetails, StatementLine

PERMISSION = "payments.reconcile_transfers"


def _device(request) -> str:
    return f"admin:{client_ip(request)}"


@permission_required(PERMISSION)
def statements(request):
    """Upload a statement; list earlier uploads."""
    form = StatementUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.import_statement(
                data=upload.read(), filename=upload.name, by=request.user,
                device=_device(request),
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            statement = result.statement
            if result.already_imported:
                messages.warning(request, _("This statement was already imported on %(date)s: "
                                            "nothing changed.") % {
                    "date": timezone.localtime(statement.uploaded_at).strftime("%d/%m/%Y %H:%M")})
            else:
                messages.success(request, _(
                    "%(new)s new lines, %(repeated)s already imported; %(confirmed)s "
                    "registrations confirmed."
                ) % {"new": statement.new_lines, "repeated": statement.repeated_lines,
                     "confirmed": statement.confirmed})
            return redirect("payments_admin:statement", pk=statement.pk)
    page = Paginator(
        BankStatement.objects.select_related("uploaded_by").order_by("-uploaded_at"), 25
    ).get_page(request.GET.get("p"))
    return render(request, "payments/admin/statements.html", {
        "page_title": _("Bank statements"), "header_icon": "doc-full", "form": form,
        "page": page,
        "open_count": StatementLine.objects.filter(resolution=LineResolution.OPEN).count(),
    })


@permission_required(PERMISSION)
def statement(request, pk: int):
    statement = get_object_or_404(BankStatement.objects.select_related("uploaded_by"), pk=pk)
    lines = statement.lines.select_related(
        "transfer__registration", "resolved_by"
    ).order_by("row_number")
    return render(request, "payments/admin/statement.html", {
        "page_title": statement.original_name, "header_icon": "doc-full",
        "statement": statement, "lines": lines,
    })


@permission_required(PERMISSION)
def open_lines(request):
    """Lines a person must decide: partial, over, duplicate, unknown, late."""
    lines = (
        StatementLine.objects.filter(resolution=LineResolution.OPEN)
        .select_related("statement", "transfer__registration")
        .order_by("booked_on", "pk")
    )
    return render(request, "payments/admin/open_lines.html", {
        "page_title": _("Statement lines to resolve"), "header_icon": "warning",
        "lines": lines,
    })


@permission_required(PERMISSION)
def resolve(request, pk: int):
    line = get_object_or_404(
        StatementLine.objects.select_related("statement", "transfer__registration"), pk=pk
    )
    form = ResolveLineForm(request.POST or None, line=line)
    if request.method == "POST" and form.is_valid():
        try:
            services.resolve_line(
                line=line, action=form.cleaned_data["action"], by=request.user,
                note=form.cleaned_data["note"], reference=form.cleaned_data["reference"],
                device=_device(request),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Line resolved."))
            return redirect("payments_admin:open_lines")
    return render(request, "payments/admin/resolve.html", {
        "page_title": _("Resolve a statement line"), "header_icon": "warning",
        "line": line, "form": form,
    })


@permission_required(PERMISSION)
def transfers(request):
    """Registrations paid by transfer, newest first; search by reference, email or name."""
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    rows = BankTransfer.objects.select_related("registration__category", "paid_by")
    if status in TransferStatus.values:
        rows = rows.filter(status=status)
    if query:
        folded = fold(query)
        rows = rows.filter(
            Q(reference__iexact=query.replace(" ", "").replace("-", ""))
            | Q(registration__reference__iexact=query)
            | Q(registration__contact_email__icontains=query)
            | Q(registration__attendees__search_text__contains=folded)
        ).distinct()
    page = Paginator(rows.order_by("-created_at"), 50).get_page(request.GET.get("p"))
    return render(request, "payments/admin/transfers.html", {
        "page_title": _("Bank transfers"), "header_icon": "doc-full", "page": page,
        "query": query, "status": status, "statuses": TransferStatus.choices,
    })


@permission_required(PERMISSION)
def mark_paid(request, registration_pk: int):
    registration = get_object_or_404(
        Registration.objects.select_related("category"), pk=registration_pk
    )
    form = MarkPaidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mark_paid_by_hand(registration=registration, by=request.user,
                                       note=form.cleaned_data["note"], device=_device(request))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Registration %(reference)s marked paid and confirmed.")
                             % {"reference": registration.reference})
            return redirect("payments_admin:transfers")
    return render(request, "payments/admin/mark_paid.html", {
        "page_title": _("Mark paid by hand"), "header_icon": "tick",
        "registration": registration, "form": form,
        "transfer": BankTransfer.objects.filter(registration=registration).first(),
        "confirmed": registration.status == RegistrationStatus.CONFIRMED,
    })


EXPORT_COLUMNS = [
    ("registration", gettext_lazy("Registration")),
    ("status", gettext_lazy("Status")),
    ("amount_vnd", gettext_lazy("Amount (VND)")),
    ("paid_at", gettext_lazy("Paid")),
    ("company_name", gettext_lazy("Company or organisation name")),
    ("tax_code", gettext_lazy("Tax code")),
    ("address", gettext_lazy("Address")),
    ("email", gettext_lazy("Email for the e-invoice")),
    ("contact_email", gettext_lazy("Contact email")),
    ("requested_at", gettext_lazy("Requested")),
]


def invoice_rows(queryset) -> list[list]:
    rows = []
    for details in queryset:
        registration = details.registration
        transfer = getattr(registration, "bank_transfer", None)
        paid_at = transfer.paid_at if transfer is not None and transfer.paid_at else (
            registration.confirmed_at
        )
        rows.append([
            registration.reference,
            registration.get_status_display(),
            registration.amount_vnd,
            timezone.localtime(paid_at).strftime("%d/%m/%Y") if paid_at else "",
            details.company_name, details.tax_code, details.address, details.email,
            registration.contact_email,
            timezone.localtime(details.created_at).strftime("%d/%m/%Y"),
        ])
    return rows


@permission_required(PERMISSION)
def invoices(request):
    """Invoice requests for the accounting team; export as CSV or XLSX (formula-safe)."""
    queryset = InvoiceDetails.objects.select_related(
        "registration__bank_transfer"
    ).order_by("-created_at")
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        header = [str(label) for _key, label in EXPORT_COLUMNS]
        rows = [[spreadsheet_safe(value) for value in row] for row in invoice_rows(queryset)]
        stamp = timezone.localtime().strftime("%Y%m%d")
        if export == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(header)
            writer.writerows(rows)
            response = HttpResponse("\ufeff" + buffer.getvalue(),
                                    content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="invoices-{stamp}.csv"'
            return response
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Invoices")[:31]
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="invoices-{stamp}.xlsx"'
        return response
    page = Paginator(queryset, 50).get_page(request.GET.get("p"))
    return render(request, "payments/admin/invoices.html", {
        "page_title": _("Invoice requests"), "header_icon": "doc-full", "page": page,
    })
