"""Check-in in the Wagtail admin: points (a ModelViewSet), the live dashboard, scanner devices and
the desk on the day, grouped under one "Check-in" menu."""

from django import forms
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.viewsets.model import ModelViewSet

from conference.common.admin_menu import PermissionMenuItem

from . import admin_views
from .models import CheckinPoint


class CheckinPointViewSet(ModelViewSet):
    model = CheckinPoint
    icon = "login"
    add_to_admin_menu = False
    menu_label = _("Check-in points")
    list_display = ["name", "edition", "session", "direction", "once", "opens_at", "closes_at",
                    "is_active"]
    list_filter = ["edition", "direction", "is_active"]
    search_fields = ["name", "name_en"]
    copy_view_enabled = False
    panels = [
        FieldPanel("edition"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("direction"), FieldPanel("once")]), FieldPanel("reopens")],
            heading=_("Who passes, and how often"),
        ),
        MultiFieldPanel(
            [FieldPanel("session"),
             FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])],
            heading=_("Session and time window (optional)"),
        ),
        FieldRowPanel([FieldPanel("is_active"), FieldPanel("sort_order")]),
    ]


checkin_point_viewset = CheckinPointViewSet("checkin_points")


@hooks.register("register_admin_viewset")
def register_point_viewset():
    return checkin_point_viewset


@hooks.register("register_admin_menu_item")
def register_checkin_menu():
    return SubmenuMenuItem(
        _("Check-in"),
        Menu(items=[
            PermissionMenuItem(_("Live dashboard"), "checkin_admin:dashboard",
                               permission="checkin.watch_arrivals", icon_name="tasks",
                               order=100),
            PermissionMenuItem(_("Registration desk"), "checkin_admin:desk",
                               permission="checkin.run_desk", icon_name="group", order=200),
            PermissionMenuItem(_("Check-in points"), checkin_point_viewset.get_url_name("index"),
                               permission="checkin.list_points", icon_name="login", order=300),
            PermissionMenuItem(_("Scanner devices"), "checkin_admin:devices",
                               permission="checkin.list_devices", icon_name="mobile-alt",
                               order=400),
        ]),
        icon_name="login",
        order=250,
    )


_admin_urls = [
    path("", admin_views.dashboard, name="dashboard"),
    path("data.json", admin_views.dashboard_data, name="dashboard_data"),
    path("export.csv", admin_views.export, name="export"),
    path("devices/", admin_views.devices, name="devices"),
    path("devices/<int:pk>/revoke/", admin_views.revoke_device, name="revoke_device"),
    path("desk/", admin_views.desk, name="desk"),
    path("desk/<int:pk>/reissue/", admin_views.reissue, name="reissue"),
    path("desk/<int:pk>/print/", admin_views.print_badge, name="print_badge"),
    path("badges/<int:pk>/qr.png", admin_views.badge_qr, name="badge_qr"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("checkin/", include((_admin_urls, "checkin_admin"), namespace="checkin_admin"))]
