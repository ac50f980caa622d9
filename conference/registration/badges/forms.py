"""Forms of the badge desk."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..enums import BadgeSelection, BadgeSize
from ..models import Category


class ReissueForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=255,
        help_text=gettext_lazy("For example: lost badge, name corrected."),
    )
    notify = forms.BooleanField(
        label=gettext_lazy("Email the new badge to the attendee"), required=False, initial=True
    )


class BatchForm(forms.Form):
    selection = forms.ChoiceField(label=gettext_lazy("Badges"), choices=BadgeSelection.choices)
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category"), queryset=Category.objects.none(), required=False
    )
    size = forms.ChoiceField(label=gettext_lazy("Size"), choices=BadgeSize.choices)
    sheet = forms.BooleanField(
        label=gettext_lazy("Several badges per A4 sheet"), required=False,
        help_text=gettext_lazy("4 A6 badges or 9 cards on each A4 page, with cutting guides."),
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(edition=edition)

    def clean(self):
        data = super().clean()
        needs_category = data.get("selection") in (
            BadgeSelection.CATEGORY, BadgeSelection.CATEGORY_NOT_PRINTED
        )
        if needs_category and not data.get("category"):
            self.add_error("category", _("Choose a category."))
        return data
