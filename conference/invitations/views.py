"""The invitee's answer page, reached through the private link (no account needed).

One page, several forms told apart by their ``action``: accept (a person's details; an
organisation's delegates, up to its seats left), substitute, decline, give back unused seats.
Personal: never cached (``private, no-store``), not indexed, and the link (a secret) is never
sent as a referrer to another site (``same-origin``; ``no-referrer`` would make browsers send
``Origin: null`` with the forms, which CSRF refuses).
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from conference.common.exceptions import DomainError
from conference.common.i18n import localized
from conference.registration.links import status_url
from conference.registration.services import get_registration_settings

from .enums import ANSWERABLE_STATUSES, InvitationKind, InvitationStatus
from .forms import AttendeeForm, ConsentForm, DeclineForm, attendee_formset
from .services import (
    accept_invitation,
    decline_invitation,
    invitation_from_token,
    open_invitation,
    release_unused_seats,
)
from .signals import extra_details

ACTIONS = ("accept", "substitute", "decline", "release")


def _no_store(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def _person_initial(invitation) -> dict:
    return {"full_name": invitation.full_name, "position": invitation.position,
            "organisation": invitation.organisation, "email": invitation.email,
            "phone": invitation.phone, "language": invitation.language}


@never_cache
def answer(request, token: str):
    try:
        invitation = invitation_from_token(token)
    except DomainError as exc:
        return _no_store(render(request, "invitations/message.html",
                                {"message": exc.message}, status=exc.status))
    if request.method == "GET":
        open_invitation(invitation=invitation)
    language = get_language()[:2]
    questions = list(invitation.category.questions.all())
    reservation = invitation.reservation
    remaining = reservation.remaining if reservation and reservation.released_at is None else 0
    can_answer = (invitation.status in ANSWERABLE_STATUSES
                  and invitation.deadline > timezone.now())
    can_add = (invitation.kind == InvitationKind.ORGANISATION
               and invitation.status == InvitationStatus.ACCEPTED
               and invitation.deadline > timezone.now() and remaining > 0)
    action = request.POST.get("action") if request.method == "POST" else None
    if action not in ACTIONS:
        action = None
    data = request.POST if action else None
    status = 200

    # How many delegates the organisation names in this round (?n=, at most its seats left).
    try:
        count = int(request.GET.get("n") or request.POST.get("form-TOTAL_FORMS") or 1)
    except ValueError:
        count = 1
    count = max(1, min(count, max(remaining, 1)))

    if invitation.kind == InvitationKind.ORGANISATION:
        initial = [{"organisation": invitation.organisation, "language": invitation.language}]
        accept_form = attendee_formset(max(remaining, 1))(
            data if action == "accept" else None, questions=questions,
            initial=initial * count)
    else:
        accept_form = AttendeeForm(data if action == "accept" else None, questions=questions,
                                   initial=_person_initial(invitation))
    substitute_form = AttendeeForm(data if action == "substitute" else None,
                                   questions=questions, prefix="sub",
                                   initial={"organisation": invitation.organisation,
                                            "language": invitation.language})
    consent_form = ConsentForm(data if action == "accept" else None)
    sub_consent_form = ConsentForm(data if action == "substitute" else None, prefix="sub")
    decline_form = DeclineForm(data if action == "decline" else None)

    if action:
        try:
            if action == "decline":
                if decline_form.is_valid():
                    decline_invitation(invitation=invitation,
                                       reason=decline_form.cleaned_data["reason"])
                    messages.success(request, _("Thank you. We have recorded that you decline."))
                    return redirect(request.path)
            elif action == "release":
                released = release_unused_seats(invitation=invitation)
                messages.success(request, ngettext(
                    "Thank you. %(n)s unused seat was given back.",
                    "Thank you. %(n)s unused seats were given back.", released) % {"n": released})
                return redirect(request.path)
            else:
                form, consent = ((substitute_form, sub_consent_form) if action == "substitute"
                                 else (accept_form, consent_form))
                if form.is_valid() and consent.is_valid():
                    people = ([f.attendee_data() for f in form.forms]
                              if hasattr(form, "forms") else [form.attendee_data()])
                    reg_settings = get_registration_settings(invitation.edition)
                    accept_invitation(invitation=invitation, attendees=people,
                                      consent_version=reg_settings.consent_version,
                                      substitute=action == "substitute", language=language)
                    messages.success(request, _(
                        "Thank you. Your answer is recorded; each delegate receives their "
                        "badge by email."))
                    return redirect(request.path)
        except DomainError as exc:
            messages.error(request, exc.message)
            status = exc.status if 400 <= exc.status < 500 else 400
            invitation.refresh_from_db()
            reservation = invitation.reservation
        else:
            status = 400

    reg_settings = get_registration_settings(invitation.edition)
    registrations = (reservation.registrations.prefetch_related("attendees")
                     .order_by("created_at") if reservation else [])
    return _no_store(render(request, "invitations/answer.html", {
        "invitation": invitation,
        "token": token,
        "edition": invitation.edition,
        "category_name": localized(invitation.category, "name"),
        "venue": localized(invitation.edition, "venue"),
        "details": extra_details(invitation, language),
        "can_answer": can_answer,
        "can_add": can_add,
        "remaining": remaining,
        "count": count,
        "counts": range(1, remaining + 1),
        "accept_form": accept_form,
        "substitute_form": substitute_form,
        "consent_form": consent_form,
        "sub_consent_form": sub_consent_form,
        "decline_form": decline_form,
        "consent_text": localized(reg_settings, "consent_text"),
        "consent_version": reg_settings.consent_version,
        "registrations": [(r, status_url(r)) for r in registrations],
        "action": action,
    }, status=status))
