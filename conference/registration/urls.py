from django.urls import path

from . import views

app_name = "registration"

urlpatterns = [
    path("", views.start, name="start"),
    path("my/", views.portal, name="portal"),
    path("my/attendee/<int:pk>/", views.edit_attendee, name="edit_attendee"),
    path("my/cancel/<str:reference>/", views.cancel, name="cancel"),
    path("my/withdraw/<int:pk>/", views.withdraw, name="withdraw"),
    path("my/data.json", views.export_data, name="export_data"),
    path("my/delete/", views.delete_data, name="delete_data"),
    path("offer/<str:token>/", views.offer, name="offer"),
    path("r/<str:reference>/<str:token>/", views.status, name="status"),
    path("c/<slug:code>/", views.details, name="details"),
    path("c/<slug:code>/waiting-list/", views.waiting_list, name="waiting_list"),
]
