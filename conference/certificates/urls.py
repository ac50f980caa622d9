from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("<int:pk>/certificate.pdf", views.download, name="pdf"),
    path("s/<str:token>/certificate.pdf", views.signed_download, name="signed_pdf"),
]
