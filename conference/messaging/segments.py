"""Who a message reaches: the segment's criteria and the recipients they select.

A segment is a small dict kept on the message (``Broadcast.segment``)::

    {"audience": "attendees",          # or the key of a registered audience (below)
     "categories": [3, 4],             # none = every category
     "statuses": ["confirmed"],        # registration states; none = confirmed only
     "organisation": "bộ tài chính",   # part of the organisation's name, accents optional
     "point": 7, "checked_in": "yes",  # admitted at that check-in point ("no": not admitted)
     "session": 12}                    # starred that session in their agenda

Recipients are computed when the message is sent (not when it is written), one per address.

Other audiences - people who are not (yet) registered attendees, such as invitees who have not
answered - come from the apps that own them: ``register_audience(key, label, recipients)``
where ``recipients(edition, segment)`` returns ``Recipient`` tuples. The compose form offers
every registered audience.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from checkin.enums import ScanResult
from checkin.models import Scan
from cms.models import StarredSession
from conference.common.text import fold, search_terms
from conference.invitations.enums import ANSWERABLE_STATUSES
from conference.invitations.models import Invitation
from conference.registration.enums import RegistrationStatus
from conference.registration.models import Attendee

ATTENDEES = "attendees"


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str
    attendee_id: int | None = None


@dataclass(frozen=True)
class Audience:
    key: str
    label: str
    recipients: Callable[..., Iterable[Recipient]]


_AUDIENCES: dict[str, Audience] = {}


def register_audience(key: str, label, recipients: Callable[..., Iterable[Recipient]]) -> None:
    """Offer another audience in the compose form (an app's ``ready()`` calls this)."""
    _AUDIENCES[key] = Audience(key, label, recipients)


def audience_choices() -> list[tuple[str, str]]:
    return [(ATTENDEES, _("Registered attendees")),
            *((a.key, a.label) for a in _AUDIENCES.values())]


def attendee_queryset(edition, segment: dict):
    """Attendees of the edition matching the segment's database criteria."""
    statuses = segment.get("statuses") or [RegistrationStatus.CONFIRMED]
    queryset = Attendee.objects.filter(registration__edition=edition,
                                       registration__status__in=statuses).exclude(email="")
    if segment.get("categories"):
        queryset = queryset.filter(registration__category_id__in=segment["categories"])
    for term in search_terms(segment.get("organisation")):
        queryset = queryset.filter(search_text__contains=term)
    if segment.get("point") and segment.get("checked_in") in ("yes", "no"):
        admitted = Scan.objects.filter(
            attendee=OuterRef("pk"), point_id=segment["point"], result=ScanResult.ADMITTED,
            undone_at__isnull=True)
        queryset = queryset.filter(Exists(admitted) if segment["checked_in"] == "yes"
                                   else ~Exists(admitted))
    if segment.get("session"):
        stars = StarredSession.objects.filter(session_id=segment["session"])
        queryset = queryset.filter(
            Q(user_id__in=stars.values("user_id"))
            | Q(email__in=stars.values("user__email"))
        )
    return queryset.order_by("registration__created_at", "id")


def invited_unanswered(edition, segment: dict):
    """People invited to the edition (the invitation was sent) who have not answered yet; the
    category and organisation criteria apply to their invitation."""
    queryset = Invitation.objects.filter(edition=edition, status__in=ANSWERABLE_STATUSES) \
        .exclude(email="").order_by("created_at", "id")
    if segment.get("categories"):
        queryset = queryset.filter(category_id__in=segment["categories"])
    wanted = fold(segment.get("organisation"))
    for term in search_terms(segment.get("organisation")):
        queryset = queryset.filter(search_text__contains=term)
    for invitation in queryset:
        if not wanted or wanted in fold(invitation.organisation):
            yield Recipient(invitation.email, invitation.addressee, invitation.language or "vi")


register_audience("invited_unanswered", _("Invited, not answered yet"), invited_unanswered)


def segment_recipients(edition, segment: dict) -> list[Recipient]:
    """Everyone the segment selects, once per address (the first attendee with an address wins),
    each with the language they chose."""
    audience = segment.get("audience") or ATTENDEES
    if audience != ATTENDEES:
        if audience not in _AUDIENCES:
            return []
        found = _AUDIENCES[audience].recipients(edition, segment)
    else:
        wanted = fold(segment.get("organisation"))
        found = (
            Recipient(a.email, a.full_name, a.language or "vi", a.pk)
            for a in attendee_queryset(edition, segment).only(
                "id", "email", "full_name", "language", "organisation")
            # search_text also holds names and emails: the organisation itself must match.
            if not wanted or wanted in fold(a.organisation)
        )
    seen: set[str] = set()
    result = []
    for recipient in found:
        key = recipient.email.strip().lower()
        if key and key not in seen:
            seen.add(key)
            result.append(recipient)
    return result
