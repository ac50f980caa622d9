from django import forms
from django.utils.translation import gettext_lazy as _

from checkin.models import CheckinPoint

from . import queries


class BatchForm(forms.Form):
    points = forms.ModelMultipleChoiceField(
        label=_("Proof of attendance"), queryset=CheckinPoint.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Attendees admitted at one of these points get a certificate; nobody "
                    "without a scan does."),
        error_messages={"required": _("Choose at least one check-in point whose scans prove "
                                      "attendance.")},
    )
    list_sessions = forms.BooleanField(
        label=_("List the sessions each attendee attended (from the doors of the sessions)"),
        required=False, initial=True)
    send_email = forms.BooleanField(label=_("E-mail each new certificate to its holder"),
                                    required=False, initial=True)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["points"].queryset = CheckinPoint.objects.filter(
            edition=edition, direction="entry").select_related("session")
        self.fields["points"].initial = list(
            queries.default_points(edition).values_list("pk", flat=True))


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255,
                             error_messages={"required": _("Say why the certificate is revoked.")})
