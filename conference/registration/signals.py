"""What registration tells the apps built on it (payments, check-in, ...), documented by the
arguments each signal is sent with, as wagtail/signals.py documents its own.

Registration imports none of the apps that listen: they connect receivers in their own
``receivers.py`` (imported by their AppConfig.ready()). Every signal's ``sender`` is the
Registration model class. Signals that announce a change are sent after the transaction that
made it commits (``send_after_commit``), so a receiver never sees, or acts on, a change that is
then rolled back; a receiver that fails is logged and does not undo the user's action.
"""

import logging
from functools import partial

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

#: A registration was confirmed (seats firm, badges issued, confirmation emails queued): a free
#: registration at once, a paid one when its payment arrived, a pending one when approved.
#: Sent after commit.
#:
#: Arguments: ``registration``; ``by`` (the user who confirmed, or None for the attendee's own
#: action or a payment); ``payment`` (what paid for it, as the caller passed it, or None);
#: ``late`` (True if its hold had lapsed and the seats were taken again).
registration_confirmed = Signal()

#: A registration is being cancelled. Sent *inside* the cancelling transaction, after the
#: registration row is locked and before it changes, so that what receivers do (payments plans
#: the refunds) commits or rolls back together with the cancellation. A receiver refuses the
#: cancellation by raising a DomainError (nothing changes, the caller sees the error), and
#: returns the amount in dong it will give back (the cancellation email states their sum).
#:
#: Arguments: ``registration`` (locked, still with its old status); ``by`` (the user cancelling,
#: or None); ``refund_vnd`` (None: everything that was paid; 0: nothing; an amount: that much);
#: ``reason``.
registration_cancelling = Signal()

#: A registration was cancelled: its badges are revoked and its seats freed. Sent after commit.
#:
#: Arguments: ``registration``; ``by``; ``reason``; ``refund_vnd`` (what the receivers of
#: ``registration_cancelling`` said they give back).
registration_cancelled = Signal()

#: The sweep (``services.expire_holds``) found holds whose time ran out and marked them expired;
#: their seats go to the waiting list right after the receivers ran. Sent after commit.
#:
#: Arguments: ``registrations`` (list of the expired Registration rows, with at least ``pk``,
#: ``reference`` and ``category_id`` loaded).
holds_lapsed = Signal()

#: Sent while the status page of a registration is rendered (the page its contact reaches with the
#: status link). Receivers return HTML (a SafeString, rendered from a template) to show below the
#: registration's status, or "" to show nothing; the payment step shows its buttons here.
#:
#: Arguments: ``registration``, ``request``, ``token`` (the status link's token, for links).
status_page_panels = Signal()

#: Sent while a signed-in person's registrations page (the portal) is rendered. Receivers return
#: HTML to show below the registrations (certificates: the attendance certificates to download),
#: or "".
#:
#: Arguments: ``request`` (its ``user`` is signed in).
portal_panels = Signal()

#: Sent while the staff desk's page of a registration is rendered. Receivers return HTML to show
#: below its attendees (payments: card payments and refunds, bank transfer, invoice), or "".
#:
#: Arguments: ``registration``, ``request``.
desk_panels = Signal()

#: Sent when the staff desk's registration listing builds its filters. Receivers return a dict
#: ``{name: django_filters.Filter}`` of filters to add (a new instance on every call), whose
#: ``method`` is a callable ``(queryset, name, value)``.
#:
#: Arguments: none besides ``sender``.
desk_listing_filters = Signal()

#: Sent while badges are drawn (once for a single badge, once per chunk of a batch), so that apps
#: built on registration can print what they know about the holder. Receivers return
#: ``{attendee_id: {"seat": str}}``: a line of text per attendee (seating prints
#: "Phiên toàn thể: Hàng A, ghế 5"); answers of several receivers are joined with " · ".
#:
#: Arguments: ``attendee_ids`` (list of Attendee primary keys).
badge_details = Signal()


def send_after_commit(signal: Signal, **kwargs) -> None:
    """Send ``signal`` (sender: Registration) once the current transaction commits; at once when
    there is none. A failing receiver is logged, never raised into the committed action."""
    from .models import Registration

    transaction.on_commit(partial(_send_robust, signal, Registration, kwargs))


def send_now(signal: Signal, **kwargs) -> None:
    """Send ``signal`` (sender: Registration) now, for a caller whose transaction is already
    committed. A failing receiver is logged, never raised."""
    from .models import Registration

    _send_robust(signal, Registration, kwargs)


def _send_robust(signal: Signal, sender, kwargs: dict) -> None:
    for receiver, result in signal.send_robust(sender=sender, **kwargs):
        if isinstance(result, Exception):
            logger.error("Receiver %r of %s failed", receiver, signal, exc_info=result)


def collect(signal: Signal, **kwargs) -> list:
    """Send ``signal`` now and return the receivers' non-empty answers, in connection order."""
    from .models import Registration

    return [result for _receiver, result in signal.send(sender=Registration, **kwargs) if result]
