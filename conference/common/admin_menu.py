"""The one Wagtail menu item that knows who may see it."""

from django.urls import reverse
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem


class PermissionMenuItem(MenuItem):
    """A menu item shown to users for whom ``user.has_perm(permission)`` holds.

    ``url_name`` is reversed when the menu is drawn, so the hook may run before every URL
    pattern is registered (Wagtail collects menu items while building its own URLs).
    """

    def __init__(self, label, url_name: str, *, permission: str, **kwargs):
        self.permission = permission
        self.url_name = url_name
        super().__init__(label, "", **kwargs)

    def is_shown(self, request):
        return request.user.has_perm(self.permission)

    def render_component(self, request):
        return LinkMenuItem(self.name, self.label, reverse(self.url_name),
                            icon_name=self.icon_name, classname=self.classname, attrs=self.attrs)
