"""Attendee pages of payments, in both languages (i18n_patterns). The webhook: api_urls.py."""

from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("checkout/<slug:code>/", views.checkout, name="checkout"),
    path("r/<str:reference>/<str:token>/card/", views.pay_by_card, name="card"),
    path("r/<str:reference>/<str:token>/card/return/", views.card_return, name="card_return"),
    path("r/<str:reference>/<str:token>/transfer/", views.bank_transfer, name="bank_transfer"),
    path("r/<str:reference>/<str:token>/transfer/start/", views.start_transfer,
         name="start_transfer"),
    path("r/<str:reference>/<str:token>/transfer/qr.png", views.bank_transfer_qr,
         name="bank_transfer_qr"),
    path("r/<str:reference>/<str:token>/invoice/", views.invoice_details,
         name="invoice_details"),
]
