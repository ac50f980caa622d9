"""The registration a visitor is filling in, kept in their session between the steps.

Step 2 (``views.details``) saves the attendees' details as a draft; the last step (the checkout,
owned by the payments app) reads it and, once the seats are taken, finishes it. A waiting-list
offer link (``views.offer``) puts the offered entry in the session for the same steps.
"""

DRAFT_KEY = "registration_draft"
OFFER_KEY = "registration_offer"
MINE_KEY = "my_registrations"


def save_draft(request, *, category, attendees: list[dict], contact_email: str,
               invitation_code: str) -> None:
    request.session[DRAFT_KEY] = {
        "category": category.pk,
        "attendees": attendees,
        "contact_email": contact_email,
        "invitation_code": invitation_code,
    }


def current_draft(request) -> dict | None:
    """The saved draft, whatever its category (its contact email is offered again)."""
    return request.session.get(DRAFT_KEY)


def draft_for(request, category) -> dict | None:
    """The saved draft if it is for this category."""
    draft = current_draft(request)
    if not draft or draft.get("category") != category.pk:
        return None
    return draft


def start_offer(request, entry) -> None:
    """A waiting-list offer link was followed: the next registration is for this entry."""
    request.session[OFFER_KEY] = entry.pk
    request.session.pop(DRAFT_KEY, None)


def offer_entry(request, category):
    """The waiting-list entry whose offer the visitor is taking up in this category, if any."""
    entry_id = request.session.get(OFFER_KEY)
    if not entry_id:
        return None
    return category.waiting_list.filter(pk=entry_id).first()


def finish(request, registration) -> None:
    """The seats are taken: forget the draft and the offer, remember the registration."""
    request.session.pop(DRAFT_KEY, None)
    request.session.pop(OFFER_KEY, None)
    mine = request.session.get(MINE_KEY, [])
    request.session[MINE_KEY] = [*mine, registration.reference][-20:]
