"""Bilingual fields on structured records.

Structured records (categories, rooms, sessions...) keep one row with a Vietnamese field and an
optional English twin (``name`` and ``name_en``) so that quotas, bookings and scans point at
one row.
Pages use Wagtail's own locales instead. A missing English text falls back to Vietnamese.
"""

from django.utils import translation


def localized(obj, field: str, language: str | None = None) -> str:
    language = (language or translation.get_language() or "vi")[:2]
    if language != "vi":
        value = getattr(obj, f"{field}_{language}", "")
        if value:
            return value
    return getattr(obj, field, "") or ""
