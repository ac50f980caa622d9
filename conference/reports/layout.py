"""The report's figures as titled tables and charts in one language: what both the PDF and the
XLSX show, so that the two always carry the same numbers."""

from dataclasses import dataclass, field

from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from conference.awards.enums import NominationStatus
from conference.common.enums import OutboxStatus
from conference.registration.enums import OrganisationType, RegistrationStatus
from conference.registration.provinces import Province


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list]
    total: list | None = None
    widths: list[float] | None = None  # relative column widths in the PDF


@dataclass
class Chart:
    title: str
    labels: list[str]
    series: list[tuple[str, list[int]]]  # (legend, one value per label)


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Report:
    title: str
    subtitle: str
    generated: str
    summary: list[tuple[str, str | int]]
    sections: list[Section]


def _name(row: dict, key: str, language: str) -> str:
    return (row.get(f"{key}_en") or row.get(key) or "") if language == "en" else row.get(key, "")


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%".replace(".", ",") if whole else "—"


def _day(value: str) -> str:
    return formats.date_format(parse_date(value), "SHORT_DATE_FORMAT")


def present(figures: dict, language: str) -> Report:
    with translation.override(language):
        return _present(figures, language)


def _present(figures: dict, language: str) -> Report:
    edition = figures["edition"]
    registrations = figures["registrations"]
    attendance = figures["attendance"]
    certificates = figures["certificates"]
    emails = figures["emails"]["by_status"]
    confirmed = sum(row["attendees"] for row in registrations["by_category"])
    dates = _day(edition["start"]) if edition["start"] == edition["end"] else \
        f"{_day(edition['start'])} – {_day(edition['end'])}"
    generated = formats.date_format(
        timezone.localtime(parse_datetime(figures["generated_at"])), "SHORT_DATETIME_FORMAT")
    summary = [
        (_("Registrations"), sum(registrations["statuses"].values())),
        (_("Confirmed attendees"), confirmed),
        (_("Checked in"), attendance["checked_in"]),
        (_("Attendance rate"), _percent(attendance["checked_in"], confirmed)),
        (_("Sessions"), len(figures["sessions"])),
        (_("Attendance certificates issued"), certificates["valid"]),
        (_("E-mails sent"), emails.get(OutboxStatus.SENT, 0)),
        (_("E-mails bounced"), emails.get(OutboxStatus.BOUNCED, 0)),
    ]
    sections = [
        _registrations(figures, language),
        _organisations(figures),
        _invitations(figures, language),
        _attendance(figures, language),
        _sessions(figures, language),
        _press(figures),
        _awards(figures, language),
        _emails(figures),
    ]
    return Report(
        title=_("Post-event report"),
        subtitle=f"{_name(edition, 'name', language)} · "
                 f"{_name(edition, 'venue', language)} · {dates}",
        generated=_("Prepared on %(date)s from the registration and check-in records.")
        % {"date": generated},
        summary=summary,
        sections=sections,
    )


def _registrations(figures: dict, language: str) -> Section:
    rows = figures["registrations"]["by_category"]
    statuses = figures["registrations"]["statuses"]
    table = Table(
        _("Registrations by category"),
        [_("Category"), _("Registrations"), _("Confirmed"), _("Pending"),
         _("Cancelled, rejected or expired"), _("Confirmed attendees"), _("Checked in"),
         _("Attendance rate"), _("Revenue (VND)")],
        [[_name(r, "name", language), r["registrations"], r["confirmed"], r["pending"],
          r["cancelled"], r["attendees"], r["checked_in"],
          _percent(r["checked_in"], r["attendees"]), r["revenue_vnd"]] for r in rows],
        widths=[2.6, 1.2, 1.2, 1.1, 1.5, 1.3, 1.3, 1.1, 1.6],
    )
    table.total = [_("Total"), *[sum(r[i] for r in table.rows) for i in range(1, 7)],
                   _percent(sum(r[6] for r in table.rows), sum(r[5] for r in table.rows)),
                   sum(r[8] for r in table.rows)]
    by_status = Table(
        _("Registrations by status"), [_("Status"), _("Registrations")],
        [[str(RegistrationStatus(s).label), statuses.get(s, 0)]
         for s in RegistrationStatus.values if statuses.get(s)],
    )
    chart = Chart(_("Confirmed attendees and check-ins by category"),
                  [_name(r, "name", language) for r in rows],
                  [(_("Confirmed attendees"), [r["attendees"] for r in rows]),
                   (_("Checked in"), [r["checked_in"] for r in rows])])
    return Section("registrations", _("Registrations"), [table, by_status], [chart])


