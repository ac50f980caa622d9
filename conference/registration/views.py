"""Public registration pages and the attendee portal. Thin: every write is a service call.

Guests may register with an email address (as in pretix): each attendee is linked to the account
with the same email, now or when it is created later, and the portal (login required) shows every
registration the person made or is named in. A guest follows their registration through a link
that carries a signed token.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cms.models import Edition
from cms.pagecache import public_page
from conference.common.exceptions import DomainError
from conference.common.ratelimit import client_ip, client_limited

from . import drafts, services, signals
from .enums import DocumentKind, RegistrationStatus
from .forms import (
    AttendeeEditForm,
    CancelForm,
    ContactForm,
    DocumentUploadForm,
    WaitingListForm,
    attendee_formset,
)
from .links import registration_from_link, status_url
from .models import Attendee, Category, Registration
from .queries import category_counts, is_attendee_self, is_contact, registrations_of


def _edition():
    edition = Edition.current()
    if edition is None:
        raise Http404
    return edition


@public_page
def start(request):
    """Step 1: the categories open for registration, with their price and availability.

    The same for every anonymous visitor (the page cache keeps it, but only for
    REGISTRATION_START_CACHE_SECONDS: the seats left change with every registration, and the
    form counts them again under the capacity lock)."""
    edition = _edition()
    now = timezone.now()
    all_rows = category_counts(edition, now)
    rows = [r for r in all_rows if r["category"].is_public]
    reg_settings = services.get_registration_settings(edition)
    venue_free = reg_settings.venue_capacity - sum(r["taken"] for r in all_rows)
    for row in rows:
        category = row["category"]
        row["free"] = max(min(row["free"], venue_free), 0)
        row["not_open"] = bool(category.sale_starts_at and now < category.sale_starts_at)
        row["closed"] = bool(category.sale_ends_at and now >= category.sale_ends_at)
    response = render(request, "registration/start.html", {
        "edition": edition, "rows": rows, "reg_settings": reg_settings,
    })
    patch_cache_control(response, max_age=settings.REGISTRATION_START_CACHE_SECONDS)
    return response


def _category(code: str) -> Category:
    return get_object_or_404(
        Category.objects.select_related("edition").prefetch_related("questions"),
        edition=_edition(), code=code,
    )


def details(request, code: str):
    """Step 2: the attendees' details (one person, or a delegation: ?n= people)."""
    category = _category(code)
    reg_settings = services.get_registration_settings(category.edition)
    offer_entry = drafts.offer_entry(request, category)
    try:
        services.check_sale_window(category)
    except DomainError as exc:
        if offer_entry is None:
            messages.error(request, exc.message)
            return redirect("registration:start")
    max_num = 1 if offer_entry else reg_settings.max_delegation_size
    try:
        count = min(max(int(request.GET.get("n", "1")), 1), max_num)
    except ValueError:
        count = 1
    questions = list(category.questions.all())
    FormSet = attendee_formset(max_num)
    draft = drafts.current_draft(request)
    if request.method == "POST":
        formset = FormSet(request.POST, prefix="a", questions=questions)
        contact_form = ContactForm(request.POST, needs_code=category.requires_invitation)
        if formset.is_valid() and contact_form.is_valid():
            drafts.save_draft(
                request, category=category,
                attendees=[f.attendee_data() for f in formset.forms],
                contact_email=contact_form.cleaned_data.get("contact_email") or "",
                invitation_code=contact_form.cleaned_data.get("invitation_code") or "",
            )
            # The last step takes the money: it belongs to the payments app, which the project
            # names in settings (registration does not know the apps built on it).
            return redirect(settings.REGISTRATION_CHECKOUT_URL, code=category.code)
    else:
        initial = []
        if draft and draft.get("category") == category.pk:
            initial = [_initial_from(a) for a in draft["attendees"]]
            count = max(count, len(initial))
        elif offer_entry is not None:
            initial = [{"full_name": offer_entry.full_name, "email": offer_entry.email,
                        "organisation": offer_entry.organisation,
                        "language": offer_entry.language}]
        elif request.user.is_authenticated:
            initial = [{"full_name": request.user.get_full_name(), "email": request.user.email,
                        "phone": getattr(request.user, "phone", ""),
                        "language": getattr(request.user, "language", get_language())}]
        initial += [{"language": get_language()[:2]}] * (count - len(initial))
        formset = FormSet(prefix="a", questions=questions, initial=initial[:count])
        contact_form = ContactForm(
            needs_code=category.requires_invitation,
            initial={"contact_email": draft.get("contact_email", "") if draft else "",
                     "invitation_code": request.GET.get("code", "")},
        )
    return render(request, "registration/details.html", {
        "category": category, "formset": formset, "contact_form": contact_form,
        "count": count, "counts": range(1, max_num + 1), "offer_entry": offer_entry,
    })


