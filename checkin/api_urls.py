"""The scanner's JSON API (language-neutral, /api/checkin/), authenticated by device token."""

from django.urls import path

from . import views

app_name = "checkin_api"

urlpatterns = [
    path("points/", views.points, name="points"),
    path("points/<int:pk>/manifest/", views.manifest, name="manifest"),
    path("scan/", views.scan, name="scan"),
    path("scans/", views.upload, name="upload"),
    path("scans/<int:pk>/undo/", views.undo, name="undo"),
    path("search/", views.search, name="search"),
]
