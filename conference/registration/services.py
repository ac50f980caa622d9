"""Every write of the registration app.

Capacity rule: a registration may take seats only inside one transaction that has locked, in this
order, the category row and then the edition's RegistrationSettings row, and re-counted the seats
held or confirmed (queries.seats_taken). Locking the category first keeps the order fixed for
every path; the settings row serialises categories that share the venue capacity. Existing
registration rows are always locked *before* those two (confirming a late payment), never after,
so the order registration -> category -> settings has no cycle.
"""

import logging
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from conference.common.exceptions import DomainError
from conference.common.services import record_audit
from conference.common.text import nfc

from . import emails, signals
from .enums import (
    EXPIRING_STATUSES,
    SEAT_HOLDING_STATUSES,
    PaymentMethod,
    QuestionKind,
    RegistrationStatus,
    WaitingListStatus,
)
from .models import (
    Attendee,
    Badge,
    Category,
    InvitationCode,
    Registration,
    RegistrationSettings,
    WaitingListEntry,
)
from .queries import live_q, seats_taken

logger = logging.getLogger(__name__)

OFFER_SALT = "govconf.registration.waiting-list-offer"
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"

DEFAULT_CONSENT_VI = (
    "Tôi đồng ý để Ban Tổ chức Hội thảo Quốc gia về Chính phủ số xử lý dữ liệu cá nhân của tôi "
    "(họ tên, chức vụ, cơ quan, email, số điện thoại, nhu cầu hỗ trợ tiếp cận và các câu trả lời) "
    "nhằm mục đích đăng ký, xác nhận tham dự, cấp thẻ đại biểu, kiểm soát ra vào và liên lạc về "
    "hội thảo, theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân. Dữ liệu được lưu trữ không "
    "quá 12 tháng sau hội thảo. Tôi có quyền xem, sửa, rút lại sự đồng ý và yêu cầu xóa dữ liệu "
    "của mình tại trang tài khoản."
)
DEFAULT_CONSENT_EN = (
    "I agree that the organisers of the National Conference on Digital Government process my "
    "personal data (name, position, organisation, email, phone, accessibility needs and answers) "
    "to register me, confirm my attendance, issue my badge, control entry and contact me about "
    "the conference, under Decree 13/2023/ND-CP on personal data protection. The data is kept no "
    "longer than 12 months after the conference. I may see, correct, withdraw consent and ask for "
    "deletion of my data from my account page."
)


class RegistrationError(DomainError):
    """The registration cannot be made or changed."""

    code = "registration_error"


# --- settings and helpers ----------------------------------------------------------------------

def get_registration_settings(edition) -> RegistrationSettings:
    """The edition's settings row, created with defaults on first use."""
    obj, _created = RegistrationSettings.objects.get_or_create(
        edition=edition,
        defaults={"consent_text": DEFAULT_CONSENT_VI, "consent_text_en": DEFAULT_CONSENT_EN},
    )
    return obj


def _new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def _clean_attendee(data: dict, category: Category, questions) -> dict:
    """Normalise one attendee's details and check their answers; raise RegistrationError."""
    full_name = nfc(data.get("full_name"))
    email = (data.get("email") or "").strip().lower()
    if not full_name:
        raise RegistrationError(_("Every attendee needs a full name."), code="missing_name")
    if not email or "@" not in email:
        raise RegistrationError(_("Every attendee needs a valid email address."),
                                code="missing_email")
    language = data.get("language") or "vi"
    if language not in ("vi", "en"):
        language = "vi"
    raw_answers = data.get("answers") or {}
    answers = {}
    for question in questions:
        value = raw_answers.get(question.key)
        if question.kind == QuestionKind.YES_NO:
            if value in (None, ""):
                value = None
            else:
                value = value in (True, "true", "yes", "1", 1)
        elif question.kind == QuestionKind.CHOICE:
            allowed = [v for v, _label in question.choice_list()]
            value = value or ""
            if value and value not in allowed:
                raise RegistrationError(
                    _("“%(answer)s” is not one of the choices for “%(question)s”.")
                    % {"answer": value, "question": question}, code="bad_answer",
                )
        else:
            value = nfc(value)[:2000]
        if question.required and value in (None, ""):
            raise RegistrationError(
                _("Please answer “%(question)s”.") % {"question": question},
                code="missing_answer",
            )
        if value not in (None, ""):
            answers[question.key] = value
    return {
        "full_name": full_name[:150],
        "email": email,
        "position": nfc(data.get("position"))[:150],
        "organisation": nfc(data.get("organisation"))[:255],
        "phone": nfc(data.get("phone"))[:32],
        "language": language,
        "accessibility_needs": (data.get("accessibility_needs") or "").strip()[:2000],
        "answers": answers,
    }


