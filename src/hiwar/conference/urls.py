from django.urls import URLPattern, URLResolver

from hiwar.conference.views import floor, key_messages, manage, participation, public

app_name = "conference"

# Public patterns come last: they include the catch-all "<slug>/".
urlpatterns: list[URLPattern | URLResolver] = [
    *manage.urlpatterns,
    *participation.urlpatterns,
    *floor.urlpatterns,
    *key_messages.urlpatterns,
    *public.urlpatterns,
]
