"""Helpers for bank-transfer tests: a paid registration, statement files as banks write them."""

import io

from openpyxl import Workbook

from conference.payments import services as payment_services
from conference.registration import services as registration_services
from conference.registration.enums import PaymentMethod
from tests.registration.factories import consent, make_category, make_edition, person


def paid_category(*, price_vnd: int = 1_500_000, quota: int = 10, **fields):
    edition = make_edition()
    return make_category(edition, price_vnd=price_vnd, quota=quota, **fields)


def register_by_transfer(category, people=None, **kwargs):
    registration = registration_services.start_registration(
        category=category, attendees=people or [person()],
        consent_version=consent(category.edition),
        payment_method=PaymentMethod.BANK_TRANSFER, **kwargs,
    )
    transfer = payment_services.start_bank_transfer(registration=registration)
    registration.refresh_from_db()
    return registration, transfer


def statement_csv(lines: list[tuple[str, str, str]]) -> bytes:
    """A Vietcombank-style CSV: bank header block, Vietnamese columns, dotted amounts."""
    out = [
        "NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM",
        "SAO KÊ TÀI KHOẢN 0011004433221",
        "",
        "STT,Ngày giao dịch,Số tiền ghi nợ,Số tiền ghi có,Mô tả",
    ]
    for number, (date, amount, description) in enumerate(lines, start=1):
        out.append(f'{number},{date},,"{amount}","{description}"')
    return ("\n".join(out) + "\n").encode("utf-8")


def statement_xlsx(lines: list[tuple]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Ngày hiệu lực", "Diễn giải", "Ghi nợ", "Ghi có"])
    for date, amount, description in lines:
        sheet.append([date, description, None, amount])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
