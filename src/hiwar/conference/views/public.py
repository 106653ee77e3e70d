"""Being written this session."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
