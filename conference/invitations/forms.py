from django import forms
from django.utils.translation import gettext_lazy as _

from conference.registration.forms import AttendeeForm, ConsentForm, attendee_formset

__all__ = ["AttendeeForm", "ConsentForm", "DeclineForm", "attendee_formset"]


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))
