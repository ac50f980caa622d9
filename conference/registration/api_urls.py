from django.urls import path

from . import api

app_name = "registration_api"

urlpatterns = [
    path("categories/", api.categories, name="categories"),
    path("categories/<slug:code>/register/", api.register, name="register"),
]
