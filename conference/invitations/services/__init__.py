"""Every write of the invitations app, one noun per module:

- ``invitations``: making invitations (seats reserved at once), sending and resending them,
  extending a deadline, withdrawing one;
- ``answers``: what the invitee does through the private link (open, accept, name delegates or a
  substitute, decline, give back unused seats);
- ``letters``: the official letters (giấy mời): numbering without gaps, one PDF, batches;
- ``expiry``: the sweep that expires unanswered invitations and sends reminders, once each.

Callers import from here: ``from conference.invitations.services import create_invitation``.
"""

from ..exceptions import InvitationError
from .answers import (
    accept_invitation,
    decline_invitation,
    invitation_from_token,
    open_invitation,
    release_unused_seats,
)
from .expiry import expire_invitations, send_reminders
from .invitations import (
    create_invitation,
    extend_deadline,
    send_invitation,
    withdraw_invitation,
)
from .letters import (
    get_letter_template,
    letter_pdf,
    number_letters,
    render_letter_batch,
    start_letter_batch,
)

__all__ = [
    "InvitationError",
    "accept_invitation",
    "create_invitation",
    "decline_invitation",
    "expire_invitations",
    "extend_deadline",
    "get_letter_template",
    "invitation_from_token",
    "letter_pdf",
    "number_letters",
    "open_invitation",
    "release_unused_seats",
    "render_letter_batch",
    "send_invitation",
    "send_reminders",
    "start_letter_batch",
    "withdraw_invitation",
]
