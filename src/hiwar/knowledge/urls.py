from django.urls import URLPattern, URLResolver, path
from django.views.generic import RedirectView

from hiwar.knowledge.views.directory import directory_urls
from hiwar.knowledge.views.practices import practice_urls

app_name = "knowledge"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", RedirectView.as_view(pattern_name="knowledge:practice_list"), name="index"),
    *practice_urls(),
    *directory_urls(),
]
