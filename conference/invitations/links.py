"""The invitee's private link: the invitation's random public id plus a keyed signature.

The public id (16 characters drawn from 54, about 92 bits) is not guessable on its own; the
signature (HMAC with the site's secret key) makes a link that was not issued by us fail even if
an id leaked from a log or an export, which never carries the signature.
"""

import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

from conference.common.links import absolute_url

LINK_ALPHABET = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY345679"
SALT = "govconf.invitations.answer-link"


def new_public_id() -> str:
    return "".join(secrets.choice(LINK_ALPHABET) for _ in range(16))


def link_signature(public_id: str) -> str:
    return salted_hmac(SALT, public_id).hexdigest()[:16]


def link_token(invitation) -> str:
    return f"{invitation.public_id}-{link_signature(invitation.public_id)}"


def public_id_from_token(token: str) -> str | None:
    """The public id a token carries, if its signature is right; None otherwise."""
    public_id, _dash, signature = (token or "").partition("-")
    if not public_id or not constant_time_compare(signature, link_signature(public_id)):
        return None
    return public_id


def answer_url(invitation, language: str | None = None) -> str:
    """The absolute link to the invitation's answer page, in the invitee's language."""
    return absolute_url("invitations:answer", language or invitation.language,
                        token=link_token(invitation))
