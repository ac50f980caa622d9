"""Vietnamese tax codes (mã số thuế) of the organisations that ask for a VAT e-invoice.

An organisation's code has 10 digits; a dependent unit (branch, representative office) adds a
3-digit suffix: "0100109106-001". People type it with or without the dash, with spaces or dots.

The first two digits are the province, the next seven a sequence (never 0000000), and the tenth a
check digit: N10 = 10 - (31·N1 + 29·N2 + 23·N3 + 19·N4 + 17·N5 + 13·N6 + 7·N7 + 5·N8 + 3·N9) mod 11
(the rule python-stdnum's vn.mst applies too). Checked against published codes: Viettel
0100109106, FPT 0101248141, Vinamilk 0300588569. A remainder of 0 would need a check digit of 10:
no such code is issued.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def check_digit(first_nine: str) -> int | None:
    """The tenth digit for the first nine, or None when no valid code can start with them."""
    remainder = sum(w * int(d) for w, d in zip(_WEIGHTS, first_nine, strict=True)) % 11
    digit = 10 - remainder
    return None if digit == 10 else digit % 10


def normalise_tax_code(value: str | None) -> str:
    """Canonical form: "0100109106" or "0100109106-001" (spaces, dots and dashes removed first)."""
    digits = re.sub(r"[\s.\-_/]", "", value or "")
    if len(digits) == 13 and digits.isdigit():
        return f"{digits[:10]}-{digits[10:]}"
    return digits


def tax_code_error(value: str | None) -> str | None:
    """The reason a tax code is wrong, in the active language, or None when it is right."""
    code = normalise_tax_code(value)
    if not code:
        return str(_("Enter the tax code."))
    main, _dash, branch = code.partition("-")
    if not main.isdigit() or len(main) != 10 or (branch and len(branch) != 3):
        return str(
            _("A tax code has 10 digits, or 13 with the branch suffix (e.g. 0100109106-001).")
        )
    if main[:2] == "00" or main[2:9] == "0000000":
        return str(_("This tax code is not valid: please check the digits."))
    if branch == "000":
        return str(_("The branch suffix runs from 001 to 999."))
    if check_digit(main[:9]) != int(main[9]):
        return str(_("This tax code is not valid: please check the digits."))
    return None


def is_valid_tax_code(value: str | None) -> bool:
    return tax_code_error(value) is None


def validate_tax_code(value: str | None) -> None:
    """Django validator (forms and model fields)."""
    error = tax_code_error(value)
    if error:
        raise ValidationError(error, code="tax_code")
