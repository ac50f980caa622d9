from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("sessions/<int:pk>/", views.rate, name="rate"),
    path("speakers/<str:token>/", views.speaker_results, name="speaker"),
]
