from django.urls import URLPattern, URLResolver, path

from hiwar.publications import views_passage
from hiwar.publications.views import public, translate, workspace

app_name = "publications"

urlpatterns: list[URLPattern | URLResolver] = [
    # A cited passage, shown to whoever may read its source (public once the source is published).
    path("passages/<int:pk>/", views_passage.passage, name="passage"),
    *workspace.urlpatterns,
    *translate.urlpatterns,
    *public.urlpatterns,
]
