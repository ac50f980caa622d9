"""VietQR payloads, checked by independent decoders: two npm libraries, zxing-cpp for images."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from conference.payments import vietqr

NODE_DIR = Path(__file__).parent / "node"


def decode_with_npm(*payloads: str) -> list[dict]:
    """Run tests/payments/node/decode.js (vietnam-qr-pay and promptparse from npm)."""
    node = shutil.which("node")
    if node is None or not (NODE_DIR / "node_modules" / "vietnam-qr-pay").exists():
        pytest.fail("node and tests/payments/node/node_modules are needed: run `make test` "
                    "(it runs npm ci there)")
    result = subprocess.run(
        [node, str(NODE_DIR / "decode.js")], input="\n".join(payloads) + "\n",
        capture_output=True, text=True, check=True, timeout=60,
    )
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_crc16_ccitt_false_check_value():
    # The published check value of CRC-16/CCITT-FALSE for the ASCII string "123456789".
    assert vietqr.crc16_ccitt_false(b"123456789") == 0x29B1


def test_payload_layout_is_exact():
    payload = vietqr.build_payload(
        bin_code="970436", account="0011004433221", amount_vnd=1_500_000,
        reference="GCK7M3QX4", account_name="Cục Chuyển đổi số Quốc gia",
    )
    body = (
        "000201"
        "010212"
        "3857" "0010A000000727" "0127" "0006970436" "01130011004433221" "0208QRIBFTTA"
        "5303704"
        "54071500000"
        "5802VN"
        "5922CUC CHUYEN DOI SO QUOC"  # 25 characters at most: whole words
        "62130809GCK7M3QX4"
        "6304"
    )
    assert payload.startswith(body)
    assert payload == body + f"{vietqr.crc16_ccitt_false(body.encode()):04X}"
    assert len(payload) == len(body) + 4


def test_npm_decoders_read_bank_account_amount_and_reference():
    reference = vietqr.new_reference()
    payloads = [
        vietqr.build_payload(bin_code="970436", account="0011004433221", amount_vnd=1_500_000,
                             reference=reference, account_name="Cục Chuyển đổi số"),
        vietqr.build_payload(bin_code="970415", account="113366668888", amount_vnd=79_000,
                             reference="GCAAAAAAA"),
    ]
    first, second = decode_with_npm(*payloads)

    qr = first["vietnamQrPay"]
    assert qr["isValid"] is True
    assert qr["provider"] == "VIETQR"
    assert qr["guid"] == "A000000727"
    assert qr["service"] == "QRIBFTTA"
    assert qr["bankBin"] == "970436"
    assert qr["bankNumber"] == "0011004433221"
    assert qr["amount"] == "1500000"
    assert qr["currency"] == "704"
    assert qr["nation"] == "VN"
    assert qr["initMethod"] == "12"
    assert qr["merchantName"] == "CUC CHUYEN DOI SO"
    assert qr["purpose"] == reference
    assert qr["crc"] == payloads[0][-4:]

    generic = first["promptparse"]  # null unless its strict CRC check passed
    assert generic == {
        "crcValid": True, "guid": "A000000727",
        "beneficiary": "0006970436" "01130011004433221", "service": "QRIBFTTA",
        "amount": "1500000", "currency": "704", "purpose": reference, "subTagCount": 3,
    }
    assert second["vietnamQrPay"]["bankBin"] == "970415"
    assert second["vietnamQrPay"]["bankNumber"] == "113366668888"
    assert second["vietnamQrPay"]["amount"] == "79000"
    assert second["vietnamQrPay"]["purpose"] == "GCAAAAAAA"


def test_npm_decoders_reject_a_wrong_crc():
    payload = vietqr.build_payload(bin_code="970436", account="0011004433221",
                                   amount_vnd=500_000, reference="GCAAAAAAA")
    wrong = payload[:-4] + ("0000" if payload[-4:] != "0000" else "FFFF")
    (decoded,) = decode_with_npm(wrong)
    assert decoded["vietnamQrPay"]["isValid"] is False
    assert decoded["promptparse"] is None


def test_qr_image_decodes_back_to_the_payload(tmp_path):
    import zxingcpp

    payload = vietqr.payload_for(amount_vnd=2_000_000, reference="GCAAAAAAA")
    path = tmp_path / "qr.png"
    path.write_bytes(vietqr.qr_png(payload))
    results = zxingcpp.read_barcodes(Image.open(path))
    assert [r.text for r in results] == [payload]
    assert results[0].format == zxingcpp.BarcodeFormat.QRCode


def test_payload_uses_settings(settings):
    settings.BANK_TRANSFER_BIN = "970418"
    settings.BANK_TRANSFER_ACCOUNT = "12010000123456"
    settings.BANK_TRANSFER_ACCOUNT_NAME = "Ban tổ chức"
    objects = vietqr.parse_objects(vietqr.payload_for(amount_vnd=10, reference="GCAAAAAAA"))
    assert objects.crc_ok is True
    assert objects.objects["38"] == "0010A000000727" "0128" "0006970418" "011412010000123456" \
        "0208QRIBFTTA"
    assert objects.objects["59"] == "BAN TO CHUC"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"bin_code": "97043"}, {"bin_code": "97043A"}, {"account": ""},
        {"account": "0011-0044"}, {"amount_vnd": 0}, {"amount_vnd": -5},
        {"amount_vnd": 10**13}, {"reference": ""}, {"reference": "GC K7M3"},
    ],
)
def test_build_payload_refuses_bad_input(kwargs):
    good = {"bin_code": "970436", "account": "0011004433221", "amount_vnd": 1000,
            "reference": "GCAAAAAAA"}
    with pytest.raises(vietqr.PayloadError):
        vietqr.build_payload(**{**good, **kwargs})


# --- references -----------------------------------------------------------------------------------


def test_new_references_are_well_formed_and_distinct():
    references = {vietqr.new_reference() for _ in range(500)}
    assert len(references) == 500
    for reference in references:
        assert len(reference) == 9
        assert reference.startswith("GC")
        assert vietqr.is_valid_reference(reference)
        assert not set(reference[2:]) & set("0O1IL2Z5S6G8B")


def test_check_character_catches_a_typo_and_a_swap():
    reference = "GCK7M3QX" + vietqr._check_character("K7M3QX")
    assert vietqr.is_valid_reference(reference)
    body = reference[2:8]
    for position in range(6):
        for char in vietqr.REFERENCE_ALPHABET:
            if char != body[position]:
                typo = "GC" + body[:position] + char + body[position + 1:] + reference[-1]
                assert not vietqr.is_valid_reference(typo), typo
    for position in range(5):
        a, b = body[position], body[position + 1]
        if a != b:
            swapped = body[:position] + b + a + body[position + 2:]
            assert not vietqr.is_valid_reference("GC" + swapped + reference[-1])


@pytest.mark.parametrize(
    "description",
    [
        "GCK7M3QXK",
        "gck7m3qxk",
        "GC-K7M3 QXK",
        "GC K7 M3 QX K thanh toan hoi thao",
        "MBVCB.5532123.GCK7M3QXK.CT tu 0071000123456 NGUYEN VAN A toi 0011004433221",
        "Chuyển tiền GCK7M3QXK – Nguyễn Thị Ánh",
        "IBFT gc.k7m3.qxk",
        "TRAN THI B CHUYEN KHOAN GCGCK7M3QXK",  # bank text running into ours
    ],
)
def test_reference_found_in_what_banks_write(description):
    reference = "GCK7M3QX" + vietqr._check_character("K7M3QX")
    assert reference == "GCK7M3QXK"
    assert vietqr.find_references(description) == [reference]


def test_no_reference_in_unrelated_text():
    assert vietqr.find_references("NGUYEN VAN A chuyen tien hoi thao") == []
    assert vietqr.find_references("GCK7M3QXA") == []  # wrong check character
    assert vietqr.find_references("") == []


def test_qr_svg_is_inline_markup():
    svg = vietqr.qr_svg(vietqr.payload_for(amount_vnd=1000, reference="GCAAAAAAA"))
    assert svg.startswith("<svg") or svg.startswith("<?xml")
    assert "<path" in svg
