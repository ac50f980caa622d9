"""Vietnam's 34 provinces and centrally-run cities since the 2025 reorganisation (Resolution
202/2025/QH15, in force from 12/06/2025), and the 63 older names mapped to the unit that now
holds them, so that data typed or imported with an old name ("Quảng Nam", "Bình Dương") lands
in the right province.

``province_code("tỉnh Quảng Nam")`` -> ``"da-nang"``; the choices are ``PROVINCE_CHOICES``.
"""

from functools import cache

from django.db import models
from django.utils import translation
from django.utils.translation import pgettext_lazy

from conference.common.text import fold


class Province(models.TextChoices):
    # The six centrally-run cities first, then the 28 provinces, north to south.
    HA_NOI = "ha-noi", pgettext_lazy("province", "Hanoi")
    HUE = "hue", pgettext_lazy("province", "Hue")
    HAI_PHONG = "hai-phong", pgettext_lazy("province", "Hai Phong")
    DA_NANG = "da-nang", pgettext_lazy("province", "Da Nang")
    HO_CHI_MINH = "ho-chi-minh", pgettext_lazy("province", "Ho Chi Minh City")
    CAN_THO = "can-tho", pgettext_lazy("province", "Can Tho")
    LAI_CHAU = "lai-chau", pgettext_lazy("province", "Lai Chau")
    DIEN_BIEN = "dien-bien", pgettext_lazy("province", "Dien Bien")
    SON_LA = "son-la", pgettext_lazy("province", "Son La")
    LAO_CAI = "lao-cai", pgettext_lazy("province", "Lao Cai")
    TUYEN_QUANG = "tuyen-quang", pgettext_lazy("province", "Tuyen Quang")
    CAO_BANG = "cao-bang", pgettext_lazy("province", "Cao Bang")
    LANG_SON = "lang-son", pgettext_lazy("province", "Lang Son")
    THAI_NGUYEN = "thai-nguyen", pgettext_lazy("province", "Thai Nguyen")
    PHU_THO = "phu-tho", pgettext_lazy("province", "Phu Tho")
    BAC_NINH = "bac-ninh", pgettext_lazy("province", "Bac Ninh")
    QUANG_NINH = "quang-ninh", pgettext_lazy("province", "Quang Ninh")
    HUNG_YEN = "hung-yen", pgettext_lazy("province", "Hung Yen")
    NINH_BINH = "ninh-binh", pgettext_lazy("province", "Ninh Binh")
    THANH_HOA = "thanh-hoa", pgettext_lazy("province", "Thanh Hoa")
    NGHE_AN = "nghe-an", pgettext_lazy("province", "Nghe An")
    HA_TINH = "ha-tinh", pgettext_lazy("province", "Ha Tinh")
    QUANG_TRI = "quang-tri", pgettext_lazy("province", "Quang Tri")
    QUANG_NGAI = "quang-ngai", pgettext_lazy("province", "Quang Ngai")
    GIA_LAI = "gia-lai", pgettext_lazy("province", "Gia Lai")
    DAK_LAK = "dak-lak", pgettext_lazy("province", "Dak Lak")
    KHANH_HOA = "khanh-hoa", pgettext_lazy("province", "Khanh Hoa")
    LAM_DONG = "lam-dong", pgettext_lazy("province", "Lam Dong")
    DONG_NAI = "dong-nai", pgettext_lazy("province", "Dong Nai")
    TAY_NINH = "tay-ninh", pgettext_lazy("province", "Tay Ninh")
    VINH_LONG = "vinh-long", pgettext_lazy("province", "Vinh Long")
    DONG_THAP = "dong-thap", pgettext_lazy("province", "Dong Thap")
    AN_GIANG = "an-giang", pgettext_lazy("province", "An Giang")
    CA_MAU = "ca-mau", pgettext_lazy("province", "Ca Mau")


P = Province

