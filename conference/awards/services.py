"""Every write of the awards: nominations, screening, judging, votes, publication, certificates.

Each function owns its transaction, writes an audit entry in it and queues its emails (sent after
commit) in the recipient's language. Broken rules raise AwardsError with a translated message.
"""

import secrets
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from conference.common.exceptions import DomainError
from conference.common.services import queue_email, record_audit
from conference.common.text import nfc

from .assignment import InfeasibleAssignment, balanced_assignment
from .enums import ConsentState, NominationKind, NominationStatus
from .files import check_evidence
from .models import (
    AwardCategory,
    AwardCycle,
    CategoryJudge,
    Certificate,
    EvidenceFile,
    JudgeAssignment,
    JudgeDeclaration,
    KeyFigure,
    Nomination,
    Score,
    Vote,
)

S = NominationStatus
CONSENT_TEXT_VERSION = "2024-1"
CONSENT_SALT = "awards.nominee-consent"
CONSENT_MAX_AGE = 60 * 60 * 24 * 60  # sixty days
MAX_KEY_FIGURES = 8

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
# Statuses past screening: these are judged, ranked and may be published.
JUDGED = (S.ELIGIBLE, S.SHORTLISTED, S.FINALIST, S.WINNER, S.NOT_SELECTED)
VOTABLE = (S.SHORTLISTED, S.FINALIST)


class AwardsError(DomainError):
    code = "awards"


def _now():
    return timezone.now()


def _check_nominations_open(cycle: AwardCycle) -> None:
    now = _now()
    if now < cycle.nominations_open:
        raise AwardsError(
            _("Nominations open on %(date)s.") % {"date": _local_date(cycle.nominations_open)},
            code="nominations_not_open",
        )
    if now >= cycle.nominations_close:
        raise AwardsError(
            _("Nominations closed on %(date)s.") % {"date": _local_date(cycle.nominations_close)},
            code="nominations_closed",
        )


