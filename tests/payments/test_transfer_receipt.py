"""Whoever paid a bank transfer gets the "payment received" e-mail, not only the attendees."""

import pytest

from conference.common.models import OutboxMessage
from conference.payments import services
from tests.registration.factories import person

from .bank import paid_category, register_by_transfer, statement_csv

pytestmark = pytest.mark.django_db


def test_the_contact_who_paid_a_delegation_gets_the_receipt(user_factory):
    category = paid_category(price_vnd=1_500_000)
    registration, transfer = register_by_transfer(
        category, people=[person(1), person(2)], contact_email="ketoan@songhan.vn")
    data = statement_csv([("22/11/2026", "3.000.000", f"CT {transfer.reference} SONG HAN")])
    services.import_statement(data=data, filename="saoke.csv", by=user_factory())
    receipt = OutboxMessage.objects.get(template="payments/receipt")
    assert receipt.to == "ketoan@songhan.vn"
    assert "Chúng tôi đã nhận được khoản chuyển khoản 3.000.000" in receipt.body_text
    assert transfer.reference in receipt.body_text
    assert receipt.subject.endswith(f"({registration.reference})")
    confirmed = OutboxMessage.objects.filter(template="registration/confirmed")
    assert sorted(m.to for m in confirmed) == ["nguoi1@example.vn", "nguoi2@example.vn"]


def test_a_payment_the_desk_records_by_hand_is_receipted_too(user_factory):
    category = paid_category(price_vnd=500_000)
    registration, _transfer = register_by_transfer(category, people=[person(3)])
    services.mark_paid_by_hand(registration=registration, by=user_factory(),
                               note="Tiền mặt, phiếu thu 0123")
    receipt = OutboxMessage.objects.get(template="payments/receipt")
    assert receipt.to == "nguoi3@example.vn"
    assert "Ban tổ chức đã ghi nhận khoản thanh toán 500.000" in receipt.body_text
