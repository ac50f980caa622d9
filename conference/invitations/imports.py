"""The XLSX import of invitations: read, check every row, then make them all or none.

Row by row, each with its line number and every problem found (not only the first): unknown
category, missing name, bad email, seats, deadline, the same person twice in the file or
already invited, more seats than the category has free. Nothing is saved from a file with
errors unless the organiser chooses to skip those rows; the rows kept are made in one
transaction, so a category filling up meanwhile makes none of them.
"""

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conference.common.exceptions import DomainError
from conference.common.text import fold, nfc
from conference.registration.models import Category
from conference.registration.queries import seats_taken

from .enums import OPEN_STATUSES, InvitationKind, InvitationStatus
from .models import Invitation
from .services import create_invitation
from .services.invitations import MAX_SEATS

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
PAYLOAD_SALT = "govconf.invitations.import"

#: (key, Vietnamese heading, English heading); headings are matched without case or accents.
COLUMNS = [
    ("category", "Hạng đại biểu", "Category"),
    ("kind", "Loại", "Kind"),
    ("honorific", "Danh xưng", "Form of address"),
    ("full_name", "Họ và tên", "Full name"),
    ("position", "Chức vụ", "Position"),
    ("organisation", "Cơ quan", "Organisation"),
    ("email", "Email", "Email"),
    ("phone", "Điện thoại", "Phone"),
    ("language", "Ngôn ngữ", "Language"),
    ("seats", "Số chỗ", "Seats"),
    ("deadline", "Hạn trả lời", "Answer by"),
    ("note", "Ghi chú", "Note"),
]
HEADINGS = {fold(h): key for key, vi, en in COLUMNS for h in (vi, en, key)}
ORGANISATION_WORDS = {"organisation", "organization", "to chuc", "co quan", "don vi"}
PERSON_WORDS = {"person", "ca nhan", ""}


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("XLSX file"), required=False)
    payload = forms.CharField(widget=forms.HiddenInput, required=False)
    skip_bad_rows = forms.BooleanField(
        label=gettext_lazy("Skip the rows with errors and import the others"), required=False)
    send = forms.BooleanField(label=gettext_lazy("Send the invitations by email at once"),
                              required=False)
    confirm = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, edition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.rows: list[tuple[int, dict]] = []

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > MAX_BYTES:
                raise ValidationError(_("The file is larger than 5 MB."))
            self.rows = read_xlsx(upload.read())
            data["confirm"] = False
        elif data.get("payload"):
            try:
                self.rows = [(line, row) for line, row in signing.loads(
                    data["payload"], salt=PAYLOAD_SALT, max_age=timedelta(hours=2))]
            except signing.BadSignature:
                raise ValidationError(_("The checked list has expired: upload the file "
                                        "again.")) from None
        else:
            raise ValidationError(_("Choose an XLSX file."))
        return data

    def payload_for(self) -> str:
        return signing.dumps([[line, row] for line, row in self.rows], salt=PAYLOAD_SALT,
                             compress=True)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value)).strip()


