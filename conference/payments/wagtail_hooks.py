from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from conference.common.admin_menu import PermissionMenuItem

from . import admin_views
from .models import CategoryPaymentMethods

admin_urlpatterns = [
    path("statements/", admin_views.statements, name="statements"),
    path("statements/<int:pk>/", admin_views.statement, name="statement"),
    path("lines/", admin_views.open_lines, name="open_lines"),
    path("lines/<int:pk>/resolve/", admin_views.resolve, name="resolve"),
    path("transfers/", admin_views.transfers, name="transfers"),
    path("registrations/<int:registration_pk>/mark-paid/", admin_views.mark_paid,
         name="mark_paid"),
    path("invoices/", admin_views.invoices, name="invoices"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("payments/", include((admin_urlpatterns, "payments_admin")))]


@hooks.register("register_admin_menu_item")
def register_payments_menu():
    desk = admin_views.PERMISSION
    items = [
        PermissionMenuItem(_("Bank statements"), "payments_admin:statements", permission=desk,
                           icon_name="doc-full", order=100),
        PermissionMenuItem(_("Lines to resolve"), "payments_admin:open_lines", permission=desk,
                           icon_name="warning", order=200),
        PermissionMenuItem(_("Bank transfers"), "payments_admin:transfers", permission=desk,
                           icon_name="list-ul", order=300),
        PermissionMenuItem(_("Invoice requests"), "payments_admin:invoices", permission=desk,
                           icon_name="doc-full-inverse", order=400),
        PermissionMenuItem(_("Payment methods"), "payment_methods:index",
                           permission="payments.list_payment_methods", icon_name="tick-inverse",
                           order=500),
    ]
    return SubmenuMenuItem(_("Payments"), Menu(items=items), icon_name="tick-inverse",
                           name="payments", order=310)


class CategoryPaymentMethodsViewSet(ModelViewSet):
    """Organisers choose, per paid category, card payment, bank transfer, or both."""

    model = CategoryPaymentMethods
    icon = "tick-inverse"
    menu_label = _("Payment methods")
    add_to_admin_menu = False
    form_fields = ["category", "stripe", "bank_transfer"]
    list_display = ["category", "stripe", "bank_transfer"]
    url_namespace = "payment_methods"
    url_prefix = "payments/methods"


payment_methods_viewset = CategoryPaymentMethodsViewSet("payment_methods")


@hooks.register("register_admin_viewset")
def register_payment_methods_viewset():
    return payment_methods_viewset
