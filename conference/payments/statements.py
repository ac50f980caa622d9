"""Reading bank statements as Vietnamese banks export them (CSV or XLSX).

Exports differ from bank to bank but carry the same three things we need: the date, the amount
credited and the description the payer's bank wrote. We look for the header row among the first
rows (banks put their name, the account and the period above it), recognise its columns by name
in Vietnamese or English, and read every row below that has a date and a credited amount. Debits
(money going out) and totals rows are skipped.

Parsing is pure: no database. Matching lines to registrations lives in services.py.
"""

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from conference.common.exceptions import DomainError
from conference.common.text import fold

from .vietqr import normalise_description

MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 40
# Columns a statement can have: banks export 5 to 20. A workbook's declared dimension is ignored
# (a dimension claiming 16,384 columns made every row a list of 16,384 cells: past 2 GiB).
MAX_COLUMNS = 40
# What a workbook may unpack to, checked from the zip's directory before anything is inflated: a
# statement of MAX_ROWS rows is a few MB of XML; 300 KB of zipped whitespace inflates to hundreds.
MAX_UNPACKED_PART = 20 * 1024 * 1024
MAX_UNPACKED_TOTAL = 30 * 1024 * 1024
MAX_PARTS = 200


class StatementError(DomainError):
    code = "bad_statement"


@dataclass(frozen=True)
class StatementRow:
    """One credited line: what the bank says arrived."""

    row_number: int  # 1-based, as a spreadsheet shows it
    booked_on: dt.date
    amount_vnd: int
    description: str
    bank_reference: str = ""


@dataclass
class ParsedStatement:
    rows: list[StatementRow] = field(default_factory=list)
    skipped: int = 0  # rows below the header that were not credits (debits, totals, blanks)


# Column names seen in exports (folded, letters and digits only), best first. A credit column
# wins over a signed "amount" column when a statement has both.
_DATE_NAMES = (
    "ngaygiaodich", "ngaygd", "ngayhachtoan", "ngayhieuluc", "transactiondate", "postingdate",
    "bookingdate", "valuedate", "ngay", "date", "thoigian", "time",
)
_CREDIT_NAMES = (
    "sotienghico", "ghico", "sotienco", "credit", "creditamount", "co", "tiensotienco",
    "phatsinhco",
)
_AMOUNT_NAMES = ("sotien", "amount", "sotienvnd", "amountvnd", "giatri", "sotiengiaodich")
_DEBIT_NAMES = ("sotienghino", "ghino", "sotienno", "debit", "debitamount", "no", "phatsinhno")
_DESCRIPTION_NAMES = (
    "noidunggiaodich", "noidung", "motagiaodich", "mota", "diengiai", "noidungchuyenkhoan",
    "description", "details", "transactiondetails", "narrative", "remark", "remarks", "memo",
)
_REFERENCE_NAMES = (
    "sothamchieu", "mathamchieu", "sobuttoan", "magiaodich", "magd", "reference", "refno",
    "transactionid", "transactionno", "sogd", "sogiaodich", "fttranref",
)


def _key(value) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(str(value or "")))


def _header_key(value) -> str:
    """Bilingual headers ("Ghi có/Credit", "Số tiền ghi có (VND)") reduce to their first name."""
    text = str(value or "")
    text = re.split(r"[/\n(]", text)[0]
    return _key(text)


def _find_column(keys: list[str], names: tuple[str, ...], taken: set[int]) -> int | None:
    for name in names:
        for index, key in enumerate(keys):
            if index not in taken and key == name:
                return index
    for name in names:
        if len(name) < 4:
            continue  # "co"/"no" only match whole headers
        for index, key in enumerate(keys):
            if index not in taken and key.startswith(name):
                return index
    return None


@dataclass(frozen=True)
class _Columns:
    date: int
    description: int
    credit: int | None
    amount: int | None
    debit: int | None
    reference: int | None


