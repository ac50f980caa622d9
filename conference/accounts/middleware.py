from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .roles import needs_mfa

# Paths a staff member without MFA may still reach: the account pages (to set MFA up), assets.
_ALLOWED_PREFIXES = ("/accounts/", "/en/accounts/", "/static/", "/media/", "/i18n/", "/healthz")


class StaffMFARequiredMiddleware:
    """Staff who can see personal data must set up TOTP before using any other page.

    Decree 13/2023/ND-CP asks for protection of personal data proportionate to the risk; a stolen
    staff password alone must not open thousands of delegates' records.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.REQUIRE_STAFF_MFA
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and needs_mfa(request.user)
            and not _has_totp(request.user)
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.get_full_path()}")
        return self.get_response(request)


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
