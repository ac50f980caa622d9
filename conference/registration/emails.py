"""The registration emails: rendered in each recipient's language and queued in the outbox.

Called from services inside their transaction; queue_email sends after commit.
"""

import io
from datetime import timedelta

from django.utils import timezone

from conference.common.links import absolute_url, site_url
from conference.common.services import queue_email

from .links import status_token


def _context(registration, language: str, *, for_contact: bool = True, **extra) -> dict:
    """``for_contact``: the status link (every attendee, invoice details, how to pay) goes to the
    contact only; a member of a delegation is pointed at their own portal instead."""
    from conference.common.i18n import localized

    portal_url = absolute_url("registration:portal", language)
    return {
        "registration": registration,
        "category_name": localized(registration.category, "name", language),
        "edition_name": localized(registration.edition, "name", language),
        "venue": localized(registration.edition, "venue", language),
        "portal_url": portal_url,
        "status_url": absolute_url("registration:status", language,
                                   reference=registration.reference,
                                   token=status_token(registration.reference))
        if for_contact else portal_url,
        **extra,
    }


def send_to_contact(registration, template: str, extra: dict | None = None):
    return queue_email(
        to=registration.contact_email,
        template=template,
        context=_context(registration, registration.language, **(extra or {})),
        language=registration.language,
    )


def send_to_attendees(registration, template: str, extra: dict | None = None) -> int:
    """One email per attendee in their language, and one to the contact if not an attendee."""
    sent = 0
    recipients = set()
    for attendee in registration.attendees.all():
        queue_email(
            to=attendee.email, template=template,
            context=_context(registration, attendee.language, attendee=attendee,
                             for_contact=attendee.email == registration.contact_email.lower(),
                             **(extra or {})),
            language=attendee.language,
        )
        recipients.add(attendee.email)
        sent += 1
    if registration.contact_email not in recipients:
        send_to_contact(registration, template, extra)
        sent += 1
    return sent


def badge_image(badge) -> bytes:
    """The badge as a PNG: the badges engineer's design if present, else the bare QR code."""
    from . import badges

    render = getattr(badges, "badge_png", None)
    if render is not None:
        return render(badge)
    import qrcode

    image = qrcode.make(badge.code, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _ics_text(value: str) -> str:
    return (value or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace(
        "\n", "\\n"
    )


def event_ics(registration, language: str) -> bytes:
    """An iCalendar file with the edition's days (all-day: the agenda has the times)."""
    from conference.common.i18n import localized

    edition = registration.edition
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    end = edition.end_date + timedelta(days=1)
    location = ", ".join(p for p in (localized(edition, "venue", language),
                                     edition.venue_address) if p)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//govconf//registration//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:govconf-{edition.year}-{registration.reference}@govconf",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{edition.start_date:%Y%m%d}",
        f"DTEND;VALUE=DATE:{end:%Y%m%d}",
        f"SUMMARY:{_ics_text(localized(edition, 'name', language))}",
        f"LOCATION:{_ics_text(location)}",
        f"URL:{site_url()}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def send_confirmation(attendee) -> None:
    from .badges import active_badge

    registration = attendee.registration
    badge = active_badge(attendee)
    attachments = [("event.ics", event_ics(registration, attendee.language), "text/calendar")]
    if badge is not None:
        attachments.insert(0, (f"badge-{badge.code}.png", badge_image(badge), "image/png"))
    badge_url = ""
    if badge is not None:
        from .badges import services as badge_services

        signed = getattr(badge_services, "signed_badge_url", None)
        badge_url = signed(badge) if signed else ""
    queue_email(
        to=attendee.email,
        template="registration/confirmed",
        context=_context(registration, attendee.language, attendee=attendee, badge=badge,
                         badge_url=badge_url),
        language=attendee.language,
        attachments=attachments,
    )


def send_confirmations(registration) -> int:
    count = 0
    for attendee in registration.attendees.all():
        send_confirmation(attendee)
        count += 1
    return count


def send_waiting_list_offer(entry, token: str) -> None:
    from conference.common.i18n import localized

    queue_email(
        to=entry.email,
        template="registration/waiting_list_offer",
        context={
            "entry": entry,
            "category_name": localized(entry.category, "name", entry.language),
            "offer_url": absolute_url("registration:offer", entry.language, token=token),
            "expires_at": entry.offer_expires_at,
        },
        language=entry.language,
    )
