from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .forms import PreferencesForm
from .services import update_preferences


@login_required
def profile(request):
    form = PreferencesForm(
        request.POST or None,
        initial={"language": request.user.language, "phone": request.user.phone},
    )
    if request.method == "POST" and form.is_valid():
        update_preferences(user=request.user, **form.cleaned_data)
        language = form.cleaned_data["language"]
        translation.activate(language)
        messages.success(request, _("Your preferences were saved."))
        response = redirect(translate_profile_url(language))
        from django.conf import settings

        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
        return response
    return render(request, "accounts/profile.html", {"form": form})


def translate_profile_url(language: str) -> str:
    from django.urls import reverse

    with translation.override(language):
        return reverse("accounts_profile")


def admin_login(request):
    """Wagtail's own login form, replaced: every login goes through allauth.

    allauth asks for the second factor and limits wrong passwords (per address and per
    account); Wagtail's form does neither. GET and POST alike are sent on, keeping ``next`` when
    it points into this site. A password posted here is never checked.
    """
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = reverse("wagtailadmin_home")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


def admin_password_reset(request, rest: str = ""):
    """Wagtail's password reset, replaced by allauth's (limited per address and per e-mail)."""
    return redirect("account_reset_password")
