"""The scanner web app (in i18n_patterns: /checkin/ and /en/checkin/)."""

from django.urls import path

from . import views

app_name = "checkin"

urlpatterns = [
    path("", views.scanner, name="scanner"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("app.webmanifest", views.web_manifest, name="web_manifest"),
    path("device/", views.register_device, name="register_device"),
]
