from django.db.models import Avg, Count

from cms.models import Session

from .models import SessionFeedback


def session_results(edition):
    """Every session of the edition with its number of ratings and average, in programme
    order (one query)."""
    return (Session.objects.filter(edition=edition)
            .annotate(ratings=Count("feedback"), average=Avg("feedback__rating"))
            .order_by("start", "pk"))


def comments(session):
    return (SessionFeedback.objects.filter(session=session).exclude(comment="")
            .order_by("-updated_at"))


def distribution(session) -> list[int]:
    counts = dict(SessionFeedback.objects.filter(session=session).values_list("rating")
                  .annotate(n=Count("pk")).values_list("rating", "n"))
    return [counts.get(star, 0) for star in range(1, 6)]
