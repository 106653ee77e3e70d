"""The public open data page; included by the root urls under /<lang>/open-data/."""

from django.urls import URLPattern, path

from hiwar.api import views

app_name = "open_data"

urlpatterns: list[URLPattern] = [
    path("", views.open_data, name="index"),
]
