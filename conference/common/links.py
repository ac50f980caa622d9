"""Absolute links for what leaves the site (emails, Stripe, QR codes, calendar files)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def site_url(path: str = "/") -> str:
    """``path`` (from reverse(), starting with /) on the public site, SITE_URL."""
    return settings.SITE_URL + path


def absolute_url(name: str, language: str, *args, **kwargs) -> str:
    """The absolute URL of a named route in ``language`` (pages in i18n_patterns get its
    prefix: nothing for Vietnamese, /en/ for English)."""
    with translation.override(language):
        return site_url(reverse(name, args=args or None, kwargs=kwargs or None))
