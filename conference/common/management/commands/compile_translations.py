from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand

SKIP = {".venv", "node_modules", ".git", "static", "staticfiles"}


def po_files(root: Path):
    for path in sorted(root.rglob("locale/*/LC_MESSAGES/*.po")):
        if not SKIP.intersection(path.relative_to(root).parts):
            yield path


class Command(BaseCommand):
    help = (
        "Compile every .po of the project into .mo in pure Python, so that a fresh machine "
        "needs no system gettext. (`make messages` extracts strings; that one needs gettext.)"
    )

    def handle(self, *args, **options):
        count = 0
        for po_path in po_files(Path(settings.BASE_DIR)):
            with po_path.open("rb") as handle:
                catalog = read_po(handle, locale=po_path.parts[-3])
            with po_path.with_suffix(".mo").open("wb") as handle:
                write_mo(handle, catalog, use_fuzzy=False)
            count += 1
        self.stdout.write(f"compiled {count} catalogues")