def _lock_capacity(category: Category) -> tuple[Category, RegistrationSettings]:
    """Lock the rows that hold capacity, in the fixed order: category, then edition settings."""
    category = Category.objects.select_for_update().get(pk=category.pk)
    get_registration_settings(category.edition)  # make sure the row exists before locking it
    reg_settings = RegistrationSettings.objects.select_for_update().get(
        edition_id=category.edition_id
    )
    return category, reg_settings


def _check_room(*, category, reg_settings, quantity: int, now, exclude_entry_id=None) -> None:
    taken = seats_taken(category=category, now=now, exclude_entry_id=exclude_entry_id)
    if taken + quantity > category.quota:
        raise RegistrationError(
            _("Sorry, “%(category)s” is full. You can join the waiting list.")
            % {"category": category}, code="sold_out", status=409,
        )
    venue_taken = seats_taken(edition=category.edition, now=now,
                              exclude_entry_id=exclude_entry_id)
    if venue_taken + quantity > reg_settings.venue_capacity:
        raise RegistrationError(
            _("Sorry, the venue is full. You can join the waiting list."),
            code="venue_full", status=409,
        )


def existing_registration_for(*, edition, emails_: Iterable[str], now=None) -> Attendee | None:
    """An attendee with one of these emails in a live registration of the edition, if any."""
    return (
        Attendee.objects.filter(
            live_q(now, prefix="registration__"),
            registration__edition=edition,
            email__in=[e.strip().lower() for e in emails_],
        )
        .select_related("registration")
        .first()
    )


def check_sale_window(category: Category, *, now=None) -> None:
    now = now or timezone.now()
    if category.sale_starts_at and now < category.sale_starts_at:
        raise RegistrationError(_("Registration for this category has not opened yet."),
                                code="not_open")
    if category.sale_ends_at and now >= category.sale_ends_at:
        raise RegistrationError(_("Registration for this category has closed."),
                                code="closed")


def _find_invitation(category: Category, raw_code: str | None) -> InvitationCode | None:
    code = (raw_code or "").strip().upper()
    if not code:
        return None
    return InvitationCode.objects.select_for_update().filter(category=category, code=code).first()


# --- taking seats ---------------------------------------------------------------------------

