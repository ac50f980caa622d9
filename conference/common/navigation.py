"""The public navigation, filled by the apps that have public pages.

An app registers its entry in its AppConfig.ready():

    register_nav_item("agenda", _("Agenda"), "cms_agenda", order=20)

An entry whose URL name does not resolve is left out rather than breaking every page. An entry
with a ``permission`` is shown only to users for whom ``user.has_perm(permission)`` holds (see
conference.common.permissions).
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    order: int = 50
    permission: str = ""


_ITEMS: dict[str, NavItem] = {}


def register_nav_item(key: str, label, url_name: str, *, order: int = 50,
                      permission: str = "") -> None:
    _ITEMS[key] = NavItem(key, label, url_name, order, permission)


def nav_items(request) -> list[dict]:
    items = []
    path = getattr(request, "path", "")
    user = getattr(request, "user", None)
    for item in sorted(_ITEMS.values(), key=lambda i: (i.order, i.key)):
        if item.permission and not (user and user.has_perm(item.permission)):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = path == url or (url not in ("/", "/en/") and path.startswith(url))
        items.append({"key": item.key, "label": str(item.label), "url": url, "active": active})
    return items
