from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Block


class ReserveForm(forms.Form):
    """Put a seat, or its whole row in the section, in a reserved block (or none)."""

    block = forms.ModelChoiceField(label=_("Reserved block"), queryset=Block.objects.none(),
                                   required=False, empty_label=_("Not reserved"))
    whole_row = forms.BooleanField(label=_("The whole row of this section"), required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["block"].queryset = plan.blocks.all()


class PrintForm(forms.Form):
    size = forms.ChoiceField(choices=[("a3", "A3"), ("a4", "A4")], required=False)
