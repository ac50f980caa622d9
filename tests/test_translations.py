"""Every user-facing string has a Vietnamese translation, and the catalogues compile."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from conference.common.management.commands.compile_translations import po_files

CATALOGUES = list(po_files(Path(settings.BASE_DIR)))


def test_catalogues_exist():
    assert any(path.parts[-3] == "vi" for path in CATALOGUES)


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_every_string_is_translated(po_path):
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    missing = [m.id for m in catalog if m.id and (not m.string or "fuzzy" in m.flags)]
    assert missing == [], f"untranslated in {po_path}: {missing}"
    broken = [
        m.id for m in catalog
        if m.id and isinstance(m.id, str) and m.id.count("%(") != str(m.string).count("%(")
    ]
    assert broken == [], f"placeholders differ in {po_path}: {broken}"