def start_registration(
    *,
    category: Category,
    attendees: list[dict],
    contact=None,
    contact_email: str = "",
    language: str = "vi",
    consent_version: str,
    invitation_code: str | None = None,
    payment_method: str | None = None,
    waiting_list_entry: WaitingListEntry | None = None,
    by=None,
    device: str = "",
    ignore_sale_window: bool = False,
) -> Registration:
    """Take seats for one person or a delegation, in one transaction.

    Free categories end confirmed (badges issued, emails queued) or pending approval; paid ones end
    awaiting payment with a hold of ``hold_minutes``. Raises RegistrationError (sold_out,
    venue_full, duplicate, bad invitation code, ...) and then changes nothing.
    Staff at the desk (walk-ins) pass ``by`` and may pass ``ignore_sale_window``.
    """
    if not attendees:
        raise RegistrationError(_("Add at least one attendee."), code="no_attendees")
    edition = category.edition
    reg_settings = get_registration_settings(edition)
    if not reg_settings.is_open and by is None:
        raise RegistrationError(_("Registration is closed."), code="closed")
    if len(attendees) > reg_settings.max_delegation_size:
        raise RegistrationError(
            _("A delegation can register at most %(n)s people at once.")
            % {"n": reg_settings.max_delegation_size}, code="too_many",
        )
    if consent_version != reg_settings.consent_version:
        raise RegistrationError(
            _("Please agree to the processing of your personal data."), code="no_consent"
        )
    if not ignore_sale_window:
        check_sale_window(category)
    questions = list(category.questions.all())
    cleaned = [_clean_attendee(a, category, questions) for a in attendees]
    emails_ = [a["email"] for a in cleaned]
    if len(set(emails_)) != len(emails_):
        raise RegistrationError(
            _("Each attendee needs their own email address."), code="duplicate_in_delegation"
        )
    contact_email = (contact_email or (contact.email if contact else "") or emails_[0]).lower()
    quantity = len(cleaned)
    if payment_method is None:
        payment_method = PaymentMethod.FREE if category.is_free else PaymentMethod.STRIPE
    language = language if language in ("vi", "en") else "vi"

    users = {
        u.email: u for u in get_user_model().objects.filter(email__in=emails_)
    }
    confirm_now = False
    with transaction.atomic():
        category, reg_settings = _lock_capacity(category)
        now = timezone.now()
        code = None
        if category.requires_invitation:
            code = _find_invitation(category, invitation_code)
            if (
                code is None
                or code.used_count + 1 > code.max_uses
                or (code.valid_until and code.valid_until <= now)
            ):
                raise RegistrationError(
                    _("This invitation code is not valid for this category."),
                    code="bad_invitation",
                )
        entry_id = None
        if waiting_list_entry is not None:
            entry = WaitingListEntry.objects.select_for_update().get(pk=waiting_list_entry.pk)
            if (
                entry.category_id != category.pk
                or entry.status != WaitingListStatus.OFFERED
                or entry.offer_expires_at <= now
            ):
                raise RegistrationError(
                    _("This waiting-list offer has expired."), code="offer_expired"
                )
            if quantity != 1:
                raise RegistrationError(
                    _("A waiting-list offer is for one person."), code="offer_one_person"
                )
            entry_id = entry.pk
        # The edition settings row is locked: no other registration of this edition can commit
        # between this check and our insert, so a person cannot register twice.
        duplicate = existing_registration_for(edition=edition, emails_=emails_, now=now)
        if duplicate is not None:
            raise RegistrationError(
                _("%(email)s is already registered for this conference (reference %(ref)s).")
                % {"email": duplicate.email, "ref": duplicate.registration.reference},
                code="duplicate", reference=duplicate.registration.reference,
            )
        _check_room(category=category, reg_settings=reg_settings, quantity=quantity, now=now,
                    exclude_entry_id=entry_id)

        if category.requires_approval:
            status = RegistrationStatus.PENDING_APPROVAL
            hold_until = None
        elif category.is_free:
            status = RegistrationStatus.HELD
            hold_until = now + timedelta(minutes=reg_settings.hold_minutes)
            confirm_now = True
        else:
            status = RegistrationStatus.AWAITING_PAYMENT
            hold_until = now + timedelta(minutes=reg_settings.hold_minutes)
            if payment_method == PaymentMethod.BANK_TRANSFER:
                # A transfer is reconciled from bank statements: days, not minutes.
                hold_until = now + timedelta(
                    days=getattr(django_settings, "BANK_TRANSFER_HOLD_DAYS", 3)
                )
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    registration = Registration.objects.create(
                        edition=edition,
                        category=category,
                        reference=_new_reference(),
                        contact=contact if getattr(contact, "is_authenticated", False) else None,
                        contact_email=contact_email,
                        language=language,
                        status=status,
                        hold_expires_at=hold_until,
                        quantity=quantity,
                        payment_method=payment_method,
                        invitation_code=code,
                        amount_vnd=category.price_vnd * quantity,
                        consent_version=consent_version,
                        consent_at=now,
                    )
                break
            except IntegrityError:  # reference collision: 25^8 makes it rare, retry
                continue
        else:
            raise RuntimeError("Could not generate a unique registration reference.")
        Attendee.objects.bulk_create([
            _attendee_obj(registration, data, users.get(data["email"])) for data in cleaned
        ])
        if code is not None:
            InvitationCode.objects.filter(pk=code.pk).update(used_count=code.used_count + 1)
        if entry_id:
            WaitingListEntry.objects.filter(pk=entry_id).update(
                status=WaitingListStatus.ACCEPTED, registration=registration
            )
        record_audit(
            action="registration.started", obj=registration, actor=by, device=device,
            data={"category": category.code, "seats": quantity, "status": status,
                  "amount_vnd": registration.amount_vnd, "consent_version": consent_version},
        )
        if confirm_now:
            registration = confirm_registration(registration=registration, by=by)
        elif status == RegistrationStatus.PENDING_APPROVAL:
            emails.send_to_attendees(registration, "registration/pending")
    return registration