def _initial_from(attendee: dict) -> dict:
    initial = {k: v for k, v in attendee.items() if k != "answers"}
    for key, value in (attendee.get("answers") or {}).items():
        initial[f"q_{key}"] = {True: "yes", False: "no"}.get(value, value) \
            if isinstance(value, bool) else value
    return initial


def _registration_for(reference: str, token: str) -> Registration:
    return registration_from_link(
        reference, token,
        Registration.objects.select_related("category", "edition")
        .prefetch_related("attendees__badges"),
    )


def status(request, reference: str, token: str):
    """The registration's page for its contact: status and attendees; the apps built on
    registration add their part (payments: how to pay, the invoice) through
    signals.status_page_panels. A category that asks for documents (press accreditation)
    takes them here, one file per POST."""
    registration = _registration_for(reference, token)
    if request.user.is_authenticated and not is_contact(request.user, registration) and any(
        is_attendee_self(request.user, attendee) for attendee in registration.attendees.all()
    ):
        # A member of the delegation who got hold of the contact's link: their own portal.
        return redirect("registration:portal")
    if request.method == "POST":
        return _upload_document(request, registration)
    panels = signals.collect(signals.status_page_panels, registration=registration,
                             request=request, token=token)
    asked = services.documents_asked(registration.category)
    attendees = list(registration.attendees.prefetch_related("documents"))
    for attendee in attendees:
        have = {d.kind: d for d in attendee.documents.all()}
        attendee.asked_documents = [
            {"kind": kind, "label": DocumentKind(kind).label, "have": have.get(kind),
             "accept": "image/png,image/jpeg,image/webp" if kind == DocumentKind.PHOTO
             else "application/pdf,image/png,image/jpeg,image/webp"}
            for kind in asked
        ]
    return render(request, "registration/status.html", {
        "registration": registration,
        "attendees": attendees,
        "token": token,
        "panels": panels,
        "asks_documents": bool(asked),
        "can_upload": registration.status in (RegistrationStatus.PENDING_APPROVAL,
                                              RegistrationStatus.HELD,
                                              RegistrationStatus.AWAITING_PAYMENT),
    })


def _upload_document(request, registration):
    form = DocumentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
        return redirect(request.path)
    attendee = registration.attendees.filter(pk=form.cleaned_data["attendee"]).first()
    if attendee is None:
        raise Http404
    if client_limited(request, "documents", limit=settings.REGISTRATION_RATE_LIMIT):
        messages.error(request, _("Too many requests from your network. Please try again in a "
                                  "few minutes."))
        return redirect(request.path)
    try:
        services.upload_attendee_document(attendee=attendee, kind=form.cleaned_data["kind"],
                                          upload=form.cleaned_data["file"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(document)s received for %(name)s.") % {
            "document": DocumentKind(form.cleaned_data["kind"]).label,
            "name": attendee.full_name})
    return redirect(request.path)


def offer(request, token: str):
    """A waiting-list offer link: valid, it opens the category's form for that person."""
    try:
        entry = services.entry_from_offer_token(token)
    except DomainError as exc:
        return render(request, "registration/message.html", {"message": exc.message},
                      status=exc.status)
    drafts.start_offer(request, entry)
    return redirect("registration:details", code=entry.category.code)


def waiting_list(request, code: str):
    category = _category(code)
    form = WaitingListForm(request.POST if request.method == "POST" else None, initial={
        "full_name": request.user.get_full_name() if request.user.is_authenticated else "",
        "email": request.user.email if request.user.is_authenticated else "",
    })
    if request.method == "POST" and form.is_valid():
        if client_limited(request, "waitlist", limit=settings.REGISTRATION_RATE_LIMIT):
            form.add_error(None, _("Too many requests from your network. Please try again in a "
                                   "few minutes."))
        else:
            try:
                services.join_waiting_list(
                    category=category, language=get_language()[:2],
                    user=request.user, **form.cleaned_data,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("You are on the waiting list. We will email you "
                                            "when a seat is free."))
                return redirect("registration:start")
    return render(request, "registration/waiting_list.html", {"category": category,
                                                              "form": form})


