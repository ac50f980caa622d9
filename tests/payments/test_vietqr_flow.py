"""The payment choice in the registration flow (review step)."""

import pytest
from django.urls import reverse

from conference.payments.models import BankTransfer, CategoryPaymentMethods
from conference.registration.enums import PaymentMethod, RegistrationStatus
from conference.registration.links import status_token
from conference.registration.models import Registration

from .bank import paid_category

pytestmark = pytest.mark.django_db


def fill_details(client, category):
    url = reverse("registration:details", kwargs={"code": category.code})
    response = client.post(url, {
        "a-TOTAL_FORMS": "1", "a-INITIAL_FORMS": "0", "a-MIN_NUM_FORMS": "1",
        "a-MAX_NUM_FORMS": "1", "a-0-full_name": "Lê Văn Nam", "a-0-email": "nam@example.vn",
        "a-0-language": "vi", "contact_email": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    return reverse("payments:checkout", kwargs={"code": category.code})


def test_both_methods_offered_attendee_picks_transfer(client, fake_stripe):
    category = paid_category()
    review = fill_details(client, category)
    page = client.get(review).content.decode()
    assert 'name="payment_method" value="stripe"' in page
    assert 'name="payment_method" value="bank_transfer"' in page
    # How long the seats are held, for each way to pay.
    assert ("Ghế của Quý vị được giữ 30 phút khi thanh toán bằng thẻ, hoặc 3 ngày nếu "
            "chuyển khoản.") in page

    response = client.post(review, {"consent": "on"})  # no choice made: the card default?
    assert response.status_code == 200  # a choice is required
    assert Registration.objects.count() == 0

    response = client.post(review, {"consent": "on", "payment_method": "bank_transfer"})
    registration = Registration.objects.get()
    transfer = BankTransfer.objects.get(registration=registration)
    assert response.status_code == 302
    assert response["Location"] == reverse("payments:bank_transfer", kwargs={
        "reference": registration.reference, "token": status_token(registration.reference)})
    assert registration.payment_method == PaymentMethod.BANK_TRANSFER
    assert registration.status == RegistrationStatus.AWAITING_PAYMENT
    assert transfer.amount_vnd == category.price_vnd


def test_transfer_only_category_needs_no_choice(client):
    category = paid_category()
    CategoryPaymentMethods.objects.create(category=category, stripe=False, bank_transfer=True)
    review = fill_details(client, category)
    page = client.get(review).content.decode()
    assert 'name="payment_method"' not in page
    assert "VietQR" in page
    response = client.post(review, {"consent": "on"})
    assert response.status_code == 302
    assert BankTransfer.objects.count() == 1


def test_a_method_not_offered_cannot_be_forced(client, fake_stripe):
    category = paid_category()
    CategoryPaymentMethods.objects.create(category=category, stripe=True, bank_transfer=False)
    review = fill_details(client, category)
    client.post(review, {"consent": "on", "payment_method": "bank_transfer"})
    registration = Registration.objects.get()
    assert registration.payment_method == PaymentMethod.STRIPE
    assert BankTransfer.objects.count() == 0


def test_without_stripe_keys_card_is_not_offered(client, settings):
    """No Stripe keys: card was offered and pre-selected, then failed. Now only the transfer."""
    settings.STRIPE_SECRET_KEY = ""
    category = paid_category()
    review = fill_details(client, category)
    page = client.get(review).content.decode()
    assert 'name="payment_method"' not in page
    assert "ghế được giữ 3 ngày" in page
    client.post(review, {"consent": "on", "payment_method": "stripe"})  # cannot be forced
    registration = Registration.objects.get()
    assert registration.payment_method == PaymentMethod.BANK_TRANSFER
    assert BankTransfer.objects.filter(registration=registration).exists()


def test_no_working_method_takes_no_seats(client, settings):
    settings.STRIPE_SECRET_KEY = ""
    category = paid_category()
    CategoryPaymentMethods.objects.create(category=category, stripe=True, bank_transfer=False)
    review = fill_details(client, category)
    page = client.get(review).content.decode()
    assert "Hiện chưa thể thanh toán trực tuyến cho hạng này" in page
    client.post(review, {"consent": "on"})
    assert Registration.objects.count() == 0


def test_card_failure_offers_the_transfer_in_one_step(client, fake_stripe):
    category = paid_category()
    review = fill_details(client, category)
    fake_stripe.fail_next.append(("/v1/checkout/sessions", 500))
    response = client.post(review, {"consent": "on", "payment_method": "stripe"}, follow=True)
    page = response.content.decode()
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.AWAITING_PAYMENT
    assert "Quý vị có thể chuyển khoản thay thế" in page
    switch = reverse("payments:start_transfer", kwargs={
        "reference": registration.reference, "token": status_token(registration.reference)})
    assert f'action="{switch}"' in page
    response = client.post(switch)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.payment_method == PaymentMethod.BANK_TRANSFER