def _attendee_obj(registration, data: dict, user) -> Attendee:
    attendee = Attendee(registration=registration, user=user, **data)
    # bulk_create skips save(): normalise like save() does.
    from conference.common.text import fold

    attendee.search_text = fold(
        f"{attendee.full_name} {attendee.email} {attendee.phone} {attendee.organisation}"
    )[:600]
    return attendee


def confirm_registration(*, registration: Registration, by=None, payment=None,
                         device: str = "") -> Registration:
    """Confirm a registration: issue each attendee's badge and queue their confirmation email.

    Idempotent: a registration already confirmed is returned unchanged (the browser return and the
    webhook may both call this; the row lock makes the second one see the first one's result).
    A registration whose hold has lapsed takes its seats again under the capacity locks, or
    raises RegistrationError(code="sold_out"/"venue_full") when they are gone.
    """
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CONFIRMED:
            return registration
        now = timezone.now()
        lapsed = registration.status in (
            RegistrationStatus.EXPIRED, RegistrationStatus.CANCELLED
        ) or (
            registration.status in EXPIRING_STATUSES
            and (registration.hold_expires_at is None or registration.hold_expires_at <= now)
        )
        if registration.status == RegistrationStatus.REJECTED:
            raise RegistrationError(_("This registration was rejected."), code="rejected")
        if lapsed:
            # Our seats were released: take them again if they are still free (a late payment).
            category, reg_settings = _lock_capacity(registration.category)
            _check_room(category=category, reg_settings=reg_settings,
                        quantity=registration.quantity, now=now)
        previous = registration.status
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.hold_expires_at = None
        registration.cancelled_at = None
        registration.save(update_fields=["status", "confirmed_at", "hold_expires_at",
                                         "cancelled_at", "updated_at"])
        from .badges import issue_badge

        for attendee in registration.attendees.all():
            issue_badge(attendee=attendee, by=by, reason="confirmed", device=device)
        record_audit(
            action="registration.confirmed", obj=registration, actor=by, device=device,
            data={"from": previous, "payment": str(payment) if payment else "",
                  "late": lapsed},
        )
        emails.send_confirmations(registration)
        signals.send_after_commit(signals.registration_confirmed, registration=registration,
                                  by=by, payment=payment, late=lapsed)
    return registration


