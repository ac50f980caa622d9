"""Pages created before the page trees were kept in step get their copy in the other language
(an alias showing the original's content until it is translated). Uses the live models, as
Wagtail's copy_for_translation needs them; idempotent."""

from django.db import migrations


def sync(apps, schema_editor):
    from cms.services import sync_page_tree

    sync_page_tree()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_agenda"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
