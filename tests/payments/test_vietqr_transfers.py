"""Choosing bank transfer: reference, longer hold, instructions and reminder emails, pages."""

from datetime import timedelta

import pytest
import zxingcpp
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from conference.common.models import AuditEntry, OutboxMessage
from conference.payments import services, vietqr
from conference.payments.enums import TransferStatus
from conference.payments.services import PaymentError
from conference.registration.enums import PaymentMethod, RegistrationStatus
from conference.registration.links import status_token
from tests.registration.factories import person

from .bank import paid_category, register_by_transfer

pytestmark = pytest.mark.django_db


def test_start_gives_reference_long_hold_and_emails_the_qr(
    settings, django_capture_on_commit_callbacks
):
    settings.BANK_TRANSFER_HOLD_DAYS = 3
    category = paid_category(price_vnd=1_500_000)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        registration, transfer = register_by_transfer(
            category, [person(1, language="en"), person(2)], language="en"
        )
    assert vietqr.is_valid_reference(transfer.reference)
    assert transfer.amount_vnd == 3_000_000
    assert transfer.status == TransferStatus.PENDING
    assert registration.payment_method == PaymentMethod.BANK_TRANSFER
    assert registration.status == RegistrationStatus.AWAITING_PAYMENT
    assert before + timedelta(days=3) <= registration.hold_expires_at
    assert registration.hold_expires_at <= timezone.now() + timedelta(days=3)

    message = OutboxMessage.objects.get(template="payments/bank_transfer_instructions")
    assert message.to == registration.contact_email
    assert message.subject == f"Pay your registration {registration.reference} by bank transfer"
    assert transfer.reference in message.body_text
    assert "3,000,000" in message.body_text
    assert settings.BANK_TRANSFER_ACCOUNT in message.body_text
    (attachment,) = message.attachments
    assert attachment["filename"] == f"VietQR-{transfer.reference}.png"
    sent = [m for m in mail.outbox if m.subject == message.subject]
    assert len(sent) == 1
    png = sent[0].attachments[0][1]
    import io

    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [d.text for d in decoded] == [
        vietqr.payload_for(amount_vnd=3_000_000, reference=transfer.reference)
    ]
    assert AuditEntry.objects.filter(action="payment.bank_transfer_started",
                                     object_id=str(registration.pk)).count() == 1


def test_instructions_in_vietnamese_by_default():
    registration, transfer = register_by_transfer(paid_category())
    message = OutboxMessage.objects.get(template="payments/bank_transfer_instructions")
    assert message.subject == (
        f"Thanh toán đăng ký {registration.reference} bằng chuyển khoản ngân hàng"
    )
    assert "Nội dung chuyển khoản" in message.body_text


def test_choosing_transfer_twice_keeps_the_reference():
    registration, transfer = register_by_transfer(paid_category())
    again = services.start_bank_transfer(registration=registration)
    assert again.pk == transfer.pk
    assert again.reference == transfer.reference


def test_only_registrations_awaiting_payment(user_factory):
    registration, _transfer = register_by_transfer(paid_category())
    services.mark_paid_by_hand(registration=registration, by=user_factory(), note="cash")
    with pytest.raises(PaymentError) as error:
        services.start_bank_transfer(registration=registration)
    assert error.value.code == "not_awaiting_payment"


def test_reminder_goes_once_before_the_hold_ends(settings):
    settings.BANK_TRANSFER_REMINDER_HOURS = 24
    registration, transfer = register_by_transfer(paid_category())
    hold = registration.hold_expires_at
    assert services.send_transfer_reminders(now=hold - timedelta(hours=30)) == 0
    assert services.send_transfer_reminders(now=hold - timedelta(hours=20)) == 1
    assert services.send_transfer_reminders(now=hold - timedelta(hours=10)) == 0
    reminder = OutboxMessage.objects.get(template="payments/bank_transfer_reminder")
    assert reminder.to == registration.contact_email
    assert transfer.reference in reminder.body_text
    transfer.refresh_from_db()
    assert transfer.reminder_sent_at is not None


