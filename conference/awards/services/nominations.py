"""A nomination from draft to submission: start it, fill it in, submit it.

The draft belongs to its nominator and is locked once submitted. Evidence files are in
``evidence``; the nominee's consent in ``consent``; screening and decisions in ``statuses``.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from conference.common.services import record_audit
from conference.common.text import nfc

from ..enums import ConsentState, NominationKind, NominationStatus
from ..models import AwardCategory, AwardCycle, KeyFigure, Nomination
from .base import AwardsError, email_nominator, local_date, lock_nomination, now
from .consent import CONSENT_TEXT_VERSION, queue_consent_request

S = NominationStatus
MAX_KEY_FIGURES = 8
_EDITABLE = ("nominee_name", "nominee_position", "nominee_organisation", "nominee_sector",
             "nominee_email", "nominee_phone", "summary", "achievements", "kind", "category")


def check_nominations_open(cycle: AwardCycle) -> None:
    moment = now()
    if moment < cycle.nominations_open:
        raise AwardsError(
            _("Nominations open on %(date)s.") % {"date": local_date(cycle.nominations_open)},
            code="nominations_not_open",
        )
    if moment >= cycle.nominations_close:
        raise AwardsError(
            _("Nominations closed on %(date)s.") % {"date": local_date(cycle.nominations_close)},
            code="nominations_closed",
        )


def check_category(cycle: AwardCycle, category: AwardCategory, sector: str = "") -> None:
    if category.cycle_id != cycle.pk or not category.accepts_nominations:
        raise AwardsError(_("This category does not accept nominations."),
                          code="category_closed")
    if category.sector and sector and sector != category.sector:
        raise AwardsError(
            _("This category is only for leaders in: %(sector)s.")
            % {"sector": category.get_sector_display()},
            code="category_ineligible",
        )


def check_draft_of(nomination: Nomination, user) -> None:
    """Only the nominator changes a nomination, and only while it is a draft."""
    if nomination.nominator_id != getattr(user, "pk", None):
        raise AwardsError(_("Only the nominator can change this nomination."),
                          code="forbidden", status=403)
    if nomination.status != S.DRAFT:
        raise AwardsError(_("A submitted nomination is locked and can no longer be changed."),
                          code="locked", status=409)


def create_nomination(*, cycle: AwardCycle, category: AwardCategory, nominator,
                      kind: str = NominationKind.OTHER, language: str = "vi") -> Nomination:
    """Start a draft nomination. A self-nomination is prefilled from the account."""
    with transaction.atomic():
        check_nominations_open(cycle)
        check_category(cycle, category)
        nomination = Nomination(
            cycle=cycle, category=category, nominator=nominator, kind=kind,
            language=(language or "vi")[:2], nominee_sector=category.sector,
        )
        if kind == NominationKind.SELF:
            nomination.nominee_name = nominator.get_full_name()
            nomination.nominee_email = nominator.email
            nomination.nominee_phone = nominator.phone
        nomination.save()
        record_audit(action="awards.nomination.created", obj=nomination, actor=nominator,
                     data={"category": category.pk, "kind": kind})
    return nomination


def update_nomination(*, nomination: Nomination, by, data: dict,
                      key_figures: list[tuple[str, str]] | None = None) -> Nomination:
    """Save a draft's details (all optional until submission). Refused once submitted."""
    with transaction.atomic():
        nomination = lock_nomination(nomination)
        check_draft_of(nomination, by)
        check_nominations_open(nomination.cycle)
        for name in _EDITABLE:
            if name in data:
                value = data[name]
                setattr(nomination, name, value.strip() if isinstance(value, str) else value)
        check_category(nomination.cycle, nomination.category, nomination.nominee_sector)
        nomination.save()
        if key_figures is not None:
            figures = [(nfc(label)[:200], nfc(value)[:100]) for label, value in key_figures
                       if nfc(label) and nfc(value)][:MAX_KEY_FIGURES]
            nomination.key_figures.all().delete()
            KeyFigure.objects.bulk_create(
                KeyFigure(nomination=nomination, label=label, value=value, sort_order=i)
                for i, (label, value) in enumerate(figures)
            )
        record_audit(action="awards.nomination.saved", obj=nomination, actor=by)
    return nomination


def missing_for_submission(nomination: Nomination) -> list[str]:
    """What a draft still lacks, as translated sentences (empty when it can be submitted)."""
    labels = [
        ("nominee_name", _("the nominee's full name")),
        ("nominee_position", _("the nominee's position")),
        ("nominee_organisation", _("the nominee's organisation")),
        ("nominee_sector", _("the nominee's sector")),
        ("summary", _("a summary")),
        ("achievements", _("the achievements")),
    ]
    missing = [label for name, label in labels if not getattr(nomination, name)]
    if nomination.kind == NominationKind.OTHER and not nomination.nominee_email:
        missing.append(_("the nominee's email, so that they can consent"))
    if not nomination.evidence.exists():
        missing.append(_("at least one evidence file"))
    return missing


def submit_nomination(*, nomination: Nomination, by, eligibility_confirmed: bool,
                      self_consent: bool = False) -> Nomination:
    """Submit a complete draft; from then on it is locked.

    A self-nominee consents here; someone nominated by another person is emailed a signed link
    to confirm and consent to publication.
    """
    with transaction.atomic():
        nomination = lock_nomination(nomination)
        check_draft_of(nomination, by)
        check_nominations_open(nomination.cycle)
        check_category(nomination.cycle, nomination.category, nomination.nominee_sector)
        missing = missing_for_submission(nomination)
        if missing:
            raise AwardsError(
                _("The nomination is not complete. Still missing: %(missing)s.")
                % {"missing": ", ".join(missing)},
                code="incomplete",
            )
        if not eligibility_confirmed:
            raise AwardsError(_("Please confirm that the nominee meets the eligibility rules."),
                              code="eligibility_not_confirmed")
        moment = now()
        if nomination.kind == NominationKind.SELF:
            if not self_consent:
                raise AwardsError(
                    _("Please agree that your name and achievements may be published."),
                    code="consent_missing",
                )
            nomination.consent_state = ConsentState.GIVEN
            nomination.consent_at = moment
            nomination.consent_text_version = CONSENT_TEXT_VERSION
        else:
            nomination.consent_state = ConsentState.PENDING
        nomination.eligibility_confirmed = True
        nomination.status = S.SUBMITTED
        nomination.submitted_at = moment
        nomination.status_changed_at = moment
        nomination.save()
        record_audit(action="awards.nomination.submitted", obj=nomination, actor=by,
                     data={"from": S.DRAFT, "to": S.SUBMITTED})
        email_nominator(nomination, "awards/nomination_submitted")
        if nomination.kind == NominationKind.OTHER:
            queue_consent_request(nomination)
    return nomination
