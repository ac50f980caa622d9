from django import forms
from django.utils.translation import gettext_lazy as _

from conference.common.text import nfc


class SignupForm(forms.Form):
    """Extra fields on allauth's signup form, in the Vietnamese order: family names, then given."""

    last_name = forms.CharField(
        label=_("Family and middle names"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name", "placeholder": "Nguyễn Thị"}),
    )
    first_name = forms.CharField(
        label=_("Given name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "placeholder": "Anh Thi"}),
    )

    field_order = ["last_name", "first_name", "email", "password1", "password2"]

    def signup(self, request, user):
        user.last_name = nfc(self.cleaned_data["last_name"])
        user.first_name = nfc(self.cleaned_data["first_name"])
        user.save()


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language for emails and pages"),
        choices=[("vi", "Tiếng Việt"), ("en", "English")],
    )
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
