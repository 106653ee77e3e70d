from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from hiwar.api.api import api
from hiwar.web import views as web_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("language/", web_views.switch_language, name="set_language"),
    path("api/", api.urls),
]

urlpatterns += i18n_patterns(
    path("", web_views.home, name="home"),
    path("framework/", include("hiwar.framework.urls")),
    path("account/", include("allauth.urls")),
    path("me/", include("hiwar.accounts.urls")),
    # Before the reviews app, whose cycle pages take any slug.
    path("review/analysis/", include("hiwar.analysis.urls")),
    path("review/", include("hiwar.reviews.urls")),
    path("conference/", include("hiwar.conference.urls")),
    path("dialogues/", include("hiwar.dialogues.urls")),
    path("knowledge/", include("hiwar.knowledge.urls")),
    path("publications/", include("hiwar.publications.urls")),
    path("search/", include("hiwar.search.urls")),
    path("open-data/", include("hiwar.api.urls_open_data")),
    path("api-tokens/", include("hiwar.api.urls_web")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

handler404 = web_views.page_not_found
handler403 = web_views.permission_denied

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
