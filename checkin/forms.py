"""Forms of the check-in desk."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conference.common.text import nfc
from conference.registration.models import Category


class WalkInForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=150)
    organisation = forms.CharField(label=gettext_lazy("Organisation"), max_length=255,
                                   required=False)
    position = forms.CharField(label=gettext_lazy("Position"), max_length=150, required=False)
    email = forms.EmailField(label=gettext_lazy("Email"))
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=32, required=False)
    category = forms.ModelChoiceField(label=gettext_lazy("Category"),
                                      queryset=Category.objects.none())
    language = forms.ChoiceField(label=gettext_lazy("Preferred language"),
                                 choices=[("vi", "Tiếng Việt"), ("en", "English")])
    paid_at_desk = forms.BooleanField(label=gettext_lazy("Paid at the desk (paid categories)"),
                                      required=False)

    def __init__(self, *args, edition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(edition=edition)

    def clean_full_name(self):
        name = nfc(self.cleaned_data["full_name"])
        if len(name) < 2:
            raise forms.ValidationError(_("Enter the full name."))
        return name
