"""What the invitations app tells the apps built on it (seating), documented by arguments.

Sender is always the Invitation class.
"""

from django.dispatch import Signal

#: Sent while an invitation's answer page, email or letter is put together. Receivers return a
#: dict of extra facts to show (seating: ``{"seat": "Hàng A, ghế 5"}``), or {} / None.
#: Keys the templates know: ``seat`` (a label in the reader's language). Later receivers win.
#:
#: Arguments: ``invitation``, ``language``.
invitation_details = Signal()


def extra_details(invitation, language: str) -> dict:
    """The receivers' answers merged, in connection order (a failing receiver is skipped)."""
    from .models import Invitation

    merged: dict = {}
    for _receiver, result in invitation_details.send_robust(
            sender=Invitation, invitation=invitation, language=language):
        if isinstance(result, dict):
            merged.update(result)
    return merged
