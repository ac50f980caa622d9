"""Reading statements as Vietnamese banks export them."""

import datetime as dt
import io
import unicodedata

import pytest
from openpyxl import Workbook

from conference.payments.statements import (
    StatementError,
    line_hashes,
    parse_amount,
    parse_date,
    parse_statement,
)


@pytest.mark.parametrize(
    ("raw", "amount"),
    [
        ("1.500.000", 1_500_000), ("1,500,000", 1_500_000), ("1500000", 1_500_000),
        ("1 500 000", 1_500_000), ("1.500.000 VND", 1_500_000), ("1.500.000đ", 1_500_000),
        ("1.500.000,00", 1_500_000), ("1,500,000.00", 1_500_000), ("+1,500,000", 1_500_000),
        ("-200,000", -200_000), ("(200.000)", -200_000), ("1.500", 1_500), (1500000, 1_500_000),
        (1500000.0, 1_500_000), ("1500000.0", 1_500_000),
    ],
)
def test_amounts(raw, amount):
    assert parse_amount(raw) == amount


@pytest.mark.parametrize("raw", ["", None, "abc", "1.50", "1,5", "12,34,567", "1.500.000,50",
                                 1.5, "--5"])
def test_not_amounts(raw):
    assert parse_amount(raw) is None


@pytest.mark.parametrize(
    ("raw", "date"),
    [
        ("22/11/2026", dt.date(2026, 11, 22)), ("22/11/2026 10:15:01", dt.date(2026, 11, 22)),
        ("2026-11-22", dt.date(2026, 11, 22)), ("22-11-2026", dt.date(2026, 11, 22)),
        ("03/04/2026", dt.date(2026, 4, 3)),  # day first
        ("22/11/2026 10:15:01 SA", dt.date(2026, 11, 22)),
        (dt.datetime(2026, 11, 22, 9, 0), dt.date(2026, 11, 22)),
    ],
)
def test_dates(raw, date):
    assert parse_date(raw) == date


VCB_CSV = """NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM
SAO KÊ TÀI KHOẢN
Số tài khoản: 0011004433221
Từ ngày 20/11/2026 đến ngày 22/11/2026

STT,Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Mô tả
1,20/11/2026,5532123,,"1.500.000","MBVCB.5532123.GCK7M3QXK.CT tu 0071000 NGUYEN VAN A"
2,21/11/2026,5532124,"50.000",,"Phi dich vu SMS"
3,22/11/2026,5532125,,"750.000","Chuyển tiền hội thảo"
,,,Tổng cộng,"50.000","2.250.000"
"""


TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Excel on a Vietnamese Windows writes it: letters with a circumflex, breve
    or horn are precomposed, tone marks follow as combining characters ("Ạ" = "A" + U+0323)."""
    out = []
    for char in text:
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            tones = [m for m in marks if m in TONE_MARKS]
            letter = unicodedata.normalize("NFC", base + "".join(m for m in marks
                                                              if m not in TONE_MARKS))
            out.append((letter + "".join(tones)).encode("cp1258"))
    return b"".join(out)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
def test_csv_with_bank_header_block_and_vietnamese_columns(encoding):
    data = to_cp1258(VCB_CSV) if encoding == "cp1258" else VCB_CSV.encode(encoding)
    parsed = parse_statement(data, "saoke.csv")
    assert [(r.row_number, r.booked_on, r.amount_vnd, r.bank_reference) for r in parsed.rows] == [
        (7, dt.date(2026, 11, 20), 1_500_000, "5532123"),
        (9, dt.date(2026, 11, 22), 750_000, "5532125"),
    ]
    assert parsed.rows[0].description == "MBVCB.5532123.GCK7M3QXK.CT tu 0071000 NGUYEN VAN A"
    assert parsed.skipped == 2  # the debit and the totals row
    assert "Chuyển tiền hội thảo" == parsed.rows[1].description  # NFC whatever the encoding


def test_semicolon_csv_with_signed_amount_column():
    text = (
        "Ngày;Số tiền;Nội dung\n"
        "20/11/2026;1,500,000;GC K7M3 QXK\n"
        "20/11/2026;-20,000;phi\n"
    )
    parsed = parse_statement(text.encode(), "export.csv")
    assert [(r.amount_vnd, r.description) for r in parsed.rows] == [(1_500_000, "GC K7M3 QXK")]


def test_english_columns_and_bilingual_headers():
    text = (
        "Transaction date,Debit/Nợ,Credit/Có,Balance,Transaction details\n"
        "2026-11-20,,1500000,9000000,IBFT GCK7M3QXK\n"
    )
    parsed = parse_statement(text.encode(), "tcb.csv")
    assert [(r.booked_on, r.amount_vnd, r.description) for r in parsed.rows] == [
        (dt.date(2026, 11, 20), 1_500_000, "IBFT GCK7M3QXK")
    ]


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_typed_cells_and_text_amounts():
    data = _xlsx([
        ["BIDV - SAO KÊ"],
        [],
        ["Ngày hiệu lực", "Diễn giải", "Ghi nợ", "Ghi có"],
        [dt.datetime(2026, 11, 20, 8, 30), "GCK7M3QXK NGUYEN VAN A", None, 1500000],
        ["21/11/2026", "gc-k7m3-qxk", None, "1.500.000"],
        [None, "Cộng phát sinh", 0, 3000000],
    ])
    parsed = parse_statement(data, "bidv.xlsx")
    assert [(r.row_number, r.booked_on, r.amount_vnd) for r in parsed.rows] == [
        (4, dt.date(2026, 11, 20), 1_500_000), (5, dt.date(2026, 11, 21), 1_500_000),
    ]
    assert parsed.skipped == 1


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"a,b,c\n1,2,3\n", "x.csv", "No header row"),
        (b"%PDF-1.4", "x.pdf", "CSV or XLSX"),
        (b"PK\x03\x04garbage", "x.xlsx", "Excel"),
    ],
)
def test_unreadable_files_raise_a_domain_error(data, name, message):
    from django.utils import translation

    with translation.override("en"), pytest.raises(StatementError) as caught:
        parse_statement(data, name)
    assert message in str(caught.value.message)


def test_line_hashes_ignore_formatting_but_count_repeats():
    text_a = (
        "Ngày,Số tiền,Nội dung\n"
        "20/11/2026,1.500.000,GC-K7M3 QXK\n"
        "20/11/2026,1.500.000,GC-K7M3 QXK\n"
    )
    text_b = "Date,Amount,Description\n2026-11-20,1500000,gck7m3qxk\n"
    rows_a = parse_statement(text_a.encode(), "a.csv").rows
    rows_b = parse_statement(text_b.encode(), "b.csv").rows
    hashes_a, hashes_b = line_hashes(rows_a), line_hashes(rows_b)
    assert hashes_a[0] != hashes_a[1]  # two real payments in one statement
    assert hashes_b[0] == hashes_a[0]  # the same line exported again in another format


def test_a_csv_field_over_128_kb_is_refused_with_the_line():
    from django.utils import translation

    data = ("Ngày,Ghi có,Nội dung\n20/11/2026,100000,ok\n20/11/2026,5,\"" + "x" * 200_000
            + "\"\n").encode()
    with translation.override("en"), pytest.raises(StatementError) as caught:
        parse_statement(data, "huge.csv")
    assert caught.value.code == "bad_csv"
    assert "Line 3" in str(caught.value.message)


def test_nul_and_control_characters_never_reach_a_description():
    data = "Ngày,Ghi có,Nội dung\n20/11/2026,100000,CK\x00 GCK7M3\x1bQXK\n".encode()
    row = parse_statement(data, "nul.csv").rows[0]
    assert row.description == "CK GCK7M3QXK"


def test_utf16_exports_are_read():
    data = "Ngày\tGhi có\tNội dung\n20/11/2026\t100000\tChuyển tiền\n".encode("utf-16")
    row = parse_statement(data, "unicode.txt").rows[0]
    assert (row.amount_vnd, row.description) == (100_000, "Chuyển tiền")


# --- Workbooks built to exhaust memory (issue #12, item 6) -------------------------------------

_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sao ke" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="{dimension}"/><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Ngày giao dịch</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Số tiền ghi có</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>Nội dung</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>20/11/2026</t></is></c><c r="B2"><v>1500000</v></c>'
    '<c r="C2" t="inlineStr"><is><t>GCK7M3QXK chuyen tien</t></is></c></row>'
)


def _workbook(sheet_chunks) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _XLSX_PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for chunk in sheet_chunks:
                sheet.write(chunk)
    return buffer.getvalue()


def _peak_bytes(work):
    """Peak of memory allocated by Python while ``work`` runs (an upper bound check only)."""
    import tracemalloc

    tracemalloc.start()
    try:
        result = work()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return result, peak


def test_a_workbook_claiming_16384_columns_is_read_within_bounds():
    # The dimension claims A1:XFD2000 and a last row at 2000: the old parser padded each of the
    # 2,000 rows to 16,384 cells (260 MB here; past 2 GiB at 20,000 rows).
    data = _workbook([
        _SHEET_HEAD.format(dimension="A1:XFD2000").encode(),
        b'<row r="2000"><c r="XFD2000"><v>1</v></c></row></sheetData></worksheet>',
    ])
    assert len(data) < 5_000
    parsed, peak = _peak_bytes(lambda: parse_statement(data, "saoke.xlsx"))
    assert [(r.booked_on, r.amount_vnd, r.description) for r in parsed.rows] == [
        (dt.date(2026, 11, 20), 1_500_000, "GCK7M3QXK chuyen tien"),
    ]
    assert peak < 50 * 1024 * 1024, f"{peak / 2**20:.0f} MB"


def test_a_workbook_of_zipped_whitespace_is_refused_before_it_is_inflated():
    # 300 MB of whitespace inside the sheet, about 300 KB zipped.
    space = b" " * (1024 * 1024)
    data = _workbook([_SHEET_HEAD.format(dimension="A1:C2").encode(), *([space] * 300),
                      b"</sheetData></worksheet>"])
    assert len(data) < 1024 * 1024
    from django.utils import translation

    def parse():
        with translation.override("vi"), pytest.raises(StatementError) as caught:
            parse_statement(data, "saoke.xlsx")
        return caught.value

    error, peak = _peak_bytes(parse)
    assert error.code == "too_large"
    assert "khi giải nén lên tới 300 MB" in str(error.message)
    assert peak < 20 * 1024 * 1024, f"{peak / 2**20:.0f} MB"
