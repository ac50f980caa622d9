"""The secretariat moves nominations along the status machine: screening, shortlist, winners."""

from django.db import transaction
from django.utils.translation import gettext as _

from conference.common.services import record_audit
from conference.common.text import nfc

from ..enums import ConsentState, NominationStatus
from ..models import Nomination
from .base import AwardsError, lock_nomination, now

S = NominationStatus

# Which status may follow which. The secretariat may step back one stage (a mistaken shortlist);
# an ineligible nomination can be reinstated after an appeal.
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED},
    S.SUBMITTED: {S.ELIGIBLE, S.INELIGIBLE},
    S.ELIGIBLE: {S.SHORTLISTED, S.NOT_SELECTED, S.INELIGIBLE},
    S.INELIGIBLE: {S.ELIGIBLE},
    S.SHORTLISTED: {S.FINALIST, S.NOT_SELECTED, S.ELIGIBLE},
    S.FINALIST: {S.WINNER, S.NOT_SELECTED, S.SHORTLISTED},
    S.WINNER: {S.FINALIST},
    S.NOT_SELECTED: {S.ELIGIBLE},
}


def _check_transition(nomination: Nomination, to: str, reason: str) -> None:
    current = nomination.status
    if to not in TRANSITIONS.get(current, set()):
        raise AwardsError(
            _("A nomination that is %(current)s cannot become %(to)s.")
            % {"current": S(current).label, "to": S(to).label if to in S.values else to},
            code="bad_transition", status=409,
        )
    if to == S.INELIGIBLE and not nfc(reason):
        raise AwardsError(_("Give the reason why the nomination is ineligible."),
                          code="reason_required")
    if to in (S.FINALIST, S.WINNER) and nomination.consent_state != ConsentState.GIVEN:
        raise AwardsError(
            _("The nominee has not consented to publication yet."), code="no_consent",
            status=409,
        )
    if to == S.WINNER:
        winners = Nomination.objects.filter(category=nomination.category,
                                            status=S.WINNER).count()
        if winners >= nomination.category.max_winners:
            raise AwardsError(
                _("This category already has %(count)s winners, its maximum.")
                % {"count": nomination.category.max_winners},
                code="too_many_winners", status=409,
            )


def change_status(*, nomination: Nomination, to: str, by, reason: str = "",
                  note: str = "") -> Nomination:
    """Move a nomination along the status machine (secretariat). Audited; nobody is e-mailed:
    the nominator and the nominee learn the outcome when the secretariat releases the results
    (``release_results``). A change after that release waits for the next one."""
    with transaction.atomic():
        nomination = lock_nomination(nomination)
        current = nomination.status
        _check_transition(nomination, to, reason)
        nomination.status = to
        nomination.ineligible_reason = nfc(reason) if to == S.INELIGIBLE else ""
        if note:
            nomination.decision_note = note
        nomination.status_changed_at = now()
        nomination.outcome_sent_at = None
        nomination.save()
        record_audit(action="awards.nomination.status", obj=nomination, actor=by,
                     data={"from": current, "to": to, "reason": nomination.ineligible_reason})
    return nomination


def allowed_targets(statuses, targets) -> list[str]:
    """The ``targets`` every one of ``statuses`` may become (what a bulk change may offer)."""
    allowed = set(targets)
    for status in statuses:
        allowed &= TRANSITIONS.get(status, set())
    return [t for t in targets if t in allowed]


def change_statuses(*, nominations, to: str, by) -> list[Nomination]:
    """Change several nominations at once (shortlisting from the results): all or nothing."""
    changed = []
    with transaction.atomic():
        for nomination in nominations:
            try:
                changed.append(change_status(nomination=nomination, to=to, by=by))
            except AwardsError as exc:
                raise AwardsError(f"{nomination.nominee_name}: {exc.message}", code=exc.code,
                                  status=exc.status) from exc
    return changed
