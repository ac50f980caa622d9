from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from conference.common.admin_menu import PermissionMenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_urls():
    return [path("messages/", include([
        path("", admin_views.index, name="messaging_index"),
        path("new/", admin_views.compose, name="messaging_new"),
        path("<int:pk>/", admin_views.detail, name="messaging_detail"),
        path("<int:pk>/edit/", admin_views.compose, name="messaging_edit"),
        path("<int:pk>/send/", admin_views.schedule, name="messaging_schedule"),
        path("<int:pk>/cancel/", admin_views.cancel, name="messaging_cancel"),
    ]))]


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return PermissionMenuItem(_("Messages to delegates"), "messaging_index",
                              permission="messaging.send_messages", icon_name="mail",
                              order=260)
