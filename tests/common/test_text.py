import unicodedata

from conference.common.text import fold, nfc, spreadsheet_safe, vietnamese_sort_key


def test_nfc_composes_decomposed_vietnamese():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Anh Thi")
    assert decomposed != "Nguyễn Thị Anh Thi"
    assert nfc(decomposed) == "Nguyễn Thị Anh Thi"
    assert nfc("  Hồ   Kỳ  Minh ") == "Hồ Kỳ Minh"


def test_fold_strips_diacritics_and_maps_d_stroke():
    assert fold("Nguyễn Thị Anh Thi") == "nguyen thi anh thi"
    assert fold("Đà Nẵng") == "da nang"
    assert fold(unicodedata.normalize("NFD", "Đặng Đức")) == "dang duc"


def test_vietnamese_sort_key_orders_by_given_name_then_family():
    names = ["Nguyễn Thị Anh Thi", "Hồ Kỳ Minh", "Lương Nguyễn Minh Triết", "Trần An"]
    assert sorted(names, key=vietnamese_sort_key) == [
        "Trần An",
        "Hồ Kỳ Minh",
        "Nguyễn Thị Anh Thi",
        "Lương Nguyễn Minh Triết",
    ]


def test_spreadsheet_safe_neutralises_formulas():
    assert spreadsheet_safe("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert spreadsheet_safe("+84 905") == "'+84 905"
    assert spreadsheet_safe("Nguyễn") == "Nguyễn"
    assert spreadsheet_safe(42) == 42
