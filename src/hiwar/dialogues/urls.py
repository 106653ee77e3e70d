from django.urls import URLPattern, URLResolver

from hiwar.dialogues.views import balance, interventions, manage, participants, public

app_name = "dialogues"

# Public patterns come last: they include the catch-all "<slug>/".
urlpatterns: list[URLPattern | URLResolver] = [
    *manage.urlpatterns,
    *participants.urlpatterns,
    *interventions.urlpatterns,
    *balance.urlpatterns,
    *public.urlpatterns,
]
