"""Registration desk tools in the Wagtail admin: counts, approvals, one registration's actions.

Every action calls a service (the same ones the public site uses); these views only check the
permission, call, and report.
"""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from cms.models import Edition
from conference.common.exceptions import DomainError
from conference.common.i18n import localized
from conference.common.permissions import permission_required

from . import services, signals
from .enums import QuestionKind, RegistrationStatus
from .forms import DecisionForm, DeskCancelForm
from .models import AttendeeDocument, Registration
from .queries import category_counts

LIST_PERM = "registration.list_registrations"
APPROVE_PERM = "registration.decide_registrations"
CANCEL_PERM = "registration.cancel_registrations"


def _edition(request):
    year = request.GET.get("edition")
    if year and year.isdigit():
        return Edition.objects.filter(year=int(year)).first() or Edition.current()
    return Edition.current()


@permission_required(LIST_PERM)
def counts(request):
    edition = _edition(request)
    rows = category_counts(edition) if edition else []
    reg_settings = services.get_registration_settings(edition) if edition else None
    taken = sum(r["taken"] for r in rows)
    return TemplateResponse(request, "registration/admin/counts.html", {
        "edition": edition, "editions": Edition.objects.all(), "rows": rows,
        "reg_settings": reg_settings, "taken": taken,
        "header_title": _("Registration counts"),
    })


@permission_required(APPROVE_PERM)
def pending(request):
    """Registrations waiting for approval, oldest first; approve or reject several at once."""
    edition = _edition(request)
    queryset = (
        Registration.objects.filter(edition=edition, status=RegistrationStatus.PENDING_APPROVAL)
        .select_related("category").prefetch_related("attendees").order_by("created_at")
    )
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        ids = [int(i) for i in request.POST.getlist("selected") if i.isdigit()]
        action = request.POST.get("action")
        done, failed = 0, []
        for registration in queryset.filter(pk__in=ids):
            try:
                if action == "approve":
                    services.approve_registration(registration=registration, by=request.user,
                                                  note=form.cleaned_data["note"])
                elif action == "reject":
                    services.reject_registration(registration=registration, by=request.user,
                                                 note=form.cleaned_data["note"])
                else:
                    continue
                done += 1
            except DomainError as exc:
                failed.append(f"{registration.reference}: {exc.message}")
        if done:
            messages.success(request, _("%(n)s registration(s) updated.") % {"n": done})
        for line in failed:
            messages.error(request, line)
        return redirect(request.get_full_path())
    return TemplateResponse(request, "registration/admin/pending.html", {
        "registrations": queryset, "form": form, "edition": edition,
        "header_title": _("Pending approval"),
    })


def readable_answers(attendee, questions) -> list[tuple[str, str]]:
    """Each answer as (the question's label, a readable answer) in the desk's language."""
    out = []
    by_key = {q.key: q for q in questions}
    for key, value in (attendee.answers or {}).items():
        question = by_key.get(key)
        if question is None:
            out.append((key, str(value)))
            continue
        if question.kind == QuestionKind.YES_NO:
            shown = _("Yes") if value else _("No")
        elif question.kind == QuestionKind.CHOICE:
            shown = dict(question.choice_list()).get(value, value)
        else:
            shown = str(value)
        out.append((localized(question, "label"), shown))
    return out


@permission_required(LIST_PERM)
def detail(request, pk: int):
    registration = get_object_or_404(
        Registration.objects.select_related("category", "edition", "contact")
        .prefetch_related("attendees__badges", "attendees__documents"), pk=pk,
    )
    questions = list(registration.category.questions.all())
    return TemplateResponse(request, "registration/admin/detail.html", {
        "missing_documents": services.missing_documents(registration),
        "registration": registration,
        "panels": signals.collect(signals.desk_panels, registration=registration,
                                  request=request),
        "decision_form": DecisionForm(),
        "cancel_form": DeskCancelForm(amount_vnd=registration.amount_vnd),
        "attendees": [(a, readable_answers(a, questions))
                      for a in registration.attendees.all()],
        "header_title": _("Registration %(ref)s") % {"ref": registration.reference},
    })


@permission_required(LIST_PERM)
def document(request, pk: int):
    """A press card scan or portrait photo, for the desk only (private storage, never cached,
    never sniffed as another type by the browser)."""
    found = get_object_or_404(AttendeeDocument, pk=pk)
    response = FileResponse(found.file.open("rb"), content_type=found.content_type)
    response["Content-Disposition"] = f'inline; filename="{found.kind}-{found.attendee_id}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # A PDF opened in the browser runs no script of ours; nothing else may load into it.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


@require_POST
def act(request, pk: int, action: str):
    registration = get_object_or_404(Registration, pk=pk)
    needed = {"approve": APPROVE_PERM, "reject": APPROVE_PERM, "cancel": CANCEL_PERM,
              "resend": LIST_PERM}.get(action)
    if needed is None or not request.user.has_perm(needed):
        raise PermissionDenied
    try:
        if action in ("approve", "reject"):
            form = DecisionForm(request.POST)
            form.is_valid()
            note = form.cleaned_data.get("note", "")
            if action == "approve":
                services.approve_registration(registration=registration, by=request.user,
                                              note=note)
            else:
                services.reject_registration(registration=registration, by=request.user,
                                             note=note)
        elif action == "resend":
            services.resend_confirmation(registration=registration, by=request.user)
        else:
            form = DeskCancelForm(request.POST, amount_vnd=registration.amount_vnd)
            if not form.is_valid():
                for errors in form.errors.values():
                    for error in errors:
                        messages.error(request, error)
                return redirect("registration_desk_detail", pk=pk)
            services.cancel_registration(
                registration=registration, by=request.user,
                refund_amount_vnd=form.refund_amount(),
                reason=form.cleaned_data["reason"] or "cancelled by organiser",
            )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Done: %(ref)s.") % {"ref": registration.reference})
    return redirect(reverse("registration_desk_detail", kwargs={"pk": pk}))