def approve_registration(*, registration: Registration, by, note: str = "") -> Registration:
    """Approve a pending registration: free ones are confirmed; paid ones get a payment link and
    a hold of ``offer_hours`` to pay."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.PENDING_APPROVAL:
            raise RegistrationError(_("Only a registration pending approval can be approved."),
                                    code="not_pending")
        registration.decided_by = by if getattr(by, "is_authenticated", False) else None
        registration.decision_note = note
        if registration.amount_vnd == 0:
            registration.save(update_fields=["decided_by", "decision_note", "updated_at"])
            record_audit(action="registration.approved", obj=registration, actor=by,
                         data={"note": note})
            emails.send_to_attendees(registration, "registration/approved")
            return confirm_registration(registration=registration, by=by)
        reg_settings = get_registration_settings(registration.edition)
        registration.status = RegistrationStatus.AWAITING_PAYMENT
        registration.hold_expires_at = timezone.now() + timedelta(hours=reg_settings.offer_hours)
        registration.save(update_fields=["status", "hold_expires_at", "decided_by",
                                         "decision_note", "updated_at"])
        record_audit(action="registration.approved", obj=registration, actor=by,
                     data={"note": note, "pay_by": registration.hold_expires_at.isoformat()})
        emails.send_to_contact(registration, "registration/approved")
    return registration


def reject_registration(*, registration: Registration, by, note: str = "") -> Registration:
    """Reject a pending registration; its seats go to the waiting list after commit."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.PENDING_APPROVAL:
            raise RegistrationError(_("Only a registration pending approval can be rejected."),
                                    code="not_pending")
        registration.status = RegistrationStatus.REJECTED
        registration.decided_by = by if getattr(by, "is_authenticated", False) else None
        registration.decision_note = note
        registration.hold_expires_at = None
        registration.save(update_fields=["status", "decided_by", "decision_note",
                                         "hold_expires_at", "updated_at"])
        record_audit(action="registration.rejected", obj=registration, actor=by,
                     data={"note": note})
        emails.send_to_attendees(registration, "registration/rejected", extra={"note": note})
        _offer_after_commit(registration.category_id)
    return registration


def cancel_registration(*, registration: Registration, by, refund_amount_vnd: int | None = None,
                        reason: str = "", device: str = "") -> Registration:
    """Cancel a registration, revoke its badges and free its seats.

    ``refund_amount_vnd``: None refunds what the rules say (organiser: everything; attendee: all if
    the edition refunds attendee cancellations); 0 refunds nothing; a number refunds that much
    (a partial refund). Registration holds no money: the apps that do (payments) plan the refund
    in this transaction through signals.registration_cancelling, and may refuse the cancellation
    (a refund larger than what was paid). signals.registration_cancelled follows after commit.
    """
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in SEAT_HOLDING_STATUSES:
            raise RegistrationError(_("This registration is not active."), code="not_active")
        is_staff = bool(by is not None and getattr(by, "is_staff", False)) or (
            by is not None and by.has_perm("registration.change_registration")
        )
        if refund_amount_vnd is None:
            reg_settings = get_registration_settings(registration.edition)
            refund_all = is_staff or reg_settings.attendee_cancel_refund
            refund_amount_vnd = None if refund_all else 0
        reason = reason or "cancelled"
        refund_vnd = sum(signals.collect(
            signals.registration_cancelling, registration=registration, by=by,
            refund_vnd=refund_amount_vnd, reason=reason,
        ))
        now = timezone.now()
        previous = registration.status
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.hold_expires_at = None
        registration.save(update_fields=["status", "cancelled_at", "hold_expires_at",
                                         "updated_at"])
        Badge.objects.filter(attendee__registration=registration, revoked_at__isnull=True).update(
            revoked_at=now, revoked_reason="cancelled"
        )
        record_audit(
            action="registration.cancelled", obj=registration, actor=by, device=device,
            data={"from": previous, "reason": reason, "refund_vnd": refund_vnd},
        )
        emails.send_to_attendees(registration, "registration/cancelled",
                                 extra={"refund_vnd": refund_vnd})
        _offer_after_commit(registration.category_id)
        signals.send_after_commit(signals.registration_cancelled, registration=registration,
                                  by=by, reason=reason, refund_vnd=refund_vnd)
    return registration


