from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
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
