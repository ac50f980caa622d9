"""Every write of the registration app, one noun per module:

- ``capacity``: the locks that guard seats and the checks made under them (the lock order);
- ``registrations``: taking seats (``StartRegistration``: check, then execute);
- ``confirmation``, ``decisions``, ``cancellation``, ``holds``: what happens to a registration
  next (confirmed; approved or rejected; cancelled; expired when its hold runs out);
- ``reservations``: seats set aside for invited people (an invitation holds one);
- ``withdrawal``: a delegation member leaves, alone; ``api_keys``: keys for the JSON API;
- ``waiting_list``, ``attendees``, ``personal_data``, ``edition_settings``.

Callers import from here: ``from conference.registration.services import start_registration``.
"""

from ..exceptions import RegistrationError
from .api_keys import api_key_for, issue_api_key, revoke_api_key
from .attendees import update_attendee
from .cancellation import cancel_registration
from .capacity import check_sale_window
from .confirmation import confirm_registration, resend_confirmation
from .decisions import approve_registration, reject_registration
from .documents import documents_asked, missing_documents, upload_attendee_document
from .edition_settings import DEFAULT_CONSENT_EN, DEFAULT_CONSENT_VI, get_registration_settings
from .holds import expire_holds, expire_registration
from .personal_data import anonymise_edition, erase_personal_data, export_personal_data
from .registrations import StartRegistration, start_registration
from .reservations import extend_reservation, release_reservation, reserve_seats
from .waiting_list import (
    entry_from_offer_token,
    join_waiting_list,
    offer_token,
    offer_waiting_list_seats,
)
from .withdrawal import withdraw_attendee

__all__ = [
    "documents_asked",
    "missing_documents",
    "upload_attendee_document",
    "DEFAULT_CONSENT_EN",
    "DEFAULT_CONSENT_VI",
    "RegistrationError",
    "StartRegistration",
    "anonymise_edition",
    "api_key_for",
    "approve_registration",
    "cancel_registration",
    "check_sale_window",
    "confirm_registration",
    "entry_from_offer_token",
    "erase_personal_data",
    "extend_reservation",
    "expire_holds",
    "expire_registration",
    "export_personal_data",
    "get_registration_settings",
    "issue_api_key",
    "join_waiting_list",
    "offer_token",
    "offer_waiting_list_seats",
    "reject_registration",
    "release_reservation",
    "reserve_seats",
    "resend_confirmation",
    "revoke_api_key",
    "start_registration",
    "update_attendee",
    "withdraw_attendee",
]
