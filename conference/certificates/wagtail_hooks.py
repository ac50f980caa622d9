"""Admin URLs and menu item for attendance certificates."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from conference.common.admin_menu import PermissionMenuItem

from . import admin_views

admin_urlpatterns = [
    path("", admin_views.index, name="index"),
    path("batches/<int:batch_id>/", admin_views.batch_detail, name="batch"),
    path("batches/<int:batch_id>/status.json", admin_views.batch_status, name="batch_status"),
    path("batches/<int:batch_id>/download/", admin_views.batch_download, name="batch_download"),
    path("<int:pk>/", admin_views.certificate_detail, name="certificate"),
    path("<int:pk>/certificate.pdf", admin_views.certificate_file, name="certificate_file"),
    path("<int:pk>/revoke/", admin_views.certificate_revoke, name="certificate_revoke"),
]


@hooks.register("register_admin_urls")
def register_certificate_urls():
    return [path("attendance-certificates/",
                 include((admin_urlpatterns, "certificates_admin"),
                         namespace="certificates_admin"))]


@hooks.register("register_admin_menu_item")
def register_certificates_menu_item():
    return PermissionMenuItem(_("Attendance certificates"), "certificates_admin:index",
                              permission=admin_views.LIST, icon_name="doc-full-inverse",
                              name="attendance-certificates", order=330)
