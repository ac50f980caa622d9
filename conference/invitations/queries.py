"""Reads used in more than one place: counts of invitations per category and organisation."""

from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce

from .enums import InvitationStatus
from .models import Invitation

STATUSES = [s.value for s in InvitationStatus]


def _counts(queryset, key: str) -> list[dict]:
    annotations = {s: Count("id", filter=Q(status=s)) for s in STATUSES}
    rows = (
        queryset.values(key)
        .annotate(total=Count("id"), seats=Coalesce(Sum("seats"), Value(0)),
                  registered=Coalesce(Sum("reservation__used"), Value(0)), **annotations)
        .order_by(key)
    )
    return list(rows)


def counts_per_category(edition) -> list[dict]:
    """Per category of the edition: invitations in each state, seats invited and registered.
    One query."""
    return _counts(
        Invitation.objects.filter(edition=edition).annotate(
            category_name=F("category__name")), "category_name")


def counts_per_organisation(edition) -> list[dict]:
    """The same per organisation (as typed on the invitations; one query)."""
    return _counts(Invitation.objects.filter(edition=edition), "organisation")