def _organisations(figures: dict) -> Section:
    def label(choices, key: str) -> str:
        return str(choices(key).label) if key in choices.values else _("Not given")

    def table(title: str, heading: str, rows: list[dict], choices) -> Table:
        result = Table(title, [heading, _("Confirmed attendees"), _("Checked in"),
                               _("Attendance rate")],
                       [[label(choices, r["key"]), r["attendees"], r["checked_in"],
                         _percent(r["checked_in"], r["attendees"])] for r in rows],
                       widths=[4, 1.5, 1.5, 1.5])
        result.total = [_("Total"), sum(r["attendees"] for r in rows),
                        sum(r["checked_in"] for r in rows),
                        _percent(sum(r["checked_in"] for r in rows),
                                 sum(r["attendees"] for r in rows))]
        return result

    return Section("organisations", _("Delegates by organisation and province"), [
        table(_("By type of organisation"), _("Type of organisation"),
              figures["by_organisation_type"], OrganisationType),
        table(_("By province or city (34 since 2025)"), _("Province or city"),
              figures["by_province"], Province),
    ])


def _invitations(figures: dict, language: str) -> Section:
    data = figures["invitations"]
    section = Section("invitations", _("Invitations"))
    named = data.get("named")
    if named:
        section.tables.append(Table(
            _("Named invitations"),
            [_("Sent"), _("Opened"), _("Accepted"), _("Declined"), _("Unanswered"),
             _("Expired or withdrawn"), _("Seats invited"), _("Seats accepted")],
            [[named["sent"], named["opened"], named["accepted"], named["declined"],
              named["unanswered"], named["expired_or_withdrawn"], named["seats_invited"],
              named["seats_accepted"]]]))
        if named.get("drafted"):
            section.notes.append(_("%(count)s invitations drafted but not sent.")
                                 % {"count": named["drafted"]})
    codes = Table(
        _("Invitation codes"), [_("Code"), _("Category"), _("Uses allowed"),
                                _("Registrations"), _("Confirmed")],
        [[c["code"], _name(c, "category", language), c["max_uses"], c["used"], c["confirmed"]]
         for c in data["codes"]], widths=[2, 3, 1.3, 1.3, 1.3])
    if codes.rows:
        codes.total = [_("Total"), "", sum(r[2] for r in codes.rows),
                       sum(r[3] for r in codes.rows), sum(r[4] for r in codes.rows)]
    section.tables.append(codes)
    return section


def _attendance(figures: dict, language: str) -> Section:
    data = figures["attendance"]
    section = Section("attendance", _("Attendance"))
    section.tables.append(Table(
        _("Registered and checked in"), [_("Confirmed attendees"), _("Checked in"),
                                         _("Attendance rate"), _("Refused scans")],
        [[data["registered"], data["checked_in"],
          _percent(data["checked_in"], data["registered"]), data["refused_scans"]]]))
    section.tables.append(Table(
        _("By check-in point"), [_("Check-in point"), _("People"), _("Entries"), _("Exits")],
        [[_name(p, "name", language), p["people"], p["entries"], p["exits"]]
         for p in data["points"]], widths=[4, 1.3, 1.3, 1.3]))
    several_days = len(data["days"]) > 1
    labels, values = [], []
    for row in data["arrivals"]:
        moment = timezone.localtime(parse_datetime(row["start"]))
        labels.append(moment.strftime("%d/%m %H:%M" if several_days else "%H:%M"))
        values.append(row["count"])
    section.charts.append(Chart(_("Arrivals over the day (first entry, per 15 minutes)"),
                                labels, [(_("Arrivals"), values)]))
    section.tables.append(Table(_("Arrivals per 15 minutes"), [_("From"), _("Arrivals")],
                                [[label, value] for label, value in zip(labels, values,
                                                                        strict=True)]))
    return section


