from django import forms
from django.utils.translation import gettext_lazy as _


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"), coerce=int, widget=forms.RadioSelect,
        choices=[(n, str(n)) for n in range(1, 6)],
        error_messages={"required": _("Choose a rating from 1 to 5."),
                        "invalid_choice": _("Choose a rating from 1 to 5.")})
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}))


class ReleaseForm(forms.Form):
    released = forms.BooleanField(required=False)
