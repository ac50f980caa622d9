"""Forms of the agenda: the filters above the public agenda, and the Wagtail admin form of a
session (refuses double bookings with an error on the field)."""

import datetime

from django import forms
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from . import queries
from .enums import SessionKind
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


class AgendaFilterForm(forms.Form):
    """The filters above the agenda: a plain GET form, so they work without JavaScript."""

    day = forms.ChoiceField(label=gettext_lazy("Day"), required=False)
    theme = forms.ChoiceField(label=gettext_lazy("Theme"), required=False)
    room = forms.ChoiceField(label=gettext_lazy("Room"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=100)

    def __init__(self, data, *, edition, themes, rooms, with_day=True):
        super().__init__(data)
        self.themes = {t.slug: t for t in themes}
        self.rooms = {str(r.pk): r for r in rooms}
        everything = [("", gettext_lazy("All"))]
        days = queries.edition_days(edition)
        self.fields["day"].choices = everything + [
            (d.isoformat(), d.strftime("%d/%m/%Y")) for d in days
        ]
        self.fields["theme"].choices = everything + [(t.slug, str(t)) for t in themes]
        self.fields["room"].choices = everything + [(str(r.pk), str(r)) for r in rooms]
        self.fields["kind"].choices = everything + list(SessionKind.choices)
        if not with_day:
            del self.fields["day"]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        day = data.get("day")
        return {
            "day": datetime.date.fromisoformat(day) if day else None,
            "theme": self.themes.get(data.get("theme") or ""),
            "room": self.rooms.get(data.get("room") or ""),
            "kind": data.get("kind") or "",
            "q": (data.get("q") or "").strip(),
        }

    def cache_key(self) -> str:
        if not self.is_valid():
            return "invalid"
        return "|".join(f"{k}={self.cleaned_data.get(k) or ''}" for k in sorted(self.fields))


class SessionMaterialForm(WagtailAdminModelForm):
    """The admin form of a material: a PDF is checked by its content before it is stored."""

    def clean_file(self):
        from django.core.files.base import ContentFile
        from django.core.files.uploadedfile import UploadedFile

        from conference.common.files import FileRejected

        from .materials import check_slides

        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload
        try:
            checked = check_slides(upload)
        except FileRejected as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc
        return ContentFile(checked.content, name="slides.pdf")


class SpeakerChangeForm(forms.Form):
    """What a speaker may change through their private link: bio, photo, and slides for one of
    their own sessions (the session list holds theirs only)."""

    bio = forms.CharField(label=gettext_lazy("Biography (Vietnamese)"), required=False,
                          widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    bio_en = forms.CharField(label=gettext_lazy("Biography (English)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    photo = forms.FileField(label=gettext_lazy("New photo (PNG, JPEG or WebP)"), required=False)
    slides_session = forms.ModelChoiceField(label=gettext_lazy("Session of the slides"),
                                            queryset=None, required=False)
    slides = forms.FileField(label=gettext_lazy("Slides (PDF, up to 30 MB)"), required=False)

    def __init__(self, *args, speaker, **kwargs):
        from .materials import speaker_sessions

        super().__init__(*args, **kwargs)
        self.fields["slides_session"].queryset = speaker_sessions(speaker)
        self.fields["photo"].widget.attrs["accept"] = "image/png,image/jpeg,image/webp"
        self.fields["slides"].widget.attrs["accept"] = "application/pdf"
