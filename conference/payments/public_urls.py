"""Attendee pages of payments, in both languages (i18n_patterns). Webhooks live in urls.py."""

from django.urls import path

from . import views

app_name = "pay"

urlpatterns = [
    path("r/<str:reference>/<str:token>/transfer/", views.bank_transfer, name="bank_transfer"),
    path("r/<str:reference>/<str:token>/transfer/start/", views.start_transfer,
         name="start_transfer"),
    path("r/<str:reference>/<str:token>/transfer/qr.png", views.bank_transfer_qr,
         name="bank_transfer_qr"),
    path("r/<str:reference>/<str:token>/invoice/", views.invoice_details,
         name="invoice_details"),
]
