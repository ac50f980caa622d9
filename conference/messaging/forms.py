import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from checkin.models import CheckinPoint
from cms.models import Session
from conference.registration.enums import RegistrationStatus
from conference.registration.models import Category

from .enums import CheckedIn
from .segments import ATTENDEES, audience_choices
from .services import PLACEHOLDERS

_TOKEN = re.compile(r"\{[^{}\s]*\}")


def _check_placeholders(text: str) -> str:
    unknown = sorted({token for token in _TOKEN.findall(text) if token not in PLACEHOLDERS})
    if unknown:
        raise forms.ValidationError(
            _("Unknown placeholder %(found)s. You may use %(allowed)s."),
            params={"found": ", ".join(unknown), "allowed": ", ".join(PLACEHOLDERS)},
            code="placeholder")
    return text


class BroadcastForm(forms.Form):
    """The message in both languages and who receives it."""

    subject = forms.CharField(label=_("Subject (Vietnamese)"), max_length=200)
    body = forms.CharField(
        label=_("Message (Vietnamese)"), max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Plain text. {name} is replaced by the recipient's name, {badge_link} by "
                    "the link to their badge."))
    subject_en = forms.CharField(label=_("Subject (English)"), max_length=200, required=False)
    body_en = forms.CharField(
        label=_("Message (English)"), max_length=20_000, required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Delegates who chose English get this; left empty, they get the "
                    "Vietnamese text."))
    audience = forms.ChoiceField(
        label=_("Send to"), choices=(), initial=ATTENDEES,
        help_text=_("For invitees who have not answered, only the categories and the "
                    "organisation below apply."))
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"), queryset=Category.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: every category."))
    statuses = forms.MultipleChoiceField(
        label=_("Registration state"), choices=RegistrationStatus.choices, required=False,
        initial=[RegistrationStatus.CONFIRMED], widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: confirmed registrations."))
    organisation = forms.CharField(label=_("Organisation contains"), max_length=200,
                                   required=False)
    point = forms.ModelChoiceField(label=_("Check-in point"), queryset=CheckinPoint.objects.none(),
                                   required=False)
    checked_in = forms.ChoiceField(label=_("Checked in at that point"), choices=CheckedIn.choices,
                                   required=False)
    session = forms.ModelChoiceField(label=_("Starred the session"),
                                     queryset=Session.objects.none(), required=False)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["audience"].choices = audience_choices()
        self.fields["categories"].queryset = Category.objects.filter(edition=edition)
        self.fields["point"].queryset = CheckinPoint.objects.filter(edition=edition)
        self.fields["session"].queryset = Session.objects.filter(edition=edition).order_by(
            "start")

    def clean_body(self):
        return _check_placeholders(self.cleaned_data["body"])

    def clean_body_en(self):
        return _check_placeholders(self.cleaned_data["body_en"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("checked_in") and not cleaned.get("point"):
            self.add_error("point", _("Choose the check-in point."))
        return cleaned

    def segment(self) -> dict:
        data = self.cleaned_data
        segment = {"audience": data["audience"]}
        if data["categories"]:
            segment["categories"] = sorted(c.pk for c in data["categories"])
        if data["statuses"]:
            segment["statuses"] = sorted(data["statuses"])
        if data["organisation"].strip():
            segment["organisation"] = data["organisation"].strip()
        if data["point"] and data["checked_in"]:
            segment["point"], segment["checked_in"] = data["point"].pk, data["checked_in"]
        if data["session"]:
            segment["session"] = data["session"].pk
        return segment

    @classmethod
    def initial_for(cls, broadcast) -> dict:
        segment = broadcast.segment
        return {"subject": broadcast.subject, "body": broadcast.body,
                "subject_en": broadcast.subject_en, "body_en": broadcast.body_en,
                "audience": segment.get("audience", ATTENDEES),
                "categories": segment.get("categories", []),
                "statuses": segment.get("statuses", [RegistrationStatus.CONFIRMED]),
                "organisation": segment.get("organisation", ""),
                "point": segment.get("point"), "checked_in": segment.get("checked_in", ""),
                "session": segment.get("session")}


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label=_("Send at"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        help_text=_("Vietnam time. Leave empty to send now."))

    def clean_send_at(self):
        value = self.cleaned_data["send_at"]
        if value is not None and value <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future, or leave it empty to "
                                          "send now."), code="past")
        return value
