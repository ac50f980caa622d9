"""The private link a speaker follows to see their sessions' feedback (no account needed)."""

from django.core import signing
from django.urls import reverse

from conference.common.links import site_url

SALT = "govconf.feedback.speaker"


def speaker_token(speaker) -> str:
    return signing.Signer(salt=SALT).sign_object({"s": speaker.pk})


def speaker_id_from_token(token: str) -> int | None:
    try:
        data = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    value = data.get("s") if isinstance(data, dict) else None
    return value if isinstance(value, int) else None


def speaker_results_url(speaker) -> str:
    return site_url(reverse("feedback:speaker", kwargs={"token": speaker_token(speaker)}))
