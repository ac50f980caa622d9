"""The public navigation, filled by the apps that have public pages.

An app registers its entry in its AppConfig.ready():

    register_nav_item("agenda", _("Agenda"), "cms_agenda", order=20)

An entry whose URL name does not resolve is left out rather than breaking every page.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    order: int = 50
    staff_only: bool = False


_ITEMS: dict[str, NavItem] = {}


def register_nav_item(key: str, label, url_name: str, *, order: int = 50,
                      staff_only: bool = False) -> None:
    _ITEMS[key] = NavItem(key, label, url_name, order, staff_only)


def nav_items(request) -> list[dict]:
    items = []
    path = getattr(request, "path", "")
    user = getattr(request, "user", None)
    for item in sorted(_ITEMS.values(), key=lambda i: (i.order, i.key)):
        if item.staff_only and not (user and user.is_authenticated and user.is_staff):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = path == url or (url not in ("/", "/en/") and path.startswith(url))
        items.append({"key": item.key, "label": str(item.label), "url": url, "active": active})
    return items
