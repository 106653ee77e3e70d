"""The secretariat's API tokens; included by the root urls under /<lang>/api-tokens/."""

from django.urls import URLPattern, path

from hiwar.api import views

app_name = "api_tokens"

urlpatterns: list[URLPattern] = [
    path("", views.token_list, name="list"),
    path("<int:pk>/revoke/", views.token_revoke, name="revoke"),
]
