"""Admin URLs and menu for badges (imported by conference/registration/wagtail_hooks.py)."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from conference.common.admin_menu import PermissionMenuItem

from . import admin_views

admin_urlpatterns = [
    path("", admin_views.attendee_index, name="index"),
    path("attendee/<int:attendee_id>/", admin_views.attendee_badge, name="attendee"),
    path("attendee/<int:attendee_id>/badge.<str:fmt>", admin_views.attendee_badge_file,
         name="attendee_file"),
    path("attendee/<int:attendee_id>/reissue/", admin_views.attendee_reissue,
         name="attendee_reissue"),
    path("attendee/<int:attendee_id>/printed/", admin_views.attendee_mark_printed,
         name="attendee_printed"),
    path("batches/", admin_views.batch_index, name="batches"),
    path("batches/<int:batch_id>/", admin_views.batch_detail, name="batch"),
    path("batches/<int:batch_id>/status.json", admin_views.batch_status, name="batch_status"),
    path("batches/<int:batch_id>/download/", admin_views.batch_download,
         name="batch_download"),
    path("batches/<int:batch_id>/printed/", admin_views.batch_mark_printed,
         name="batch_printed"),
    path("batches/<int:batch_id>/retry/", admin_views.batch_retry, name="batch_retry"),
]


@hooks.register("register_admin_urls")
def register_badge_urls():
    return [path("badges/", include((admin_urlpatterns, "badges_admin"),
                                    namespace="badges_admin"))]


@hooks.register("register_admin_menu_item")
def register_badges_menu_item():
    return PermissionMenuItem(_("Badges"), "badges_admin:index",
                              permission=admin_views.VIEW_BADGE, icon_name="user",
                              name="badges", order=310)


@hooks.register("register_admin_menu_item")
def register_badge_batches_menu_item():
    return PermissionMenuItem(_("Badge printing"), "badges_admin:batches",
                              permission=admin_views.VIEW_BATCH, icon_name="doc-full",
                              name="badge-batches", order=311)
