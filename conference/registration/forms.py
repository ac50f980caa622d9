from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from conference.common.i18n import localized

from .enums import DocumentKind, OrganisationType, QuestionKind
from .provinces import Province

LANGUAGE_CHOICES = [("vi", "Tiếng Việt"), ("en", "English")]
YES_NO = [("", "—"), ("yes", _("Yes")), ("no", _("No"))]


class AttendeeForm(forms.Form):
    """One person's details, with the category's extra questions as ``q_<key>`` fields."""

    full_name = forms.CharField(label=_("Full name"), max_length=150,
                                help_text=_("As it should appear on the badge."))
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=255, required=False)
    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"), required=False,
        choices=[("", "—"), *OrganisationType.choices])
    province = forms.ChoiceField(
        label=_("Province or city"), required=False, choices=[("", "—"), *Province.choices],
        help_text=_("Where your organisation is (the 34 provinces and cities since 2025)."))
    email = forms.EmailField(label=_("Email"))
    phone = forms.RegexField(
        label=_("Phone"), max_length=32, required=False, regex=r"^\+?[0-9 .()-]{8,20}$",
        error_messages={"invalid": _("Enter a phone number, for example 0905 123 456.")},
    )
    language = forms.ChoiceField(label=_("Preferred language"), choices=LANGUAGE_CHOICES)
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wheelchair access, sign language, dietary needs..."),
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            label = localized(question, "label")
            if question.kind == QuestionKind.CHOICE:
                field = forms.ChoiceField(
                    label=label, required=question.required,
                    choices=[("", "—"), *question.choice_list()],
                )
            elif question.kind == QuestionKind.YES_NO:
                field = forms.ChoiceField(label=label, required=question.required,
                                          choices=YES_NO)
            else:
                field = forms.CharField(label=label, required=question.required,
                                        max_length=2000)
            self.fields[f"q_{question.key}"] = field

    def attendee_data(self) -> dict:
        data = {k: self.cleaned_data.get(k, "") for k in (
            "full_name", "position", "organisation", "organisation_type", "province", "email",
            "phone", "language", "accessibility_needs")}
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q_{question.key}")
            if question.kind == QuestionKind.YES_NO:
                value = {"yes": True, "no": False}.get(value)
            if value not in (None, ""):
                answers[question.key] = value
        data["answers"] = answers
        return data


class BaseAttendeeFormSet(forms.BaseFormSet):
    def __init__(self, *args, questions=(), **kwargs):
        self.questions = questions
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "questions": self.questions}

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            email = (form.cleaned_data.get("email") or "").lower()
            if email in seen:
                form.add_error("email", _("Each attendee needs their own email address."))
            seen.add(email)


def attendee_formset(max_num: int):
    return formset_factory(AttendeeForm, formset=BaseAttendeeFormSet, extra=0, min_num=1,
                           max_num=max_num, validate_min=True, validate_max=True)


class ContactForm(forms.Form):
    contact_email = forms.EmailField(
        label=_("Contact email"), required=False,
        help_text=_("Where we send the registration's summary and payment links. "
                    "Leave empty to use the first attendee's email."),
    )
    invitation_code = forms.CharField(label=_("Invitation code"), max_length=40, required=False)

    def __init__(self, *args, needs_code=False, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_code:
            self.fields["invitation_code"].required = True
        else:
            del self.fields["invitation_code"]


class ConsentForm(forms.Form):
    """The last step's agreement to the processing of personal data (Decree 13)."""

    consent = forms.BooleanField(
        label=_("I have read and agree to the processing of personal data described above."),
        error_messages={"required": _("Please agree to the processing of your personal data.")},
    )


class WaitingListForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    organisation = forms.CharField(label=_("Organisation"), max_length=255, required=False)


class AttendeeEditForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150,
                                help_text=_("Changing the name issues a new badge."))
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=255, required=False)
    phone = AttendeeForm.base_fields["phone"]
    language = forms.ChoiceField(label=_("Preferred language"), choices=LANGUAGE_CHOICES)
    accessibility_needs = AttendeeForm.base_fields["accessibility_needs"]


class CancelForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, cancel this registration."),
        error_messages={"required": _("Tick the box to confirm.")},
    )


# --- the registration desk (Wagtail admin) ---------------------------------------------------

class DecisionForm(forms.Form):
    """The desk approves or rejects: an optional note the attendee reads."""

    note = forms.CharField(label=_("Note to the attendee"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class DeskCancelForm(forms.Form):
    """The desk cancels a registration: how much of what was paid goes back."""

    refund = forms.ChoiceField(
        label=_("Refund"),
        choices=[("full", _("Refund everything paid")),
                 ("partial", _("Refund part of it")),
                 ("none", _("No refund"))],
        widget=forms.RadioSelect, initial="full",
    )
    amount_vnd = forms.IntegerField(label=_("Amount to refund (VND)"), min_value=0,
                                    required=False)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=255)

    def __init__(self, *args, amount_vnd: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if amount_vnd == 0:
            # Nothing was paid for a 0 ₫ registration: no refund to choose.
            del self.fields["refund"], self.fields["amount_vnd"]

    def clean(self):
        data = super().clean()
        if data.get("refund") == "partial" and not data.get("amount_vnd"):
            self.add_error("amount_vnd", _("Enter the amount to refund."))
        return data

    def refund_amount(self):
        if "refund" not in self.fields:
            return 0
        choice = self.cleaned_data["refund"]
        if choice == "full":
            return None
        if choice == "none":
            return 0
        return self.cleaned_data["amount_vnd"]


class DocumentUploadForm(forms.Form):
    """One press accreditation file for one attendee of the registration (status page)."""

    attendee = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=DocumentKind.choices, widget=forms.HiddenInput)
    file = forms.FileField(label=_("File"))