def expire_registration(*, registration: Registration, reason: str,
                        device: str = "") -> Registration:
    """Mark a registration whose hold (or payment session) ran out expired and offer its seats
    to the waiting list after commit. Only a hold can expire: others are returned unchanged."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in EXPIRING_STATUSES:
            return registration
        previous = registration.status
        registration.status = RegistrationStatus.EXPIRED
        registration.save(update_fields=["status", "updated_at"])
        record_audit(action="registration.expired", obj=registration, device=device,
                     data={"from": previous, "reason": reason})
        _offer_after_commit(registration.category_id)
    return registration


def _offer_after_commit(category_id: int) -> None:
    def offer():
        try:
            offer_waiting_list_seats(category=Category.objects.get(pk=category_id))
        except Exception:  # the sweep in expire_holds offers again; never fail the user action
            logger.exception("Waiting-list offers for category %s failed", category_id)

    transaction.on_commit(offer)


# --- expiry and the waiting list -----------------------------------------------------------------

def expire_holds(*, now=None) -> dict:
    """Mark lapsed holds and waiting-list offers expired and offer the freed seats.

    Seats of a lapsed hold stop counting as soon as its time passes (queries.live_q); this sweep
    makes the status say so, tells the apps built on registration (signals.holds_lapsed: payments
    closes the Stripe sessions), and moves the waiting list on. Rows being
    confirmed at this moment are skipped (SKIP LOCKED) and left to their confirmation.
    """
    now = now or timezone.now()
    with transaction.atomic():
        lapsed = list(
            Registration.objects.select_for_update(skip_locked=True)
            .filter(status__in=EXPIRING_STATUSES, hold_expires_at__lte=now)
            .only("pk", "reference", "status", "category_id")
        )
        for registration in lapsed:
            Registration.objects.filter(pk=registration.pk).update(
                status=RegistrationStatus.EXPIRED, updated_at=now
            )
            record_audit(action="registration.expired", obj=registration,
                         data={"from": registration.status})
        offers = list(
            WaitingListEntry.objects.select_for_update(skip_locked=True)
            .filter(status=WaitingListStatus.OFFERED, offer_expires_at__lte=now)
        )
        for entry in offers:
            entry.status = WaitingListStatus.EXPIRED
            entry.save(update_fields=["status"])
            record_audit(action="waiting_list.offer_expired", obj=entry)
    if lapsed:
        # The sweep runs outside any transaction (a command, a task): ours has committed here.
        # Payments closes the lapsed holds' Stripe sessions (a session paid meanwhile confirms
        # its registration) before the freed seats are offered below.
        signals.send_now(signals.holds_lapsed, registrations=lapsed)
    categories = {r.category_id for r in lapsed} | {e.category_id for e in offers}
    categories |= set(
        WaitingListEntry.objects.filter(status=WaitingListStatus.WAITING)
        .values_list("category_id", flat=True).distinct()
    )
    offered = 0
    for category in Category.objects.filter(pk__in=categories).order_by("pk"):
        offered += len(offer_waiting_list_seats(category=category, now=now))
    return {"expired": len(lapsed), "offers_expired": len(offers), "offered": offered}


def join_waiting_list(*, category: Category, full_name: str, email: str, language: str = "vi",
                      organisation: str = "", user=None) -> WaitingListEntry:
    email = (email or "").strip().lower()
    if not nfc(full_name) or "@" not in email:
        raise RegistrationError(_("Please give your name and email."), code="invalid")
    try:
        with transaction.atomic():
            entry = WaitingListEntry.objects.create(
                category=category, full_name=full_name, email=email, organisation=organisation,
                language=language if language in ("vi", "en") else "vi",
                user=user if getattr(user, "is_authenticated", False) else None,
            )
            record_audit(action="waiting_list.joined", obj=entry, actor=user)
    except IntegrityError:
        raise RegistrationError(_("This email is already on the waiting list."),
                                code="already_waiting") from None
    return entry


def offer_waiting_list_seats(*, category: Category, now=None) -> list[WaitingListEntry]:
    """Offer free seats of the category to the people waiting, first come first served.

    Each offer holds one seat until it expires (queries.seats_taken counts live offers), and is
    emailed as a signed link valid for ``offer_hours``.
    """
    with transaction.atomic():
        category, reg_settings = _lock_capacity(category)
        now = now or timezone.now()
        free = min(
            category.quota - seats_taken(category=category, now=now),
            reg_settings.venue_capacity - seats_taken(edition=category.edition, now=now),
        )
        if free <= 0:
            return []
        entries = list(
            WaitingListEntry.objects.select_for_update()
            .filter(category=category, status=WaitingListStatus.WAITING)
            .order_by("created_at", "id")[:free]
        )
        expires = now + timedelta(hours=reg_settings.offer_hours)
        for entry in entries:
            entry.status = WaitingListStatus.OFFERED
            entry.offered_at = now
            entry.offer_expires_at = expires
            entry.save(update_fields=["status", "offered_at", "offer_expires_at"])
            record_audit(action="waiting_list.offered", obj=entry,
                         data={"expires": expires.isoformat()})
            emails.send_waiting_list_offer(entry, offer_token(entry))
    return entries


def offer_token(entry: WaitingListEntry) -> str:
    return signing.dumps({"e": entry.pk, "m": entry.email}, salt=OFFER_SALT, compress=True)


def entry_from_offer_token(token: str) -> WaitingListEntry:
    """The waiting-list entry a link offers a seat to, if the link is genuine and still valid."""
    try:
        data = signing.loads(token, salt=OFFER_SALT, max_age=timedelta(days=30))
    except signing.BadSignature:
        raise RegistrationError(_("This link is not valid."), code="bad_link", status=404) from None
    entry = WaitingListEntry.objects.select_related("category__edition").filter(
        pk=data.get("e"), email=data.get("m")
    ).first()
    if (
        entry is None
        or entry.status != WaitingListStatus.OFFERED
        or entry.offer_expires_at <= timezone.now()
    ):
        raise RegistrationError(_("This waiting-list offer has expired."), code="offer_expired",
                                status=410)
    return entry


# --- the attendee's own changes --------------------------------------------------------------

def update_attendee(*, attendee: Attendee, by, full_name: str, position: str = "",
                    organisation: str = "", phone: str = "", language: str = "vi",
                    accessibility_needs: str = "") -> Attendee:
    """Correct an attendee's details. A changed name reissues the badge (the old code stops
    working) and emails the new one."""
    with transaction.atomic():
        attendee = Attendee.objects.select_for_update().select_related("registration").get(
            pk=attendee.pk
        )
        old_name = attendee.full_name
        attendee.full_name = full_name
        attendee.position = position
        attendee.organisation = organisation
        attendee.phone = phone
        attendee.language = language if language in ("vi", "en") else "vi"
        attendee.accessibility_needs = accessibility_needs
        attendee.save()
        renamed = attendee.full_name != old_name
        record_audit(action="attendee.updated", obj=attendee, actor=by,
                     data={"renamed": renamed})
        if renamed and attendee.registration.status == RegistrationStatus.CONFIRMED:
            from .badges import issue_badge

            issue_badge(attendee=attendee, by=by, reason="name changed")
            emails.send_confirmation(attendee)
    return attendee


def resend_confirmation(*, registration: Registration, by) -> int:
    """Send the confirmation (with badge) again to every attendee of a confirmed registration."""
    if registration.status != RegistrationStatus.CONFIRMED:
        raise RegistrationError(_("Only a confirmed registration has a confirmation to resend."),
                                code="not_confirmed")
    with transaction.atomic():
        count = emails.send_confirmations(registration)
        record_audit(action="registration.confirmation_resent", obj=registration, actor=by)
    return count


def export_personal_data(*, user) -> dict:
    """Everything we hold about a person (Decree 13, right of access), as JSON-ready data."""
    from .queries import attendees_of

    with override("en"):
        people = []
        for attendee in attendees_of(user).select_related("registration__category",
                                                         "registration__edition"):
            registration = attendee.registration
            people.append({
                "reference": registration.reference,
                "edition": str(registration.edition),
                "category": registration.category.name,
                "status": registration.status,
                "registered_at": registration.created_at.isoformat(),
                "consent_version": registration.consent_version,
                "consent_at": registration.consent_at.isoformat() if registration.consent_at
                else None,
                "full_name": attendee.full_name,
                "position": attendee.position,
                "organisation": attendee.organisation,
                "email": attendee.email,
                "phone": attendee.phone,
                "language": attendee.language,
                "accessibility_needs": attendee.accessibility_needs,
                "answers": attendee.answers,
                "badges": [
                    {"code": b.code, "issued_at": b.issued_at.isoformat(),
                     "revoked_at": b.revoked_at.isoformat() if b.revoked_at else None}
                    for b in attendee.badges.all()
                ],
            })
    return {
        "account": {
            "email": user.email,
            "full_name": user.get_full_name(),
            "phone": getattr(user, "phone", ""),
            "language": getattr(user, "language", ""),
            "date_joined": user.date_joined.isoformat(),
        },
        "registrations": people,
        "waiting_list": list(
            WaitingListEntry.objects.filter(email=user.email.lower()).values(
                "category__name", "status", "created_at"
            )
        ),
        "exported_at": timezone.now().isoformat(),
    }


def erase_personal_data(*, user, by=None) -> int:
    """Delete a person's account and anonymise their attendee records (Decree 13, erasure).

    Refused while they hold an active registration (they cancel it first, so that a badge in use
    does not silently lose its holder). Rows stay, anonymised, so that counts and payments add up.
    """
    from .queries import attendees_of

    with transaction.atomic():
        attendees = list(attendees_of(user).select_for_update().select_related("registration"))
        if any(a.registration.status in SEAT_HOLDING_STATUSES for a in attendees):
            raise RegistrationError(
                _("Please cancel your active registrations before deleting your data."),
                code="active_registrations",
            )
        for attendee in attendees:
            attendee.full_name = _("(deleted)")
            attendee.email = f"deleted-{attendee.pk}@invalid.invalid"
            attendee.phone = ""
            attendee.position = ""
            attendee.organisation = ""
            attendee.accessibility_needs = ""
            attendee.answers = {}
            attendee.user = None
            attendee.save()
        Registration.objects.filter(contact=user).update(
            contact=None, contact_email="deleted@invalid.invalid"
        )
        WaitingListEntry.objects.filter(email=user.email.lower()).delete()
        record_audit(action="personal_data.erased", actor=by,
                     data={"user": user.pk, "attendees": [a.pk for a in attendees]})
        user.delete()
    return len(attendees)


def anonymise_edition(*, edition, by=None, force: bool = False, today=None) -> int:
    """Erase the personal data of an edition's attendees once its retention period is over
    (Decree 13: kept no longer than needed). Rows stay, anonymised, so counts and payments add
    up; badge codes carry no personal data and stay. Returns the number of attendees erased.
    """
    reg_settings = get_registration_settings(edition)
    today = today or timezone.localdate()
    keep_until = edition.end_date + timedelta(days=reg_settings.retention_days)
    if today <= keep_until and not force:
        raise RegistrationError(
            _("The personal data of this edition is kept until %(date)s.")
            % {"date": keep_until.strftime("%d/%m/%Y")}, code="retention_not_over",
        )
    with transaction.atomic(), override("vi"):
        attendees = list(
            Attendee.objects.select_for_update().filter(registration__edition=edition)
            .exclude(email__endswith="@invalid.invalid")
        )
        for attendee in attendees:
            attendee.full_name = _("(deleted)")
            attendee.email = f"anonymised-{attendee.pk}@invalid.invalid"
            attendee.phone = attendee.position = attendee.organisation = ""
            attendee.accessibility_needs = ""
            attendee.answers = {}
            attendee.user = None
            attendee.save()
        Registration.objects.filter(edition=edition).update(
            contact=None, contact_email="anonymised@invalid.invalid"
        )
        WaitingListEntry.objects.filter(category__edition=edition).delete()
        record_audit(action="personal_data.edition_anonymised", obj=edition, actor=by,
                     data={"attendees": len(attendees), "forced": force})
    return len(attendees)
