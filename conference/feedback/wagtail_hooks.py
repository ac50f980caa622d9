from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from conference.common.admin_menu import PermissionMenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_urls():
    return [path("feedback/", include([
        path("", admin_views.index, name="feedback_admin_index"),
        path("export/", admin_views.export, name="feedback_admin_export"),
        path("release/", admin_views.release, name="feedback_admin_release"),
        path("sessions/<int:pk>/", admin_views.session, name="feedback_admin_session"),
    ]))]


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return PermissionMenuItem(_("Session feedback"), "feedback_admin_index",
                              permission="feedback.read_feedback", icon_name="pick", order=265)