def _columns_for(header: list) -> _Columns | None:
    keys = [_header_key(cell) for cell in header]
    taken: set[int] = set()
    date = _find_column(keys, _DATE_NAMES, taken)
    if date is None:
        return None
    taken.add(date)
    description = _find_column(keys, _DESCRIPTION_NAMES, taken)
    if description is None:
        return None
    taken.add(description)
    credit = _find_column(keys, _CREDIT_NAMES, taken)
    if credit is not None:
        taken.add(credit)
    debit = _find_column(keys, _DEBIT_NAMES, taken)
    if debit is not None:
        taken.add(debit)
    amount = None if credit is not None else _find_column(keys, _AMOUNT_NAMES, taken)
    if credit is None and amount is None:
        return None
    if amount is not None:
        taken.add(amount)
    reference = _find_column(keys, _REFERENCE_NAMES, taken)
    return _Columns(date, description, credit, amount, debit, reference)


# --- Values -------------------------------------------------------------------------------------

_AMOUNT_JUNK = re.compile(r"(?i)\s|vnd|vnđ|đ|d$|₫")


def parse_amount(value) -> int | None:
    """Whole dong from what banks print: 1.500.000 / 1,500,000 / 1 500 000 / 1500000 VND /
    1.500.000,00 / 1,500,000.00 / +1,500,000 / (1,500,000) for a debit. None if not a number.

    A separator followed by exactly three digits groups thousands (dong have no decimals); one
    followed by one or two digits at the end is a decimal part, which must be zero.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        number = Decimal(str(value))
        return int(number) if number == number.to_integral_value() else None
    text = _AMOUNT_JUNK.sub("", str(value))
    if not text:
        return None
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    if text[:1] in "+-":
        negative, text = text[0] == "-", text[1:]
    if not re.fullmatch(r"[0-9.,]+", text) or not text[0].isdigit():
        return None
    decimals = re.search(r"[.,](\d{1,2})$", text)
    if decimals:
        if int(decimals.group(1)) != 0:
            return None
        text = text[: decimals.start()]
    groups = re.split(r"[.,]", text)
    if len(groups) > 1 and not all(len(group) == 3 for group in groups[1:]):
        return None
    try:
        number = int("".join(groups))
    except ValueError:
        return None
    return -number if negative else number


_DATE_FORMATS = (
    "%d/%m/%Y", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d-%m-%Y", "%d-%m-%Y %H:%M:%S",
    "%d.%m.%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%d/%m/%y",
)


def parse_date(value) -> dt.date | None:
    """Day first, as Vietnamese statements print dates; datetimes from XLSX cells as they are."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    text = re.sub(r"\s+", " ", text)
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    # "22/11/2026 10:15:01 SA" and similar: take the date part only.
    head = re.match(r"(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})", text)
    if head and head.group(1) != text:
        return parse_date(head.group(1))
    return None


# --- Files --------------------------------------------------------------------------------------


# Control characters other than tab and line breaks: never in a statement, and PostgreSQL refuses
# NUL in text, so none may reach a description.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _decode(data: bytes) -> str:
    # Vietnamese Windows exports are often cp1258; utf-8 never decodes cp1258 text by accident.
    # cp1258 writes tone marks as combining characters: recompose (NFC) like every stored name.
    # Some exports are UTF-16 (Excel's "Unicode text"): its byte-order mark says so.
    encodings = ("utf-16",) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "cp1258")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _CONTROL.sub("", unicodedata.normalize("NFC", text))
    raise StatementError(_("The file is not readable text (unknown encoding)."))


def _csv_rows(data: bytes) -> list[list]:
    text = _decode(data)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) >= MAX_ROWS:
                break
    except csv.Error as exc:
        # A field over csv.field_size_limit() (128 KB), a stray quote at the end...
        raise StatementError(
            _("Line %(line)s of the file is not valid CSV (a field too long or a stray quote).")
            % {"line": reader.line_num}, code="bad_csv",
        ) from exc
    return rows


