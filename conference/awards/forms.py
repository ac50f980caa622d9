import re

from django import forms
from django.utils.translation import gettext_lazy as _

from conference.common.i18n import localized

from .enums import NominationKind, NominationStatus, Sector
from .models import Nomination
from .services import TRANSITIONS


class StartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Who are you nominating?"), choices=NominationKind.choices,
                             widget=forms.RadioSelect, initial=NominationKind.OTHER)


class NominationForm(forms.ModelForm):
    """A draft's details: everything optional until submission, checked then by the service."""

    class Meta:
        model = Nomination
        fields = ["kind", "nominee_name", "nominee_position", "nominee_organisation",
                  "nominee_sector", "nominee_email", "nominee_phone", "summary", "achievements"]
        widgets = {
            "kind": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 600}),
            "achievements": forms.Textarea(attrs={"rows": 10, "maxlength": 8000}),
        }
        help_texts = {
            "nominee_email": _("Someone nominated by another person is asked by email to "
                               "confirm and to consent to publication."),
            "achievements": _("What changed under their leadership: projects, services, "
                              "results for citizens and businesses."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.fields["kind"].required = True
        self.fields["nominee_sector"].choices = [("", "—"), *Sector.choices]

    def clean_summary(self):
        value = self.cleaned_data.get("summary", "")
        if len(value) > 600:
            raise forms.ValidationError(_("Keep the summary under 600 characters."))
        return value

    def clean_achievements(self):
        value = self.cleaned_data.get("achievements", "")
        if len(value) > 8000:
            raise forms.ValidationError(_("Keep the achievements under 8000 characters."))
        return value


class KeyFigureForm(forms.Form):
    label = forms.CharField(label=_("What"), max_length=200, required=False,
                            widget=forms.TextInput(attrs={
                                "placeholder": _("e.g. public services fully online")}))
    value = forms.CharField(label=_("Figure"), max_length=100, required=False,
                            widget=forms.TextInput(attrs={"placeholder": _("e.g. 95%")}))


KeyFigureFormSet = forms.formset_factory(KeyFigureForm, extra=0, max_num=8, absolute_max=8)


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Add an evidence file"), required=False,
        help_text=_("PDF, PNG, JPEG or WebP, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={
            "accept": "application/pdf,image/png,image/jpeg,image/webp"}),
    )


class SubmitForm(forms.Form):
    eligibility_confirmed = forms.BooleanField(
        label=_("I confirm that the nominee meets the eligibility rules above and that the "
                "information is true."), required=False)
    self_consent = forms.BooleanField(
        label=_("I agree that my name, position, organisation and achievements may be "
                "published if I am chosen."), required=False)


class StatusForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(label=_("Reason (required when ineligible)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label=_("Secretariat note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, nomination=None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS.get(nomination.status, set()) if nomination else set()
        self.fields["to"].choices = [(v, label) for v, label in NominationStatus.choices
                                     if v in allowed]


class DeclarationForm(forms.Form):
    organisation = forms.CharField(
        label=_("Your organisation"), max_length=255,
        help_text=_("You will not judge nominees of your own organisation."))
    conflicts = forms.MultipleChoiceField(
        label=_("Nominees you have a conflict of interest with"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Family, business or reporting ties, or any interest in the outcome."))
    statement = forms.CharField(label=_("Other interests to declare"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
    truthful = forms.BooleanField(
        label=_("I declare that this is complete and will tell the secretariat of any "
                "change."))

    def __init__(self, *args, nominations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conflicts"].choices = [
            (str(n.pk), f"{n.nominee_name} — {n.nominee_organisation} "
                        f"({localized(n.category, 'name')})")
            for n in nominations
        ]


class ScoreForm(forms.Form):
    """One score and comment per criterion of the category's rubric."""

    comment = forms.CharField(label=_("Overall comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.CharField(
                label=localized(criterion, "name"), required=False,
                widget=forms.NumberInput(attrs={"min": criterion.scale_min,
                                                "max": criterion.scale_max, "step": "0.5",
                                                "inputmode": "decimal"}),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"), required=False,
                widget=forms.Textarea(attrs={"rows": 2}))

    def rows(self):
        for criterion in self.criteria:
            yield criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"]

    def values(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}", "") for c in self.criteria}

    def comments(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"comment_{c.pk}", "") for c in self.criteria}


class CertificateLookupForm(forms.Form):
    """The code printed under a certificate's QR code; a pasted verification link works too."""

    code = forms.CharField(
        label=_("Certificate code"), max_length=300,
        help_text=_("The code printed under the QR code, at the bottom of the certificate."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                      "autocapitalize": "off"}),
    )

    def clean_code(self) -> str:
        value = "".join(self.cleaned_data["code"].split())
        # A link copied from the QR code: keep its last part.
        parts = [p for p in value.split("?")[0].split("/") if p and p != "certificate.pdf"]
        code = parts[-1] if parts else ""
        if not re.fullmatch(r"[A-Za-z0-9_-]{4,64}", code):
            raise forms.ValidationError(
                _("This is not a certificate code: it has letters, digits, “-” and “_” only."),
                code="bad_code",
            )
        return code
