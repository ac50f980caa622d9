"""Invitation tools in the Wagtail admin: one invitation's page and actions (send or resend,
extend the deadline, withdraw), counts, the XLSX import. Each action calls a service; these
views only check the permission, call and report."""

from datetime import datetime, time

from django import forms
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from cms.models import Edition
from conference.common.exceptions import DomainError
from conference.common.permissions import permission_required
from conference.registration.links import status_url

from . import imports, services
from .enums import InvitationStatus
from .links import answer_url
from .models import Invitation, LetterBatch
from .queries import counts_per_category, counts_per_organisation

LIST_PERM = "invitations.list_invitations"
MANAGE_PERM = "invitations.manage_invitations"
SEND_PERM = "invitations.send_invitations"


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=gettext_lazy("New answer deadline"),
                               widget=forms.DateInput(attrs={"type": "date"}))

    def deadline_at(self):
        """End of the chosen day, Asia/Ho_Chi_Minh."""
        return timezone.make_aware(datetime.combine(self.cleaned_data["deadline"],
                                                    time(23, 59)))


def _edition(request):
    year = request.GET.get("edition")
    if year and year.isdigit():
        return Edition.objects.filter(year=int(year)).first() or Edition.current()
    return Edition.current()


@permission_required(LIST_PERM)
def detail(request, pk: int):
    invitation = get_object_or_404(
        Invitation.objects.select_related("category", "edition", "reservation"), pk=pk)
    registrations = (invitation.reservation.registrations.prefetch_related("attendees")
                     .order_by("created_at") if invitation.reservation_id else [])
    return TemplateResponse(request, "invitations/admin/detail.html", {
        "invitation": invitation,
        "header_title": str(invitation),
        "answer_url": answer_url(invitation),
        "registrations": [(r, status_url(r)) for r in registrations],
        "deadline_form": DeadlineForm(initial={
            "deadline": timezone.localdate(invitation.deadline)}),
    })


@require_POST
@permission_required(LIST_PERM)
def act(request, pk: int, action: str):
    invitation = get_object_or_404(Invitation, pk=pk)
    needed = {"send": SEND_PERM, "extend": MANAGE_PERM, "withdraw": MANAGE_PERM}.get(action)
    if needed is None:
        return redirect("invitations_detail", pk=pk)
    if not request.user.has_perm(needed):
        messages.error(request, _("You may not do this."))
        return redirect("invitations_detail", pk=pk)
    try:
        if action == "send":
            resend = invitation.status != "drafted"
            services.send_invitation(invitation=invitation, by=request.user)
            messages.success(request, _("Invitation sent again.") if resend
                             else _("Invitation sent."))
        elif action == "extend":
            form = DeadlineForm(request.POST)
            if not form.is_valid():
                raise DomainError(_("Choose the new deadline."), code="bad_deadline")
            services.extend_deadline(invitation=invitation, deadline=form.deadline_at(),
                                     by=request.user)
            messages.success(request, _("Deadline extended; the seats stay held until then."))
        elif action == "withdraw":
            services.withdraw_invitation(invitation=invitation, by=request.user)
            messages.success(request, _("Invitation withdrawn; its seats are free again."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("invitations_detail", pk=pk)


@require_POST
@permission_required(SEND_PERM)
def send_drafts(request):
    """Send every drafted invitation of the current edition (those chosen by the filter)."""
    edition = _edition(request)
    sent, failed = 0, []
    for invitation in Invitation.objects.filter(edition=edition, status="drafted"):
        try:
            services.send_invitation(invitation=invitation, by=request.user)
            sent += 1
        except DomainError as exc:
            failed.append(f"{invitation}: {exc.message}")
    messages.success(request, _("%(n)s invitation(s) sent.") % {"n": sent})
    for line in failed:
        messages.error(request, line)
    return redirect("invitations_counts")


def _table(rows, key) -> list[dict]:
    statuses = [value for value, _label in InvitationStatus.choices]
    return [{"cells": [row[key] or "—", row["total"], *(row[s] for s in statuses),
                       row["seats"], row["registered"]]} for row in rows]


@permission_required(LIST_PERM)
def counts(request):
    edition = _edition(request)
    by_category = counts_per_category(edition) if edition else []
    by_organisation = counts_per_organisation(edition) if edition else []
    return TemplateResponse(request, "invitations/admin/counts.html", {
        "edition": edition, "editions": Edition.objects.all(),
        "statuses": InvitationStatus.choices,
        "tables": [(_("Category"), _table(by_category, "category_name"), "category"),
                   (_("Organisation"), _table(by_organisation, "organisation"),
                    "organisation")],
        "header_title": _("Invitation counts"),
    })


@permission_required(MANAGE_PERM)
def import_view(request):
    """Upload an XLSX list: every row is checked first and shown with its errors; nothing is
    saved from a file with errors unless the organiser chooses to skip those rows."""
    edition = _edition(request)
    form = imports.ImportForm(request.POST or None, request.FILES or None, edition=edition)
    report = payload = None
    if request.method == "POST" and form.is_valid():
        report = imports.check_rows(form.rows, edition=edition)
        payload = form.payload_for()
        if form.cleaned_data["confirm"]:
            if report.bad_rows and not form.cleaned_data["skip_bad_rows"]:
                messages.error(request, _("Some rows have errors: correct the file, or choose "
                                          "to skip those rows."))
            elif not report.ok_rows:
                messages.error(request, _("No row can be imported."))
            else:
                made, failed = imports.import_rows(report, edition=edition, by=request.user,
                                                   send=form.cleaned_data["send"])
                for line in failed:
                    messages.error(request, line)
                if made:
                    messages.success(request, _("%(n)s invitation(s) made.") % {"n": len(made)})
                    return redirect("invitations_admin:index")
    return TemplateResponse(request, "invitations/admin/import.html", {
        "form": form, "report": report, "payload": payload, "edition": edition,
        "header_title": _("Import invitations from XLSX"),
        "columns": imports.COLUMNS,
    })


@permission_required(LIST_PERM)
def letter(request, pk: int):
    """One invitation's letter as PDF (numbered the first time)."""
    invitation = get_object_or_404(Invitation.objects.select_related("edition", "category"),
                                   pk=pk)
    if invitation.letter_number is None and not request.user.has_perm(SEND_PERM):
        raise Http404  # numbering a letter is issuing it: only those who send may
    try:
        pdf = services.letter_pdf(invitation=invitation, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("invitations_detail", pk=pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="giay-moi-{invitation.letter_number or 0:03d}.pdf"')
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required(LIST_PERM)
def letter_batches(request):
    """Letter batches of the edition with their progress; start one (send permission)."""
    edition = _edition(request)
    if request.method == "POST":
        if not request.user.has_perm(SEND_PERM):
            messages.error(request, _("You may not do this."))
        else:
            services.start_letter_batch(edition=edition, send=bool(request.POST.get("send")),
                                        by=request.user)
            messages.success(request, _("The letters are being made."))
        return redirect(f"{request.path}?edition={edition.year}")
    batches = list(LetterBatch.objects.filter(edition=edition)[:20]) if edition else []
    running = any(b.status in ("queued", "running") for b in batches)
    return TemplateResponse(request, "invitations/admin/letter_batches.html", {
        "edition": edition, "batches": batches, "running": running,
        "header_title": _("Invitation letters"),
    })


@permission_required(LIST_PERM)
def letter_batch_file(request, pk: int):
    batch = get_object_or_404(LetterBatch, pk=pk, status="done")
    if not batch.file:
        raise Http404
    response = FileResponse(batch.file.open("rb"), content_type="application/pdf",
                            filename=batch.file.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    return response