def _check_unpacked_size(data: bytes) -> None:
    """Refuse a workbook whose parts would inflate past the limits, from the sizes its zip
    directory declares (zipfile stops at the declared size and checks the CRC, so a part cannot
    inflate further than it says)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise StatementError(_("The file is not a readable Excel workbook.")) from exc
    total = sum(part.file_size for part in parts)
    if (len(parts) > MAX_PARTS or total > MAX_UNPACKED_TOTAL
            or any(part.file_size > MAX_UNPACKED_PART for part in parts)):
        raise StatementError(
            _("This workbook unpacks to %(size)s MB, more than a bank statement can be "
              "(at most %(limit)s MB). Export the statement again, as CSV or XLSX, for a "
              "shorter period.")
            % {"size": max(1, total // (1024 * 1024)),
               "limit": MAX_UNPACKED_TOTAL // (1024 * 1024)},
            code="too_large",
        )


def _xlsx_rows(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    _check_unpacked_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException...
        raise StatementError(_("The file is not a readable Excel workbook.")) from exc
    try:
        sheet = workbook.worksheets[0]
        # The declared dimension is not trusted: read at most MAX_COLUMNS columns and MAX_ROWS
        # rows, whatever the sheet claims (openpyxl pads every row to the width it is given).
        sheet.reset_dimensions()
        rows = []
        for row in sheet.iter_rows(max_col=MAX_COLUMNS, max_row=MAX_ROWS, values_only=True):
            rows.append(list(row))
        # Trailing empty cells (the padding) are dropped: they hold nothing to read.
        for row in rows:
            while row and row[-1] is None:
                row.pop()
        return rows
    except StatementError:
        raise
    except Exception as exc:  # malformed XML in a part, a bad shared-string index...
        raise StatementError(_("The file is not a readable Excel workbook.")) from exc
    finally:
        workbook.close()


def read_rows(data: bytes, filename: str) -> list[list]:
    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        return _xlsx_rows(data)
    if name.endswith((".csv", ".txt")):
        return _csv_rows(data)
    raise StatementError(_("Upload the statement as a CSV or XLSX file."))


def parse_statement(data: bytes, filename: str) -> ParsedStatement:
    """Credited lines of a statement file. Raises StatementError when no usable header is found."""
    rows = read_rows(data, filename)
    columns = None
    header_index = 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = _columns_for(row)
        if columns is not None:
            header_index = index
            break
    if columns is None:
        raise StatementError(
            _("No header row with a date, an amount and a description was found in the file.")
        )

    parsed = ParsedStatement()
    for offset, row in enumerate(rows[header_index + 1:], start=header_index + 2):

        def cell(index, row=row):
            return row[index] if index is not None and index < len(row) else None

        booked_on = parse_date(cell(columns.date))
        if columns.credit is not None:
            amount = parse_amount(cell(columns.credit))
        else:
            amount = parse_amount(cell(columns.amount))
        if booked_on is None or amount is None or amount <= 0:
            if any(str(value or "").strip() for value in row):
                parsed.skipped += 1
            continue
        parsed.rows.append(
            StatementRow(
                row_number=offset,
                booked_on=booked_on,
                amount_vnd=amount,
                description=" ".join(str(cell(columns.description) or "").split())[:1000],
                bank_reference=str(cell(columns.reference) or "").strip()[:100],
            )
        )
    return parsed


def line_hashes(rows: list[StatementRow]) -> list[str]:
    """A fingerprint per line that is the same whichever file the line comes from.

    Two statements covering overlapping periods repeat lines; their fingerprints collide and the
    second copy is recognised. Two genuinely identical payments in one statement (same day,
    amount, description) are told apart by their occurrence number within the file.
    """
    seen: dict[str, int] = {}
    hashes = []
    for row in rows:
        base = "|".join(
            (
                row.booked_on.isoformat(),
                str(row.amount_vnd),
                normalise_description(row.description),
                _key(row.bank_reference),
            )
        )
        seen[base] = seen.get(base, 0) + 1
        hashes.append(hashlib.sha256(f"{base}|{seen[base]}".encode()).hexdigest())
    return hashes


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
