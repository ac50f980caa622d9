"""Links a guest can follow without an account: the reference plus a keyed token."""

from django.urls import reverse
from django.utils.crypto import salted_hmac


def status_token(reference: str) -> str:
    return salted_hmac("govconf.registration.status", reference).hexdigest()[:20]


def status_url(registration) -> str:
    return reverse("registration:status", kwargs={"reference": registration.reference,
                                                  "token": status_token(registration.reference)})
