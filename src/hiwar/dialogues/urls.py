from django.urls import URLPattern, URLResolver

from hiwar.dialogues.views import (
    balance,
    consultations,
    interventions,
    manage,
    participants,
    public,
    self_organized,
)

app_name = "dialogues"

# Public patterns come last: they include the catch-all "<slug>/".
urlpatterns: list[URLPattern | URLResolver] = [
    *manage.urlpatterns,
    *participants.urlpatterns,
    *interventions.urlpatterns,
    *balance.urlpatterns,
    *consultations.urlpatterns,
    *self_organized.urlpatterns,
    *public.urlpatterns,
]
