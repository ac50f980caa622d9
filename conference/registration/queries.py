"""Reads used in more than one place: seats taken, live counts per category."""

from django.db.models import Count, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .enums import EXPIRING_STATUSES, FIRM_STATUSES, RegistrationStatus, WaitingListStatus
from .models import Attendee, Category, Registration, WaitingListEntry


def live_q(now=None, prefix: str = "") -> Q:
    """Registrations that hold seats now: firm ones, and holds whose time has not run out.

    A hold past its time stops counting at once, even before `expire_holds` marks it expired: this
    is the lazy half of expiry.
    """
    now = now or timezone.now()
    return Q(**{f"{prefix}status__in": FIRM_STATUSES}) | Q(
        **{f"{prefix}status__in": EXPIRING_STATUSES, f"{prefix}hold_expires_at__gt": now}
    )


def live_offers_q(now=None) -> Q:
    now = now or timezone.now()
    return Q(status=WaitingListStatus.OFFERED, offer_expires_at__gt=now)


def seats_taken(*, category=None, edition=None, now=None, exclude_entry_id=None) -> int:
    """Seats held or confirmed in a category (or in an edition), plus open waiting-list offers."""
    now = now or timezone.now()
    regs = Registration.objects.filter(live_q(now))
    offers = WaitingListEntry.objects.filter(live_offers_q(now))
    if category is not None:
        regs = regs.filter(category=category)
        offers = offers.filter(category=category)
    if edition is not None:
        regs = regs.filter(edition=edition)
        offers = offers.filter(category__edition=edition)
    if exclude_entry_id:
        offers = offers.exclude(pk=exclude_entry_id)
    held = regs.aggregate(n=Coalesce(Sum("quantity"), Value(0)))["n"]
    return held + offers.count()


def seats_taken_in_category_and_venue(*, category, now=None,
                                      exclude_entry_id=None) -> tuple[int, int]:
    """``seats_taken`` of the category and of its edition, in two queries instead of four.

    Read under the capacity lock on every registration: each query there lengthens the queue of a
    registration surge.
    """
    now = now or timezone.now()
    held = Registration.objects.filter(live_q(now), edition_id=category.edition_id).aggregate(
        category=Coalesce(Sum("quantity", filter=Q(category_id=category.pk)), Value(0)),
        venue=Coalesce(Sum("quantity"), Value(0)),
    )
    offers = WaitingListEntry.objects.filter(live_offers_q(now),
                                             category__edition_id=category.edition_id)
    if exclude_entry_id:
        offers = offers.exclude(pk=exclude_entry_id)
    offered = offers.aggregate(category=Count("id", filter=Q(category_id=category.pk)),
                               venue=Count("id"))
    return held["category"] + offered["category"], held["venue"] + offered["venue"]


def category_counts(edition, now=None) -> list[dict]:
    """Per category: confirmed, pending approval, held (awaiting payment), offered, quota, free.

    Two queries whatever the number of categories.
    """
    now = now or timezone.now()
    zero = Value(0, output_field=IntegerField())
    categories = list(
        Category.objects.filter(edition=edition)
        .annotate(
            confirmed=Coalesce(Sum("registrations__quantity", filter=Q(
                registrations__status=RegistrationStatus.CONFIRMED)), zero),
            pending=Coalesce(Sum("registrations__quantity", filter=Q(
                registrations__status=RegistrationStatus.PENDING_APPROVAL)), zero),
            held=Coalesce(Sum("registrations__quantity", filter=Q(
                registrations__status__in=EXPIRING_STATUSES,
                registrations__hold_expires_at__gt=now)), zero),
        )
        .order_by("sort_order", "id")
    )
    offers = dict(
        WaitingListEntry.objects.filter(live_offers_q(now), category__edition=edition)
        .values_list("category").annotate(n=Count("id")).values_list("category", "n")
    )
    waiting = dict(
        WaitingListEntry.objects.filter(status=WaitingListStatus.WAITING,
                                        category__edition=edition)
        .values_list("category").annotate(n=Count("id")).values_list("category", "n")
    )
    rows = []
    for cat in categories:
        taken = cat.confirmed + cat.pending + cat.held + offers.get(cat.pk, 0)
        rows.append({
            "category": cat,
            "confirmed": cat.confirmed,
            "pending": cat.pending,
            "held": cat.held,
            "offered": offers.get(cat.pk, 0),
            "waiting": waiting.get(cat.pk, 0),
            "quota": cat.quota,
            "taken": taken,
            "free": max(cat.quota - taken, 0),
        })
    return rows


def registrations_of(user):
    """The registrations a person may manage: those they made, and those naming their email."""
    return (
        Registration.objects.filter(
            Q(contact=user) | Q(attendees__user=user) | Q(attendees__email=user.email.lower())
        )
        .distinct()
        .select_related("category", "edition")
        .prefetch_related("attendees__badges")
        .order_by("-created_at")
    )


def attendees_of(user):
    return Attendee.objects.filter(Q(user=user) | Q(email=user.email.lower()))
