"""The Wagtail admin form of a session: refuses double bookings with an error on the field."""

from django.utils import formats
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import queries
from .models.agenda import LOCAL_TZ


def _when(session) -> str:
    start = session.start.astimezone(LOCAL_TZ)
    end = session.end.astimezone(LOCAL_TZ)
    return f"{formats.date_format(start, 'SHORT_DATE_FORMAT')} {start:%H:%M}–{end:%H:%M}"


class SessionForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        edition = cleaned.get("edition")
        if not (start and end and edition) or end <= start:
            return cleaned  # the model's clean() reports the times themselves
        exclude = self.instance.pk
        room = cleaned.get("room")
        if room is not None:
            clash = queries.room_conflicts(edition_id=edition.pk, room_id=room.pk, start=start,
                                           end=end, exclude_pk=exclude).first()
            if clash is not None:
                self.add_error("room", _(
                    "%(room)s is already booked for “%(session)s” (%(when)s)."
                ) % {"room": room, "session": clash, "when": _when(clash)})
        self._check_speakers(start, end, exclude)
        return cleaned

    def _check_speakers(self, start, end, exclude):
        formset = self.formsets.get("session_speakers") if hasattr(self, "formsets") else None
        if formset is None or not formset.is_valid():
            return
        rows = [
            form for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("speaker")
        ]
        seen = set()
        for form in rows:
            speaker = form.cleaned_data["speaker"]
            if speaker.pk in seen:
                form.add_error("speaker", _("%(speaker)s is listed twice.") % {"speaker": speaker})
            seen.add(speaker.pk)
        clashes = queries.speaker_conflicts(speaker_ids=seen, start=start, end=end,
                                            exclude_pk=exclude)
        for form in rows:
            speaker = form.cleaned_data["speaker"]
            clash = clashes.get(speaker.pk)
            if clash is not None:
                form.add_error("speaker", _(
                    "%(speaker)s is already in “%(session)s” at that time (%(when)s)."
                ) % {"speaker": speaker, "session": clash, "when": _when(clash)})
