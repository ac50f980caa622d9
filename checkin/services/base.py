"""What the check-in services share: the domain error and the undo window."""

from datetime import timedelta

from django.conf import settings

from conference.common.exceptions import DomainError


class CheckinError(DomainError):
    """A check-in request that cannot be processed (bad device, bad nonce, bad batch...)."""

    code = "checkin_error"
    status = 400


def undo_window() -> timedelta:
    return timedelta(seconds=settings.CHECKIN_UNDO_SECONDS)
