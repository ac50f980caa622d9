"""The public vote: one vote per verified account and category."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from conference.common.ratelimit import hit
from conference.common.services import record_audit

from ..enums import VOTABLE, ConsentState
from ..models import Nomination, Vote
from .base import AwardsError

VOTE_RATE = (10, 60 * 60)  # attempts per hour, per account and per address


def cast_vote(*, voter, nomination: Nomination, ip_address: str | None = None) -> Vote:
    """One public vote per verified account and category (a unique constraint backs this)."""
    from allauth.account.models import EmailAddress

    if not getattr(voter, "is_authenticated", False):
        raise AwardsError(_("Sign in to vote."), code="login_required", status=401)
    limit, window = VOTE_RATE
    if hit(f"awards:vote:user:{voter.pk}", limit=limit, window=window) or (
        ip_address and hit(f"awards:vote:ip:{ip_address}", limit=limit * 5, window=window)
    ):
        raise AwardsError(_("Too many attempts. Please try again later."), code="rate_limited",
                          status=429)
    if not EmailAddress.objects.filter(user=voter, email__iexact=voter.email,
                                       verified=True).exists():
        raise AwardsError(_("Verify your email address before voting."),
                          code="email_not_verified", status=403)
    nomination = Nomination.objects.select_related("category", "cycle").get(pk=nomination.pk)
    category = nomination.category
    if not category.public_vote_enabled:
        raise AwardsError(_("There is no public vote in this category."), code="no_vote",
                          status=409)
    if not nomination.cycle.voting_is_open():
        raise AwardsError(_("The public vote is not open."), code="vote_closed", status=409)
    if nomination.status not in VOTABLE or nomination.consent_state != ConsentState.GIVEN:
        raise AwardsError(_("This nominee is not open to the public vote."),
                          code="not_votable", status=409)
    try:
        with transaction.atomic():
            vote = Vote.objects.create(category=category, nomination=nomination, voter=voter,
                                       ip_address=ip_address)
            record_audit(action="awards.vote.cast", obj=vote, actor=voter, ip_address=ip_address,
                         data={"category": category.pk, "nomination": nomination.pk})
    except IntegrityError as exc:
        raise AwardsError(_("You have already voted in this category."),
                          code="already_voted", status=409) from exc
    return vote
