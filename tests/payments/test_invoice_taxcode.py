"""Tax codes (mã số thuế) of organisations asking for a VAT e-invoice."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from conference.payments.taxcode import (
    check_digit,
    is_valid_tax_code,
    normalise_tax_code,
    tax_code_error,
    validate_tax_code,
)


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("0100109106", "0100109106"),  # Viettel
        ("0101248141", "0101248141"),  # FPT
        ("0300588569", "0300588569"),  # Vinamilk
        ("0100109106-001", "0100109106-001"),
        ("0100109106001", "0100109106-001"),  # branch without the dash
        (" 0100 109 106 - 001 ", "0100109106-001"),
        ("0101.248.141", "0101248141"),
    ],
)
def test_valid_tax_codes(raw, normalised):
    assert normalise_tax_code(raw) == normalised
    assert tax_code_error(raw) is None
    assert is_valid_tax_code(raw)
    validate_tax_code(raw)


LENGTH = "A tax code has 10 digits, or 13 with the branch suffix (e.g. 0100109106-001)."
CHECK = "This tax code is not valid: please check the digits."


@pytest.mark.parametrize(
    ("raw", "message_en"),
    [
        ("", "Enter the tax code."),
        ("010010910", LENGTH),
        ("01001091061", LENGTH),
        ("0100109106-01", LENGTH),
        ("010010910A", LENGTH),
        ("0100109107", CHECK),  # wrong check digit
        ("0101248142", CHECK),
        ("1001009106", CHECK),  # swapped digits
        ("0000000000", CHECK),
        ("0100109106-000", "The branch suffix runs from 001 to 999."),
    ],
)
def test_invalid_tax_codes_say_why(raw, message_en):
    with translation.override("en"):
        assert tax_code_error(raw) == message_en
        with pytest.raises(ValidationError):
            validate_tax_code(raw)
    assert not is_valid_tax_code(raw)


def test_error_is_in_vietnamese_by_default():
    assert tax_code_error("0100109107") == (
        "Mã số thuế không hợp lệ: vui lòng kiểm tra lại các chữ số."
    )


def test_check_digit_rule():
    assert check_digit("010010910") == 6
    assert check_digit("010124814") == 1
    assert check_digit("030058856") == 9
    # Every 9-digit start has at most one valid tenth digit.
    assert sum(check_digit(f"{n:09d}") is None for n in range(1000)) > 0
