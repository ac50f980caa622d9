"""Which Wagtail strings the admin can show, read from the catalogues Wagtail installs.

Wagtail ships an English catalogue (locale/en/LC_MESSAGES) for each app, holding every msgid of
that app. The admin uses the ``django`` domain of every installed Wagtail app and the
``djangojs`` domain of ``wagtail.admin`` (its JavaScript catalogue, served at /admin/jsi18n/).
"""

from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po
from django.apps import apps

SUPPLEMENT_DIR = Path(__file__).resolve().parent
SUPPLEMENT = {
    "django": SUPPLEMENT_DIR / "locale" / "vi" / "LC_MESSAGES" / "django.po",
    # The admin's JavaScript catalogue reads only wagtail.admin and LOCALE_PATHS, so its
    # Vietnamese lives in a directory listed in LOCALE_PATHS.
    "djangojs": SUPPLEMENT_DIR / "js" / "locale" / "vi" / "LC_MESSAGES" / "djangojs.po",
}
# The packages wagtail.admin.views.i18n.js_catalog serves.
JS_PACKAGES = ("wagtail.admin",)


@dataclass(frozen=True)
class SourceMessage:
    domain: str
    context: str | None
    msgid: str
    msgid_plural: str | None
    app: str
    locations: tuple[str, ...]

    @property
    def key(self) -> str | tuple[str, int]:
        """The key gettext (and Django's merged catalogue) files this message under."""
        text = self.msgid if self.context is None else f"{self.context}\x04{self.msgid}"
        return (text, 0) if self.msgid_plural else text

    @property
    def json_key(self) -> str:
        return self.msgid if self.context is None else f"{self.context}\x04{self.msgid}"


def wagtail_apps():
    """Installed Wagtail apps, in INSTALLED_APPS order."""
    return [
        config for config in apps.get_app_configs()
        if config.name == "wagtail" or config.name.startswith("wagtail.")
    ]


def source_catalogues() -> list[tuple[str, str, Path]]:
    """(app name, domain, English .po) for every catalogue the admin can draw from."""
    found = []
    for config in wagtail_apps():
        for domain in ("django", "djangojs"):
            if domain == "djangojs" and config.name not in JS_PACKAGES:
                continue
            path = Path(config.path) / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
            if path.exists():
                found.append((config.name, domain, path))
    return found


def source_messages() -> dict[str, dict[str, SourceMessage]]:
    """Every msgid per domain, keyed by ``json_key``; a msgid shared by apps appears once."""
    messages: dict[str, dict[str, SourceMessage]] = {"django": {}, "djangojs": {}}
    for app, domain, path in source_catalogues():
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id:
                continue
            plural = isinstance(message.id, tuple | list)
            source = SourceMessage(
                domain=domain,
                context=message.context,
                msgid=message.id[0] if plural else message.id,
                msgid_plural=message.id[1] if plural else None,
                app=app,
                locations=tuple(f"{app}:{loc[0]}" for loc in message.locations[:1]),
            )
            messages[domain].setdefault(source.json_key, source)
    return messages