def read_xlsx(content: bytes) -> list[tuple[int, dict]]:
    """The rows of the first sheet as (line number, {column key: text}), the heading row
    read by name; ValidationError for a file that is not a readable XLSX or has no known
    headings."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (zip, XML, key errors) for a bad file
        raise ValidationError(_("This is not a readable XLSX file.")) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    keys = [HEADINGS.get(fold(_text(h))) for h in header]
    if "email" not in keys or not ({"full_name", "organisation"} & set(keys)):
        raise ValidationError(_("The first row must name the columns (at least Email and "
                                "Full name or Organisation)."))
    found = []
    for line, values in enumerate(rows, start=2):
        if line - 1 > MAX_ROWS:
            raise ValidationError(_("At most %(n)s rows at a time.") % {"n": MAX_ROWS})
        row = {key: _text(v) for key, v in zip(keys, values, strict=False) if key}
        if any(row.values()):
            found.append((line, row))
    book.close()
    return found


@dataclass
class Report:
    ok_rows: list[tuple[int, dict]] = field(default_factory=list)
    bad_rows: list[tuple[int, dict, list[str]]] = field(default_factory=list)


def _deadline(text: str):
    for fmt in ("%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if len(text) <= 10:  # a date alone: the end of that day
            parsed = datetime.combine(parsed.date(), time(23, 59))
        return timezone.make_aware(parsed)
    return None


def check_rows(rows: list[tuple[int, dict]], *, edition) -> Report:
    """Check every row; the rows that would make an invitation now, and the others with their
    problems. Reads only (no lock): the import itself re-checks under the locks."""
    categories = {c.code.lower(): c for c in Category.objects.filter(edition=edition)}
    free = {c.pk: c.quota - seats_taken(category=c) for c in categories.values()}
    invited = set(Invitation.objects.filter(edition=edition, status__in=[
        *OPEN_STATUSES, InvitationStatus.ACCEPTED]).values_list("email", "category_id"))
    seen = set()
    report = Report()
    now = timezone.now()
    for line, row in rows:
        errors = []
        data = dict(row)
        category = categories.get((row.get("category") or "").lower())
        if category is None:
            errors.append(_("Unknown category “%(code)s” (use a category code of this "
                            "edition: %(codes)s).") % {"code": row.get("category", ""),
                                                      "codes": ", ".join(sorted(categories))})
        kind_word = fold(row.get("kind", ""))
        seats_text = row.get("seats") or "1"
        try:
            seats = int(seats_text)
        except ValueError:
            seats = 0
        if kind_word in ORGANISATION_WORDS or (not kind_word and seats > 1):
            kind = InvitationKind.ORGANISATION
        elif kind_word in PERSON_WORDS:
            kind = InvitationKind.PERSON
        else:
            kind = None
            errors.append(_("Kind must be “person” or “organisation”."))
        if not 1 <= seats <= MAX_SEATS:
            errors.append(_("Seats must be a whole number from 1 to %(n)s.") % {"n": MAX_SEATS})
        elif kind == InvitationKind.PERSON and seats != 1:
            errors.append(_("An invitation to a person is for one seat."))
        if kind == InvitationKind.PERSON and not row.get("full_name"):
            errors.append(_("The full name is missing."))
        if kind == InvitationKind.ORGANISATION and not row.get("organisation"):
            errors.append(_("The organisation is missing."))
        email = (row.get("email") or "").strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("“%(email)s” is not a valid email address.") % {"email": email})
        deadline = _deadline(row.get("deadline", ""))
        if deadline is None:
            errors.append(_("The answer deadline must be a date (dd/mm/yyyy)."))
        elif deadline <= now:
            errors.append(_("The answer deadline has passed."))
        language = (row.get("language") or "vi").lower()[:2]
        if language not in ("vi", "en"):
            errors.append(_("Language must be vi or en."))
        if category is not None and email:
            if (email, category.pk) in seen:
                errors.append(_("The same email twice in this file for this category."))
            elif (email, category.pk) in invited:
                errors.append(_("Already invited in this category."))
            seen.add((email, category.pk))
        if not errors and category is not None:
            if free[category.pk] < seats:
                errors.append(_("“%(category)s” has only %(n)s free seats left.")
                              % {"category": category, "n": max(free[category.pk], 0)})
            else:
                free[category.pk] -= seats
        if errors:
            report.bad_rows.append((line, row, errors))
        else:
            data.update(category=category.code, kind=kind, seats=seats, email=email,
                        language=language, deadline=deadline.isoformat())
            report.ok_rows.append((line, data))
    return report


def import_rows(report: Report, *, edition, by,
                send: bool = False) -> tuple[list[Invitation], list[str]]:
    """Make the invitations of the checked rows, all in one transaction: if one fails (a
    category filled up meanwhile), none is made and the failure is reported with its line."""
    made = []
    try:
        with transaction.atomic():
            categories = {c.code: c for c in
                          Category.objects.filter(edition=edition).select_related("edition")}
            for line, row in report.ok_rows:
                code = row["category"]
                try:
                    made.append(create_invitation(
                        category=categories[code], kind=row["kind"], seats=row["seats"],
                        honorific=row.get("honorific", ""), full_name=row.get("full_name", ""),
                        position=row.get("position", ""),
                        organisation=row.get("organisation", ""), email=row["email"],
                        phone=row.get("phone", ""), language=row["language"],
                        deadline=datetime.fromisoformat(row["deadline"]),
                        note=row.get("note", ""), by=by, send=send))
                except DomainError as exc:
                    raise _RowFailed(_("Line %(line)s: %(error)s") % {
                        "line": line, "error": exc.message}) from exc
    except _RowFailed as failure:
        return [], [str(failure), _("Nothing was imported.")]
    return made, []


class _RowFailed(Exception):
    pass
