"""Links a guest can follow without an account: the reference plus a keyed token."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import Registration


def status_token(reference: str) -> str:
    return salted_hmac("govconf.registration.status", reference).hexdigest()[:20]


def status_url(registration) -> str:
    return reverse("registration:status", kwargs={"reference": registration.reference,
                                                  "token": status_token(registration.reference)})


def registration_from_link(reference: str, token: str, queryset=None):
    """The registration a status link points at; 404 for a wrong or forged token."""
    if not constant_time_compare(token, status_token(reference)):
        raise Http404
    if queryset is None:
        queryset = Registration.objects.select_related("category", "edition")
    return get_object_or_404(queryset, reference=reference)