# --- the attendee portal -------------------------------------------------------------------------

@login_required
def portal(request):
    registrations = list(registrations_of(request.user))
    for registration in registrations:
        # A member of a delegation sees and manages only themself: the status page (every
        # attendee, invoice details, how to pay) and cancelling the whole are the contact's.
        registration.mine = is_contact(request.user, registration)
        registration.status_link = status_url(registration) if registration.mine else ""
        attendees = list(registration.attendees.all())
        for attendee in attendees:
            attendee.is_me = is_attendee_self(request.user, attendee)
        registration.shown_attendees = [a for a in attendees if registration.mine or a.is_me]
        # Anyone may withdraw themself from a delegation; the contact of a registration of one
        # cancels it instead.
        registration.can_withdraw = registration.status in (
            RegistrationStatus.PENDING_APPROVAL, RegistrationStatus.CONFIRMED
        ) and (not registration.mine or len(attendees) > 1)
    panels = signals.collect(signals.portal_panels, request=request)
    return render(request, "registration/portal.html",
                  {"registrations": registrations, "panels": panels})


def _my_attendee(request, pk: int) -> Attendee:
    attendee = get_object_or_404(Attendee.objects.select_related("registration"), pk=pk)
    registration = attendee.registration
    email = request.user.email.lower()
    if not (attendee.email == email or attendee.user_id == request.user.pk
            or registration.contact_id == request.user.pk):
        raise Http404
    return attendee


@login_required
def edit_attendee(request, pk: int):
    attendee = _my_attendee(request, pk)
    form = AttendeeEditForm(request.POST if request.method == "POST" else None, initial={
        f: getattr(attendee, f) for f in ("full_name", "position", "organisation", "phone",
                                          "language", "accessibility_needs")})
    if request.method == "POST" and form.is_valid():
        services.update_attendee(attendee=attendee, by=request.user, **form.cleaned_data)
        messages.success(request, _("The details were saved."))
        return redirect("registration:portal")
    return render(request, "registration/attendee_edit.html", {"attendee": attendee,
                                                               "form": form})


@login_required
def cancel(request, reference: str):
    """Cancel the whole registration: its contact only (a member withdraws themself)."""
    registration = get_object_or_404(registrations_of(request.user), reference=reference)
    if not is_contact(request.user, registration):
        raise Http404
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_registration(registration=registration, by=request.user,
                                         reason="cancelled by attendee")
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your registration was cancelled."))
        return redirect("registration:portal")
    return render(request, "registration/cancel.html", {"registration": registration,
                                                        "form": form})


@login_required
def withdraw(request, pk: int):
    """A member of a delegation withdraws themself (services.withdraw_attendee)."""
    attendee = get_object_or_404(Attendee.objects.select_related("registration"), pk=pk)
    if not is_attendee_self(request.user, attendee):
        raise Http404
    form = CancelForm(request.POST if request.method == "POST" else None)
    form.fields["confirm"].label = _("Yes, withdraw me from this registration.")
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_attendee(attendee=attendee, by=request.user,
                                       device=f"web:{client_ip(request)}")
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("You were withdrawn from the registration."))
        return redirect("registration:portal")
    return render(request, "registration/withdraw.html", {"attendee": attendee, "form": form})


@login_required
def export_data(request):
    data = services.export_personal_data(user=request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="govconf-my-data.json"'
    return response


@login_required
def delete_data(request):
    form = CancelForm(request.POST if request.method == "POST" else None)
    form.fields["confirm"].label = _("Yes, delete my account and my personal data.")
    if request.method == "POST" and form.is_valid():
        try:
            services.erase_personal_data(user=request.user, by=None)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("registration:portal")
        from django.contrib.auth import logout

        logout(request)
        messages.success(request, _("Your account and personal data were deleted."))
        return redirect("registration:start")
    return render(request, "registration/delete_data.html", {"form": form})
