"""Text helpers for Vietnamese names.

Names keep their diacritics and are stored NFC-normalised (decomposed accents, as some phones and
Mac keyboards produce, would otherwise compare unequal and print on the wrong letter). Search uses a
folded form without diacritics, so "nguyen thi anh thi" finds "Nguyễn Thị Anh Thi".
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(value: str | None) -> str:
    """NFC-normalise and collapse white space; None becomes ''."""
    if not value:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()


def fold(value: str | None) -> str:
    """Lower-case, strip diacritics and map đ/Đ to d: the form used for accent-insensitive search.

    "đ" is a letter of its own, not d plus a mark, so NFKD leaves it alone; we map it explicitly.
    """
    if not value:
        return ""
    text = unicodedata.normalize("NFKD", str(value).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text.casefold()).strip()


def search_terms(query: str | None) -> list[str]:
    """Folded words of a search query."""
    return [word for word in fold(query).split(" ") if word]


def word_start_regex(term: str) -> str:
    """A regular expression finding the folded ``term`` at the start of a word of folded text.

    A plain "contains" finds "ai" inside "dai" (đại) and "hai"; searches of the programme match
    whole words or their beginnings, so "AI" finds "AI" and "AIoT" but not "đại hội". The
    pattern works with PostgreSQL's `~` and Python's `re` (SQLite) alike.
    """
    return r"(^|[^a-z0-9])" + re.escape(term)


def vietnamese_sort_key(full_name: str) -> tuple[str, str]:
    """Sort the Vietnamese way: by given name (the last word), then by the rest.

    "Nguyễn Thị Anh Thi" sorts under "Thi", then "Nguyễn Thị Anh".
    """
    words = fold(full_name).split(" ")
    return (words[-1] if words else "", " ".join(words[:-1]))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(value):
    """Neutralise spreadsheet formula injection in CSV/XLSX exports (OWASP: prefix with ')."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
