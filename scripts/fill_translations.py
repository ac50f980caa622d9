"""Fill empty msgstr entries of a .po from a JSON dictionary {msgid: msgstr}.

Usage: python scripts/fill_translations.py path/to/django.po translations.json
Existing translations are kept; only empty ones are filled. Needs babel (in requirements.txt).
"""

import json
import sys

from babel.messages.pofile import read_po, write_po


def main(po_path: str, json_path: str) -> None:
    with open(json_path, encoding="utf-8") as handle:
        table = json.load(handle)
    with open(po_path, "rb") as handle:
        catalog = read_po(handle)
    filled = 0
    for message in catalog:
        if message.id and not message.string and message.id in table:
            message.string = table[message.id]
            message.flags.discard("fuzzy")
            filled += 1
    with open(po_path, "wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, no_location=True)
    missing = [m.id for m in catalog if m.id and not m.string]
    print(f"{po_path}: filled {filled}, still empty {len(missing)}")
    for msgid in missing:
        print("  missing:", msgid)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