def _sessions(figures: dict, language: str) -> Section:
    rows = []
    feedback = any(s.get("feedback_count") for s in figures["sessions"])
    for s in figures["sessions"]:
        start = timezone.localtime(parse_datetime(s["start"]))
        row = [formats.date_format(start, "SHORT_DATE_FORMAT") + start.strftime(" %H:%M"),
               _name(s, "title", language), _name(s, "room", language),
               s["attended"] if s["attended"] is not None else "—",
               s["capacity"] if s["capacity"] else "—",
               _percent(s["attended"], s["capacity"]) if s["attended"] is not None
               and s["capacity"] else "—"]
        if feedback:
            row += [s.get("feedback_count") or 0,
                    f"{s['feedback_average']:.2f}".replace(".", ",")
                    if s.get("feedback_average") is not None else "—"]
        rows.append(row)
    columns = [_("Time"), _("Session"), _("Room"), _("Attended"), _("Capacity"), _("Filled")]
    widths = [1.6, 5, 1.8, 1.1, 1.1, 1]
    if feedback:
        columns += [_("Ratings"), _("Average rating")]
        widths += [1, 1.1]
    section = Section("sessions", _("Sessions"), [Table(_("Sessions"), columns, rows,
                                                        widths=widths)])
    section.notes.append(_("Attended: people admitted at a door linked to the session; “—” "
                           "where the session had no door of its own."))
    if not feedback:
        section.notes.append(_("Session feedback was not collected for this edition."))
    return section


def _press(figures: dict) -> Section:
    data = figures["press"]
    table = Table(_("Media outlets"), [_("Outlet"), _("Accredited"), _("Checked in")],
                  [[o["organisation"] or _("Not given"), o["accredited"], o["checked_in"]]
                   for o in data["outlets"]], widths=[5, 1.5, 1.5])
    table.total = [_("Total"), data["accredited"], data["checked_in"]]
    return Section("press", _("Press"), [table])


def _awards(figures: dict, language: str) -> Section:
    data = figures["awards"]
    section = Section("awards", _("Awards"))
    if not data.get("cycle"):
        section.notes.append(_("No award this edition."))
        return section
    section.notes.append(_name(data["cycle"], "name", language))
    statuses = data["statuses"]
    section.tables.append(Table(
        _("Nominations by status"), [_("Status"), _("Nominations")],
        [[str(NominationStatus(s).label), statuses[s]] for s in NominationStatus.values
         if statuses.get(s)]))
    categories = data["categories"]
    section.tables.append(Table(
        _("Judging by category"),
        [_("Category"), _("Nominations"), _("Judges"), _("Score sheets"), _("Submitted"),
         _("Finalists"), _("Winners")],
        [[_name(c, "name", language), c["nominations"], c["judges"], c["assignments"],
          c["submitted"], c["finalists"], c["winners"]] for c in categories],
        widths=[4, 1.2, 1, 1.2, 1.2, 1.1, 1.1]))
    section.tables.append(Table(
        _("Winners and finalists"), [_("Category"), _("Distinction"), _("Name"),
                                     _("Organisation")],
        [[_name(c, "name", language), str(NominationStatus(d["status"]).label), d["name"],
          d["organisation"]] for c in categories for d in c["distinguished"]],
        widths=[3, 1.3, 2.5, 3.5]))
    return section


def _emails(figures: dict) -> Section:
    data = figures["emails"]
    certificates = figures["certificates"]
    statuses = list(OutboxStatus.values)
    table = Table(
        _("E-mails by kind"),
        [_("Kind"), *[str(OutboxStatus(s).label) for s in statuses], _("Total")],
        [[row["template"] or _("Other e-mails"), *[row[s] for s in statuses], row["total"]]
         for row in data["by_template"]], widths=[3.5, *[1] * len(statuses), 1])
    table.total = [_("Total"), *[data["by_status"].get(s, 0) for s in statuses],
                   sum(data["by_status"].values())]
    certificate_table = Table(
        _("Attendance certificates"),
        [_("Certificates issued"), _("Revoked"), _("Valid"), _("E-mailed")],
        [[certificates["issued"], certificates["revoked"], certificates["valid"],
          certificates["emailed"]]])
    return Section("emails", _("E-mails and certificates"), [table, certificate_table])
