from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.viewsets.model import ModelViewSet

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


class DeskMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


class PaymentMethodsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("payments.view_categorypaymentmethods")


@hooks.register("register_admin_menu_item")
def register_payments_menu():
    items = [
        DeskMenuItem(_("Bank statements"), reverse("payments_admin:statements"),
                     icon_name="doc-full", order=100),
        DeskMenuItem(_("Lines to resolve"), reverse("payments_admin:open_lines"),
                     icon_name="warning", order=200),
        DeskMenuItem(_("Bank transfers"), reverse("payments_admin:transfers"),
                     icon_name="list-ul", order=300),
        DeskMenuItem(_("Invoice requests"), reverse("payments_admin:invoices"),
                     icon_name="doc-full-inverse", order=400),
        PaymentMethodsMenuItem(_("Payment methods"), reverse("payment_methods:index"),
                               icon_name="tick-inverse", order=500),
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
