"""Language-neutral URLs of payments: the Stripe webhook (its address is set at Stripe)."""

from django.urls import path

from . import webhooks

app_name = "payments_api"

urlpatterns = [
    path("stripe/webhook/", webhooks.stripe_webhook, name="stripe_webhook"),
]