def _local_date(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


def _check_category(cycle: AwardCycle, category: AwardCategory, sector: str = "") -> None:
    if category.cycle_id != cycle.pk or not category.accepts_nominations:
        raise AwardsError(_("This category does not accept nominations."),
                          code="category_closed")
    if category.sector and sector and sector != category.sector:
        raise AwardsError(
            _("This category is only for leaders in: %(sector)s.")
            % {"sector": category.get_sector_display()},
            code="category_ineligible",
        )


def _require_nominator(nomination: Nomination, user) -> None:
    if nomination.nominator_id != getattr(user, "pk", None):
        raise AwardsError(_("Only the nominator can change this nomination."),
                          code="forbidden", status=403)


def _require_draft(nomination: Nomination) -> None:
    if nomination.status != S.DRAFT:
        raise AwardsError(_("A submitted nomination is locked and can no longer be changed."),
                          code="locked", status=409)


def _lock(nomination: Nomination) -> Nomination:
    return Nomination.objects.select_for_update().select_related(
        "cycle__edition", "category", "nominator"
    ).get(pk=nomination.pk)


# --- Nominations -------------------------------------------------------------------------------

def create_nomination(*, cycle: AwardCycle, category: AwardCategory, nominator,
                      kind: str = NominationKind.OTHER, language: str = "vi") -> Nomination:
    """Start a draft nomination. A self-nomination is prefilled from the account."""
    with transaction.atomic():
        _check_nominations_open(cycle)
        _check_category(cycle, category)
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


_EDITABLE = ("nominee_name", "nominee_position", "nominee_organisation", "nominee_sector",
             "nominee_email", "nominee_phone", "summary", "achievements", "kind", "category")


def update_nomination(*, nomination: Nomination, by, data: dict,
                      key_figures: list[tuple[str, str]] | None = None) -> Nomination:
    """Save a draft's details (all optional until submission). Refused once submitted."""
    with transaction.atomic():
        nomination = _lock(nomination)
        _require_nominator(nomination, by)
        _require_draft(nomination)
        _check_nominations_open(nomination.cycle)
        for name in _EDITABLE:
            if name in data:
                value = data[name]
                setattr(nomination, name, value.strip() if isinstance(value, str) else value)
        _check_category(nomination.cycle, nomination.category, nomination.nominee_sector)
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


def add_evidence(*, nomination: Nomination, by, upload) -> EvidenceFile:
    """Check ``upload`` by its content and attach it to a draft, in the private storage.

    The stored file is removed again if the database write fails, so nothing is half-saved.
    """
    checked = check_evidence(upload)
    original = nfc(getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:255]
    with transaction.atomic():
        nomination = _lock(nomination)
        _require_nominator(nomination, by)
        _require_draft(nomination)
        _check_nominations_open(nomination.cycle)
        if nomination.evidence.count() >= nomination.cycle.max_evidence_files:
            raise AwardsError(
                _("A nomination can have at most %(count)s evidence files.")
                % {"count": nomination.cycle.max_evidence_files},
                code="too_many_files",
            )
        evidence = EvidenceFile(nomination=nomination, original_name=original,
                                content_type=checked.content_type, size=len(checked.content),
                                sha256=checked.sha256, uploaded_by=by)
        evidence.file.save("evidence", ContentFile(checked.content), save=False)
        stored = evidence.file.name
        try:
            evidence.save()
            record_audit(action="awards.evidence.added", obj=nomination, actor=by,
                         data={"file": original, "sha256": checked.sha256})
        except Exception:
            evidence.file.storage.delete(stored)
            raise
    return evidence


def remove_evidence(*, evidence: EvidenceFile, by) -> None:
    with transaction.atomic():
        nomination = _lock(evidence.nomination)
        _require_nominator(nomination, by)
        _require_draft(nomination)
        name, storage = evidence.file.name, evidence.file.storage
        record_audit(action="awards.evidence.removed", obj=nomination, actor=by,
                     data={"file": evidence.original_name})
        evidence.delete()
        transaction.on_commit(lambda: storage.delete(name))


def missing_for_submission(nomination: Nomination) -> list[str]:
    """What a draft still lacks, as translated sentences (empty when it can be submitted)."""
    missing = []
    labels = [
        ("nominee_name", _("the nominee's full name")),
        ("nominee_position", _("the nominee's position")),
        ("nominee_organisation", _("the nominee's organisation")),
        ("nominee_sector", _("the nominee's sector")),
        ("summary", _("a summary")),
        ("achievements", _("the achievements")),
    ]
    for name, label in labels:
        if not getattr(nomination, name):
            missing.append(label)
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
        nomination = _lock(nomination)
        _require_nominator(nomination, by)
        _require_draft(nomination)
        _check_nominations_open(nomination.cycle)
        _check_category(nomination.cycle, nomination.category, nomination.nominee_sector)
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
        now = _now()
        if nomination.kind == NominationKind.SELF:
            if not self_consent:
                raise AwardsError(
                    _("Please agree that your name and achievements may be published."),
                    code="consent_missing",
                )
            nomination.consent_state = ConsentState.GIVEN
            nomination.consent_at = now
            nomination.consent_text_version = CONSENT_TEXT_VERSION
        else:
            nomination.consent_state = ConsentState.PENDING
        nomination.eligibility_confirmed = True
        nomination.status = S.SUBMITTED
        nomination.submitted_at = now
        nomination.status_changed_at = now
        nomination.save()
        record_audit(action="awards.nomination.submitted", obj=nomination, actor=by,
                     data={"from": S.DRAFT, "to": S.SUBMITTED})
        _email_nominator(nomination, "awards/nomination_submitted")
        if nomination.kind == NominationKind.OTHER:
            _queue_consent_request(nomination)
    return nomination


def _queue_consent_request(nomination: Nomination) -> None:
    queue_email(
        to=nomination.nominee_email,
        template="awards/nominee_consent_request",
        context={"nomination": nomination, "cycle": nomination.cycle,
                 "nominator": nomination.nominator, "consent_url": consent_url(nomination)},
        language=nomination.language,
    )


def resend_consent_request(*, nomination: Nomination, by) -> Nomination:
    """Email the nominee their consent link again (secretariat), while the answer is pending."""
    with transaction.atomic():
        nomination = _lock(nomination)
        if nomination.status == S.DRAFT or nomination.kind != NominationKind.OTHER or (
            nomination.consent_state != ConsentState.PENDING or not nomination.nominee_email
        ):
            raise AwardsError(_("There is no pending consent request for this nomination."),
                              code="no_pending_consent", status=409)
        record_audit(action="awards.nomination.consent_requested", obj=nomination, actor=by,
                     data={"to": nomination.nominee_email})
        _queue_consent_request(nomination)
    return nomination


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


def consent_token(nomination: Nomination) -> str:
    return signing.dumps({"n": nomination.pk, "e": nomination.nominee_email}, salt=CONSENT_SALT)


def consent_url(nomination: Nomination) -> str:
    from django.conf import settings

    with translation.override(nomination.language):
        path = reverse("awards:consent", args=[consent_token(nomination)])
    return f"{settings.SITE_URL}{path}"


def nomination_for_consent(token: str) -> Nomination:
    """The nomination a consent link points at; AwardsError if forged, expired or outdated."""
    try:
        payload = signing.loads(token, salt=CONSENT_SALT, max_age=CONSENT_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise AwardsError(_("This link has expired. Please ask the secretariat for a new one."),
                          code="link_expired", status=410) from exc
    except signing.BadSignature as exc:
        raise AwardsError(_("This link is not valid."), code="link_invalid", status=404) from exc
    nomination = Nomination.objects.filter(pk=payload.get("n")).select_related("cycle").first()
    if nomination is None or nomination.nominee_email != payload.get("e"):
        raise AwardsError(_("This link is not valid."), code="link_invalid", status=404)
    return nomination


def record_nominee_consent(*, token: str, given: bool, ip_address: str | None = None
                           ) -> Nomination:
    """The nominee's answer through their signed link: consent to publication, or decline."""
    found = nomination_for_consent(token)
    with transaction.atomic():
        nomination = _lock(found)
        nomination.consent_state = ConsentState.GIVEN if given else ConsentState.DECLINED
        nomination.consent_at = _now()
        nomination.consent_text_version = CONSENT_TEXT_VERSION
        nomination.save(update_fields=["consent_state", "consent_at", "consent_text_version",
                                       "updated_at"])
        record_audit(action="awards.nomination.consent", obj=nomination, ip_address=ip_address,
                     data={"given": given, "version": CONSENT_TEXT_VERSION})
        _email_nominator(nomination, "awards/nominee_answered")
    return nomination


def change_status(*, nomination: Nomination, to: str, by, reason: str = "",
                  note: str = "") -> Nomination:
    """Move a nomination along the status machine (secretariat). Audited and emailed."""
    with transaction.atomic():
        nomination = _lock(nomination)
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
        nomination.status = to
        nomination.ineligible_reason = nfc(reason) if to == S.INELIGIBLE else ""
        if note:
            nomination.decision_note = note
        nomination.status_changed_at = _now()
        nomination.save()
        record_audit(action="awards.nomination.status", obj=nomination, actor=by,
                     data={"from": current, "to": to, "reason": nomination.ineligible_reason})
        _email_nominator(nomination, "awards/status_changed",
                         {"previous": current})
    return nomination


def _email_nominator(nomination: Nomination, template: str, extra: dict | None = None) -> None:
    from django.conf import settings

    nominator = nomination.nominator
    language = getattr(nominator, "language", "") or nomination.language
    with translation.override(language):
        path = reverse("awards:nomination", args=[nomination.pk])
    queue_email(
        to=nominator.email,
        template=template,
        context={"nomination": nomination, "cycle": nomination.cycle,
                 "category": nomination.category, "nominator": nominator,
                 "url": f"{settings.SITE_URL}{path}", **(extra or {})},
        language=language,
    )


# --- Judging -----------------------------------------------------------------------------------

def judge_categories(cycle: AwardCycle, judge) -> list[AwardCategory]:
    return list(AwardCategory.objects.filter(cycle=cycle, judges__user=judge).distinct())


def declare_conflicts(*, cycle: AwardCycle, judge, organisation: str, conflicts=(),
                      statement: str = "") -> JudgeDeclaration:
    """Record (or update) a judge's organisation and conflicts; drop conflicting assignments.

    Assignments already submitted are kept: the scores are in, and the secretariat decides.
    """
    if not CategoryJudge.objects.filter(category__cycle=cycle, user=judge).exists():
        raise AwardsError(_("You are not a judge of this award."), code="not_judge", status=403)
    organisation = nfc(organisation)
    if not organisation:
        raise AwardsError(_("Give your organisation."), code="organisation_required")
    conflicts = list(conflicts)
    if any(n.cycle_id != cycle.pk for n in conflicts):
        raise AwardsError(_("This nomination is not in this award."), code="wrong_cycle")
    with transaction.atomic():
        declaration, created = JudgeDeclaration.objects.select_for_update().get_or_create(
            cycle=cycle, judge=judge,
            defaults={"organisation": organisation, "statement": nfc(statement)},
        )
        declaration.organisation = organisation
        declaration.statement = statement.strip()
        declaration.declared_at = _now()
        declaration.save()
        declaration.conflicts.set(conflicts)
        dropped = []
        for assignment in JudgeAssignment.objects.filter(
            judge=judge, nomination__cycle=cycle, submitted_at__isnull=True
        ).select_related("nomination"):
            if _conflicted(declaration, assignment.nomination,
                           {n.pk for n in conflicts}):
                dropped.append(assignment.nomination_id)
                assignment.delete()
        record_audit(action="awards.judge.declared", obj=declaration, actor=judge,
                     data={"organisation": organisation,
                           "conflicts": sorted(n.pk for n in conflicts),
                           "dropped_assignments": dropped})
    return declaration


def _conflicted(declaration: JudgeDeclaration, nomination: Nomination, declared: set[int]
                ) -> bool:
    if nomination.pk in declared:
        return True
    return bool(declaration.organisation_folded) and (
        declaration.organisation_folded == nomination.organisation_folded
    )


def conflict_pairs(cycle: AwardCycle, nominations, judges) -> set[tuple[int, int]]:
    """(nomination id, judge id) pairs a judge may not review: declared, or same organisation."""
    declarations = {
        d.judge_id: d
        for d in JudgeDeclaration.objects.filter(cycle=cycle, judge__in=judges)
        .prefetch_related("conflicts")
    }
    pairs = set()
    for judge in judges:
        declaration = declarations.get(judge.pk)
        if declaration is None:
            continue
        declared = {n.pk for n in declaration.conflicts.all()}
        for nomination in nominations:
            if _conflicted(declaration, nomination, declared):
                pairs.add((nomination.pk, judge.pk))
    return pairs


def assign_judges(*, category: AwardCategory, by) -> dict[int, list[int]]:
    """Give every judged nomination of the category the cycle's number of judges, balanced.

    Only judges who have declared their conflicts take part. Assignments a judge has started
    scoring are kept; the others are recomputed. Returns {nomination id: [judge ids]}.
    """
    with transaction.atomic():
        category = AwardCategory.objects.select_for_update().select_related("cycle").get(
            pk=category.pk
        )
        cycle = category.cycle
        nominations = list(
            Nomination.objects.filter(category=category, status__in=JUDGED).order_by("pk")
        )
        panel = [cj.user for cj in category.judges.select_related("user").order_by("user_id")]
        declared_ids = set(
            JudgeDeclaration.objects.filter(cycle=cycle, judge__in=panel)
            .values_list("judge_id", flat=True)
        )
        judges = [u for u in panel if u.pk in declared_ids]
        undeclared = [str(u) for u in panel if u.pk not in declared_ids]
        existing = JudgeAssignment.objects.filter(nomination__in=nominations)
        kept = set(
            existing.filter(scores__isnull=False).values_list("nomination_id", "judge_id")
        ) | set(existing.filter(submitted_at__isnull=False)
                .values_list("nomination_id", "judge_id"))
        conflicts = conflict_pairs(cycle, nominations, judges)
        by_id = {n.pk: n for n in nominations}
        try:
            plan = balanced_assignment(
                [n.pk for n in nominations], [j.pk for j in judges],
                cycle.judges_per_nomination, conflicts, kept,
            )
        except InfeasibleAssignment as exc:
            message = _(
                "%(nominee)s can get only %(available)s of the %(needed)s judges it needs "
                "(conflicts of interest, or judges who have not declared yet)."
            ) % {"nominee": by_id[exc.nomination], "available": exc.available,
                 "needed": exc.needed}
            if undeclared:
                message += " " + _("Not declared yet: %(names)s.") % {
                    "names": ", ".join(undeclared)}
            raise AwardsError(message, code="assignment_infeasible", status=409) from exc
        existing.exclude(
            pk__in=[a.pk for a in existing if (a.nomination_id, a.judge_id) in kept]
        ).delete()
        JudgeAssignment.objects.bulk_create(
            JudgeAssignment(nomination_id=nom, judge_id=judge)
            for nom, chosen in plan.items() for judge in chosen
            if (nom, judge) not in kept
        )
        record_audit(action="awards.judges.assigned", obj=category, actor=by,
                     data={"plan": {str(k): v for k, v in plan.items()},
                           "undeclared": undeclared})
    return plan


def assignment_for(*, nomination: Nomination, judge) -> JudgeAssignment:
    """The judge's assignment to ``nomination``; refused if they were not assigned to it."""
    assignment = JudgeAssignment.objects.filter(nomination=nomination, judge=judge).first()
    if assignment is None or not JudgeDeclaration.objects.filter(
        cycle_id=nomination.cycle_id, judge=judge
    ).exists():
        raise AwardsError(_("This nomination is not assigned to you."), code="not_assigned",
                          status=403)
    return assignment


def save_scores(*, nomination: Nomination, judge, values: dict, comments: dict | None = None,
                comment: str = "", submit: bool = False) -> JudgeAssignment:
    """Save a judge's scores ({criterion id: value}); with ``submit`` they become final.

    Every value must lie within its criterion's scale; on submission every required criterion
    needs a score. Any error leaves the scores as they were.
    """
    comments = comments or {}
    with transaction.atomic():
        assignment = assignment_for(nomination=nomination, judge=judge)
        assignment = JudgeAssignment.objects.select_for_update().select_related(
            "nomination__cycle", "nomination__category"
        ).get(pk=assignment.pk)
        nomination = assignment.nomination
        if assignment.submitted_at:
            raise AwardsError(_("Your scores are submitted and can no longer be changed."),
                              code="scores_locked", status=409)
        cycle = nomination.cycle
        if not cycle.judging_is_open():
            raise AwardsError(
                _("Judging is open from %(start)s to %(end)s.")
                % {"start": _local_date(cycle.judging_open),
                   "end": _local_date(cycle.judging_close)},
                code="judging_closed", status=409,
            )
        if nomination.status not in JUDGED:
            raise AwardsError(_("This nomination is not being judged."), code="not_judged",
                              status=409)
        criteria = {c.pk: c for c in nomination.category.criteria.all()}
        clean: dict[int, Decimal] = {}
        for key, raw in values.items():
            criterion = criteria.get(int(key))
            if criterion is None:
                raise AwardsError(_("Unknown criterion."), code="bad_criterion")
            if raw in (None, ""):
                continue
            try:
                value = Decimal(str(raw).replace(",", "."))
            except InvalidOperation as exc:
                raise AwardsError(_("“%(criterion)s”: enter a number.")
                                  % {"criterion": criterion}, code="not_a_number") from exc
            if not value.is_finite() or not (criterion.scale_min <= value <= criterion.scale_max):
                raise AwardsError(
                    _("“%(criterion)s”: the score must be between %(min)s and %(max)s.")
                    % {"criterion": criterion, "min": criterion.scale_min,
                       "max": criterion.scale_max},
                    code="out_of_scale",
                )
            if value != value.quantize(Decimal("0.01")):
                raise AwardsError(_("“%(criterion)s”: use at most two decimals.")
                                  % {"criterion": criterion}, code="too_precise")
            clean[criterion.pk] = value
        if submit:
            missing = [str(c) for c in criteria.values() if c.required and c.pk not in clean]
            if missing:
                raise AwardsError(
                    _("Score every required criterion before submitting: %(names)s.")
                    % {"names": ", ".join(missing)},
                    code="scores_missing",
                )
        assignment.scores.exclude(criterion_id__in=clean).delete()
        for criterion_id, value in clean.items():
            Score.objects.update_or_create(
                assignment=assignment, criterion_id=criterion_id,
                defaults={"value": value,
                          "comment": (comments.get(criterion_id) or "").strip()},
            )
        assignment.comment = comment.strip()
        if submit:
            assignment.submitted_at = _now()
        assignment.save()
        record_audit(
            action="awards.scores.submitted" if submit else "awards.scores.saved",
            obj=assignment, actor=judge,
            data={"nomination": nomination.pk,
                  "scores": {str(k): str(v) for k, v in clean.items()}},
        )
    return assignment


# --- Public vote -------------------------------------------------------------------------------

VOTE_RATE = (10, 60 * 60)  # attempts per hour, per account and per address


def _rate_limited(key: str, limit: int, window: int) -> bool:
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


def cast_vote(*, voter, nomination: Nomination, ip_address: str | None = None) -> Vote:
    """One public vote per verified account and category (a unique constraint backs this)."""
    from allauth.account.models import EmailAddress

    if not getattr(voter, "is_authenticated", False):
        raise AwardsError(_("Sign in to vote."), code="login_required", status=401)
    limit, window = VOTE_RATE
    if _rate_limited(f"awards:vote:user:{voter.pk}", limit, window) or (
        ip_address and _rate_limited(f"awards:vote:ip:{ip_address}", limit * 5, window)
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


# --- Publication and certificates ------------------------------------------------------------

def publish_results(*, cycle: AwardCycle, by, publish: bool = True) -> AwardCycle:
    """Show (or hide) winners and finalists on the awards page; issues missing certificates."""
    with transaction.atomic():
        cycle = AwardCycle.objects.select_for_update().get(pk=cycle.pk)
        if publish and not Nomination.objects.filter(cycle=cycle, status=S.WINNER).exists():
            raise AwardsError(_("Choose at least one winner before publishing."),
                              code="no_winners", status=409)
        cycle.results_published_at = _now() if publish else None
        cycle.save(update_fields=["results_published_at"])
        record_audit(action="awards.results.published" if publish else "awards.results.hidden",
                     obj=cycle, actor=by)
        if publish:
            issue_certificates(cycle=cycle, by=by)
    return cycle


def issue_certificates(*, cycle: AwardCycle, by) -> list[Certificate]:
    """A certificate for each winner and finalist who has none; revoke those no longer entitled."""
    issued = []
    with transaction.atomic():
        for nomination in Nomination.objects.select_for_update().filter(
            cycle=cycle, status__in=(S.WINNER, S.FINALIST)
        ):
            certificate = Certificate.objects.filter(nomination=nomination).first()
            if certificate is not None and certificate.title == nomination.status and (
                certificate.revoked_at is None
            ):
                continue
            if certificate is None:
                certificate = Certificate(nomination=nomination)
            certificate.code = secrets.token_urlsafe(18)
            certificate.title = nomination.status
            certificate.issued_at = _now()
            certificate.revoked_at = None
            certificate.save()
            record_audit(action="awards.certificate.issued", obj=certificate, actor=by,
                         data={"nomination": nomination.pk, "title": certificate.title})
            issued.append(certificate)
        for certificate in Certificate.objects.filter(
            nomination__cycle=cycle, revoked_at__isnull=True
        ).exclude(nomination__status__in=(S.WINNER, S.FINALIST)):
            certificate.revoked_at = _now()
            certificate.save(update_fields=["revoked_at"])
            record_audit(action="awards.certificate.revoked", obj=certificate, actor=by)
    return issued