#: Each of the 63 provinces and cities before 12/06/2025 -> the unit that holds it now.
OLD_PROVINCES: dict[str, Province] = {
    "Hà Nội": P.HA_NOI, "Thừa Thiên Huế": P.HUE, "Hải Phòng": P.HAI_PHONG,
    "Hải Dương": P.HAI_PHONG, "Đà Nẵng": P.DA_NANG, "Quảng Nam": P.DA_NANG,
    "Hồ Chí Minh": P.HO_CHI_MINH, "Bình Dương": P.HO_CHI_MINH,
    "Bà Rịa - Vũng Tàu": P.HO_CHI_MINH, "Cần Thơ": P.CAN_THO, "Sóc Trăng": P.CAN_THO,
    "Hậu Giang": P.CAN_THO, "Lai Châu": P.LAI_CHAU, "Điện Biên": P.DIEN_BIEN,
    "Sơn La": P.SON_LA, "Lào Cai": P.LAO_CAI, "Yên Bái": P.LAO_CAI,
    "Tuyên Quang": P.TUYEN_QUANG, "Hà Giang": P.TUYEN_QUANG, "Cao Bằng": P.CAO_BANG,
    "Lạng Sơn": P.LANG_SON, "Thái Nguyên": P.THAI_NGUYEN, "Bắc Kạn": P.THAI_NGUYEN,
    "Phú Thọ": P.PHU_THO, "Vĩnh Phúc": P.PHU_THO, "Hòa Bình": P.PHU_THO,
    "Bắc Ninh": P.BAC_NINH, "Bắc Giang": P.BAC_NINH, "Quảng Ninh": P.QUANG_NINH,
    "Hưng Yên": P.HUNG_YEN, "Thái Bình": P.HUNG_YEN, "Ninh Bình": P.NINH_BINH,
    "Hà Nam": P.NINH_BINH, "Nam Định": P.NINH_BINH, "Thanh Hóa": P.THANH_HOA,
    "Nghệ An": P.NGHE_AN, "Hà Tĩnh": P.HA_TINH, "Quảng Trị": P.QUANG_TRI,
    "Quảng Bình": P.QUANG_TRI, "Quảng Ngãi": P.QUANG_NGAI, "Kon Tum": P.QUANG_NGAI,
    "Gia Lai": P.GIA_LAI, "Bình Định": P.GIA_LAI, "Đắk Lắk": P.DAK_LAK,
    "Phú Yên": P.DAK_LAK, "Khánh Hòa": P.KHANH_HOA, "Ninh Thuận": P.KHANH_HOA,
    "Lâm Đồng": P.LAM_DONG, "Đắk Nông": P.LAM_DONG, "Bình Thuận": P.LAM_DONG,
    "Đồng Nai": P.DONG_NAI, "Bình Phước": P.DONG_NAI, "Tây Ninh": P.TAY_NINH,
    "Long An": P.TAY_NINH, "Vĩnh Long": P.VINH_LONG, "Bến Tre": P.VINH_LONG,
    "Trà Vinh": P.VINH_LONG, "Đồng Tháp": P.DONG_THAP, "Tiền Giang": P.DONG_THAP,
    "An Giang": P.AN_GIANG, "Kiên Giang": P.AN_GIANG, "Cà Mau": P.CA_MAU,
    "Bạc Liêu": P.CA_MAU,
}

#: Other spellings people type.
ALIASES: dict[str, Province] = {
    "Hanoi": P.HA_NOI, "Thành phố Huế": P.HUE, "Thua Thien Hue": P.HUE,
    "TP HCM": P.HO_CHI_MINH, "TPHCM": P.HO_CHI_MINH, "HCM": P.HO_CHI_MINH,
    "Sài Gòn": P.HO_CHI_MINH, "Saigon": P.HO_CHI_MINH, "Ho Chi Minh City": P.HO_CHI_MINH,
    "Danang": P.DA_NANG, "Haiphong": P.HAI_PHONG, "Vũng Tàu": P.HO_CHI_MINH,
    "Bà Rịa Vũng Tàu": P.HO_CHI_MINH, "Dak Lak": P.DAK_LAK, "Đắc Lắc": P.DAK_LAK,
    "Đắk Nông": P.LAM_DONG, "Thanh Hoá": P.THANH_HOA, "Khánh Hoà": P.KHANH_HOA,
    "Hoà Bình": P.PHU_THO,
}

_PREFIXES = ("thanh pho ", "tinh ", "tp. ", "tp ", "t. ", "province of ", "city of ")
_SUFFIXES = (" province", " city")


def _key(name: str) -> str:
    key = " ".join(fold(name).replace("-", " ").replace("–", " ").split())
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if key.startswith(prefix):
                key, changed = key[len(prefix):], True
        for suffix in _SUFFIXES:
            if key.endswith(suffix):
                key, changed = key[: -len(suffix)], True
    return key.replace(" ", "")


@cache
def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for name, province in [*OLD_PROVINCES.items(), *ALIASES.items()]:
        table[_key(name)] = province.value
    for province in Province:
        for language in ("vi", "en"):
            with translation.override(language):
                table.setdefault(_key(str(province.label)), province.value)
        table[province.value.replace("-", "")] = province.value
    return table


def province_code(value: str | None) -> str:
    """The current province for a code, a current name or an older one (any case, with or
    without accents, "tỉnh"/"thành phố"/"TP." prefixes); "" when it matches none."""
    if not value:
        return ""
    return _lookup().get(_key(str(value)), "")