def test_no_reminder_for_paid_or_expired(settings, user_factory):
    paid, _t = register_by_transfer(paid_category())
    services.mark_paid_by_hand(registration=paid, by=user_factory(), note="cash")
    assert services.send_transfer_reminders(
        now=timezone.now() + timedelta(days=2, hours=12)
    ) == 0
    assert services.send_transfer_reminders(now=timezone.now() + timedelta(days=5)) == 0


def test_reminder_command(settings):
    from django.core.management import call_command

    registration, _t = register_by_transfer(paid_category())
    registration.hold_expires_at = timezone.now() + timedelta(hours=2)
    registration.save(update_fields=["hold_expires_at"])
    import io

    out = io.StringIO()
    call_command("send_transfer_reminders", stdout=out)
    assert out.getvalue().strip() == "1 reminder(s) queued"


# --- the attendee's page ----------------------------------------------------------------------


def transfer_url(registration, name="payments:bank_transfer", prefix=""):
    return reverse(name, kwargs={"reference": registration.reference,
                                 "token": status_token(registration.reference)})


def test_page_shows_qr_and_details_to_copy(client, settings):
    registration, transfer = register_by_transfer(paid_category(price_vnd=1_500_000))
    response = client.get(transfer_url(registration))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="vietqr__code"' in html and "<svg" in html.split('class="vietqr__code"')[1]
    assert settings.BANK_TRANSFER_BANK_NAME in html
    assert settings.BANK_TRANSFER_ACCOUNT in html
    assert "1.500.000" in html
    assert transfer.reference in html
    assert html.count("data-copy>") == 3

    png = client.get(transfer_url(registration, "payments:bank_transfer_qr"))
    assert png["Content-Type"] == "image/png"
    import io

    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.content)))
    assert [d.text for d in decoded] == [services.transfer_payload(transfer)]


def test_page_needs_the_token(client):
    registration, _t = register_by_transfer(paid_category())
    url = reverse("payments:bank_transfer",
                  kwargs={"reference": registration.reference, "token": "0" * 20})
    assert client.get(url).status_code == 404


def test_page_after_payment_says_confirmed(client, user_factory):
    registration, _t = register_by_transfer(paid_category())
    services.mark_paid_by_hand(registration=registration, by=user_factory(), note="cash")
    html = client.get(transfer_url(registration)).content.decode()
    assert 'data-testid="transfer-paid"' in html
    # The header's menu icon is an SVG too: what must be gone is the QR code and its figure.
    assert "vietqr__code" not in html


def test_switch_from_card_to_transfer(client):
    from conference.registration import services as registration_services
    from conference.registration.links import status_url
    from tests.registration.factories import consent

    category = paid_category()
    registration = registration_services.start_registration(
        category=category, attendees=[person()], consent_version=consent(category.edition),
        payment_method=PaymentMethod.STRIPE,
    )
    page = client.get(status_url(registration)).content.decode()
    switch = transfer_url(registration, "payments:start_transfer")
    assert switch in page
    assert client.get(switch).status_code == 405
    response = client.post(switch)
    assert response.status_code == 302
    assert response["Location"] == transfer_url(registration)
    registration.refresh_from_db()
    assert registration.payment_method == PaymentMethod.BANK_TRANSFER
    assert registration.hold_expires_at > timezone.now() + timedelta(days=2)
    assert registration.bank_transfer.status == TransferStatus.PENDING


def test_no_switch_when_the_category_offers_card_only(client):
    from conference.payments.models import CategoryPaymentMethods
    from conference.registration import services as registration_services
    from tests.registration.factories import consent

    category = paid_category()
    CategoryPaymentMethods.objects.create(category=category, stripe=True, bank_transfer=False)
    registration = registration_services.start_registration(
        category=category, attendees=[person()], consent_version=consent(category.edition),
        payment_method=PaymentMethod.STRIPE,
    )
    assert client.post(transfer_url(registration, "payments:start_transfer")).status_code == 404
