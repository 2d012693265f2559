"""The 34 current provinces (from 1 July 2025) by code, and a province's code from its name as a
catalogue file writes it ("Lâm Đồng", "Thành phố Hà Nội" or "Hà Nội"; accents and case ignored),
the same way the kiosk's importer reads it (kiosk/core/catalogue/rows.py ``find_province``)."""

import re
import unicodedata

PROVINCES: dict[int, str] = {
    1: "Thành phố Hà Nội",
    4: "Cao Bằng",
    8: "Tuyên Quang",
    11: "Điện Biên",
    12: "Lai Châu",
    14: "Sơn La",
    15: "Lào Cai",
    19: "Thái Nguyên",
    20: "Lạng Sơn",
    22: "Quảng Ninh",
    24: "Bắc Ninh",
    25: "Phú Thọ",
    31: "Thành phố Hải Phòng",
    33: "Hưng Yên",
    37: "Ninh Bình",
    38: "Thanh Hóa",
    40: "Nghệ An",
    42: "Hà Tĩnh",
    44: "Quảng Trị",
    46: "Thành phố Huế",
    48: "Thành phố Đà Nẵng",
    51: "Quảng Ngãi",
    52: "Gia Lai",
    56: "Khánh Hòa",
    66: "Đắk Lắk",
    68: "Lâm Đồng",
    75: "Đồng Nai",
    79: "Thành phố Hồ Chí Minh",
    80: "Tây Ninh",
    82: "Đồng Tháp",
    86: "Vĩnh Long",
    91: "An Giang",
    92: "Thành phố Cần Thơ",
    96: "Cà Mau",
}
_NON_WORD = re.compile(r"[^a-z0-9]+")


def _key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.lower().replace("đ", "d"))
    bare = "".join(ch for ch in folded if not unicodedata.combining(ch))
    key = _NON_WORD.sub(" ", bare).strip()
    for lead in ("thanh pho ", "tp ", "tinh "):
        if key.startswith(lead):
            return key[len(lead) :]
    return key


_BY_KEY = {_key(name): code for code, name in PROVINCES.items()}


def province_code(name: str) -> int | None:
    """The code of the current province called ``name``, or None if there is none so called."""
    return _BY_KEY.get(_key(name))
