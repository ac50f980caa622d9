"""Keep the Vietnamese supplement of Wagtail's admin (cms/wagtail_vi) complete.

    python scripts/wagtail_translations.py status
        How many Wagtail admin strings there are, how many Wagtail translates into Vietnamese,
        how many the supplement covers, and which it lacks.
    python scripts/wagtail_translations.py missing OUT.json
        Writes {"django": {msgid: ""}, "djangojs": {...}} for the strings the supplement lacks,
        with Wagtail's own Vietnamese (if any) as "vi_wagtail" hints; fill it in, then merge.
    python scripts/wagtail_translations.py merge IN.json [IN.json ...]
        Merges {"django": {msgid: msgstr}, "djangojs": {...}} into the supplement .po files. A
        msgid with a context is written "context\\u0004msgid"; a plural msgid by its singular
        (Vietnamese has one plural form). Entries are rewritten in Wagtail's source order.

Run after upgrading Wagtail: tests/cms/test_wagtail_vietnamese.py fails until every string the
admin can show has Vietnamese. Placeholders (%(name)s, {name}, %d) must be kept exactly.
"""

import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings.dev")

import django  # noqa: E402

django.setup()

import wagtail  # noqa: E402
from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.pofile import read_po, write_po  # noqa: E402

from cms.wagtail_vi.catalogues import SUPPLEMENT, source_catalogues, source_messages  # noqa: E402

HEADER = """\
Vietnamese for Wagtail's admin, a supplement to the Vietnamese Wagtail ships (about a fifth of its
admin strings, several wrong). Written for govconf; terms: Page = Trang, Snippet = Đoạn nội dung,
Image = Hình ảnh, Document = Tài liệu, Collection = Bộ sưu tập, Publish = Xuất bản, Draft = Bản
nháp, Revision = Phiên bản, Locale = Ngôn ngữ, Workflow = Quy trình duyệt, Task = Bước duyệt,
Moderation = Kiểm duyệt, Comment = Nhận xét, Site = Website, Slug = Đường dẫn, Alias = Bí danh.
Maintained with scripts/wagtail_translations.py; `make messages` does not touch this file."""

BRACE = re.compile(r"\{[a-zA-Z_]+\}")


def _read(path: Path) -> Catalog:
    if not path.exists():
        return Catalog(locale="vi")
    with path.open("rb") as handle:
        return read_po(handle, locale="vi")


def _existing(domain: str) -> dict[str, str]:
    """The supplement's current translations, keyed like the JSON files."""
    found = {}
    for message in _read(SUPPLEMENT[domain]):
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
        text = message.string[0] if isinstance(message.string, tuple | list) else message.string
        key = msgid if message.context is None else f"{message.context}\x04{msgid}"
        if text:
            found[key] = text
    return found


def _wagtail_vietnamese(domain: str) -> dict[str, str]:
    """Wagtail's own Vietnamese, for hints and counts (the first app that has one wins)."""
    found: dict[str, str] = {}
    for _app, dom, en_path in source_catalogues():
        vi_path = Path(str(en_path).replace("/locale/en/", "/locale/vi/"))
        if dom != domain or not vi_path.exists():
            continue
        with vi_path.open("rb") as handle:
            for message in read_po(handle):
                if not message.id or "fuzzy" in message.flags:
                    continue
                msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
                text = (message.string[0] if isinstance(message.string, tuple | list)
                        else message.string)
                key = msgid if message.context is None else f"{message.context}\x04{msgid}"
                if text:
                    found.setdefault(key, text)
    return found


def status() -> None:
    sources = source_messages()
    for domain, messages in sources.items():
        shipped = _wagtail_vietnamese(domain)
        ours = _existing(domain)
        have = sum(1 for key in messages if key in shipped)
        added = sum(1 for key in messages if key in ours and key not in shipped)
        changed = sum(1 for key in messages if key in shipped and key in ours
                      and ours[key] != shipped[key])
        print(f"{domain}: {len(messages)} strings; Wagtail translates {have}; the supplement "
              f"adds {added} and corrects {changed} of Wagtail's")
        for key in messages:
            if key not in ours:
                print("  missing:", key.replace("\x04", " | "))


def missing(out: str) -> None:
    result = {}
    for domain, messages in source_messages().items():
        ours = _existing(domain)
        shipped = _wagtail_vietnamese(domain)
        result[domain] = {key: "" for key in messages if key not in ours}
        result[f"{domain}_hints"] = {key: shipped[key] for key in result[domain] if key in shipped}
    Path(out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {out}: " + ", ".join(f"{d} {len(result[d])}" for d in ("django", "djangojs")))


def merge(paths: list[str]) -> None:
    sources = source_messages()
    for domain, messages in sources.items():
        table = _existing(domain)
        for path in paths:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            for key, text in data.get(domain, {}).items():
                if key not in messages:
                    raise SystemExit(f"{path}: not a Wagtail {domain} msgid: {key!r}")
                if text:
                    table[key] = text
        previous = _read(SUPPLEMENT[domain])
        catalog = Catalog(locale="vi", project="govconf: Vietnamese for Wagtail's admin",
                          version=wagtail.__version__, fuzzy=False,
                          header_comment="\n".join(f"# {line}" for line in HEADER.splitlines()),
                          creation_date=previous.creation_date)
        for key, source in messages.items():
            if key not in table:
                continue
            flags = ["python-brace-format"] if BRACE.search(source.msgid) else []
            msgid = (source.msgid, source.msgid_plural) if source.msgid_plural else source.msgid
            string = (table[key],) if source.msgid_plural else table[key]
            catalog.add(msgid, string, context=source.context, flags=flags,
                        auto_comments=[f"{source.app}: {loc.split(':', 1)[1]}"
                                       for loc in source.locations])
        SUPPLEMENT[domain].parent.mkdir(parents=True, exist_ok=True)
        with SUPPLEMENT[domain].open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, sort_output=False)
        print(f"{SUPPLEMENT[domain]}: {len(catalog)} of {len(messages)} strings")


if __name__ == "__main__":
    command, *args = sys.argv[1:] or ["status"]
    if command == "status":
        status()
    elif command == "missing" and len(args) == 1:
        missing(args[0])
    elif command == "merge" and args:
        merge(args)
    else:
        raise SystemExit(__doc__)
