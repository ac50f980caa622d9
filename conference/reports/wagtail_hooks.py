"""Admin URLs and menu item for the post-event report."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from conference.common.admin_menu import PermissionMenuItem

from . import admin_views

admin_urlpatterns = [
    path("", admin_views.index, name="index"),
    path("prepare/", admin_views.prepare, name="prepare"),
    path("<int:report_id>/", admin_views.detail, name="report"),
    path("<int:report_id>/status.json", admin_views.status, name="status"),
    path("<int:report_id>/<str:kind>/", admin_views.download, name="download"),
]


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("reports/", include((admin_urlpatterns, "reports_admin"),
                                     namespace="reports_admin"))]


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return PermissionMenuItem(_("Post-event report"), "reports_admin:index",
                              permission=admin_views.READ, icon_name="table",
                              name="post-event-report", order=340)
