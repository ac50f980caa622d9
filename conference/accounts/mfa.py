"""Whether this session passed the second factor (allauth's authentication records)."""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def passed_mfa(request) -> bool:
    """True when this session's authentication records, kept by allauth for the signed-in user,
    include a second factor (a TOTP or recovery code at login or when asked again)."""
    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


def record_totp_activation(sender, request, user, authenticator, **kwargs) -> None:
    """Setting TOTP up takes a valid code from the device: it counts as this session's second
    factor, so that the staff member is not asked for another code straight away."""
    from allauth.account.internal.flows.login import record_authentication

    if request is None or authenticator.type != Authenticator.Type.TOTP:
        return
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type,
                          activated=True)
