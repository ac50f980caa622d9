from django.urls import path

from . import views

app_name = "badges"

urlpatterns = [
    path("<int:attendee_id>/badge.png", views.download_png, name="download_png"),
    path("<int:attendee_id>/badge.pdf", views.download_pdf, name="download_pdf"),
    path("link/<str:token>/badge.png", views.signed_png, name="signed_png"),
    path("link/<str:token>/badge.pdf", views.signed_pdf, name="signed_pdf"),
]
