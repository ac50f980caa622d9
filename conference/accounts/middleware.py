from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from .mfa import has_totp, passed_mfa
from .roles import needs_mfa

# Paths a staff member without MFA may still reach: the account pages (to set MFA up or give the
# code), assets.
_ALLOWED_PREFIXES = ("/accounts/", "/en/accounts/", "/static/", "/media/", "/i18n/", "/healthz")


class StaffMFARequiredMiddleware:
    """Staff who can see personal data must have passed TOTP in this very session.

    Decree 13/2023/ND-CP asks for protection of personal data proportionate to the risk; a stolen
    staff password alone must not open thousands of delegates' records. A TOTP device existing is
    not enough: a session opened by password alone (Django's login, a session from before the
    device was set up) is asked for the code before any other page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.REQUIRE_STAFF_MFA
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and needs_mfa(request.user)
        ):
            next_url = quote(request.get_full_path(), safe="/?=&")
            if not has_totp(request.user):
                return redirect(f"{reverse('mfa_activate_totp')}?next={next_url}")
            if not passed_mfa(request):
                return redirect(f"{reverse('mfa_reauthenticate')}?next={next_url}")
        return self.get_response(request)


class AdminAccessMiddleware:
    """A logged-in visitor who may not use the Wagtail admin gets a 403 page at /admin/.

    Wagtail answers them with a redirect to the login page, and the login page sends a logged-in
    visitor back to ``next``: the browser went round between the two until it gave up. The admin's
    own login and logout pages stay reachable.
    """

    _OPEN = ("login/", "logout/", "password_reset/")

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        if self.prefix is None:
            self.prefix = reverse("wagtailadmin_home")
        path = request.path_info
        if (
            path.startswith(self.prefix)
            and not path[len(self.prefix):].startswith(self._OPEN)
            and request.user.is_authenticated
            and not request.user.has_perm("common.use_admin")
        ):
            # The admin's paths carry no language: answer in the one the account chose.
            if request.user.language in dict(settings.LANGUAGES):
                translation.activate(request.user.language)
                request.LANGUAGE_CODE = request.user.language
            raise PermissionDenied
        return self.get_response(request)
