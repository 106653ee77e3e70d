from django.urls import URLPattern, URLResolver, path

from hiwar.search import views

app_name = "search"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.search, name="search"),
]
