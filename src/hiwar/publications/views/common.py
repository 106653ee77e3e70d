from django.db.models import Model
from django.http import Http404, HttpRequest

from hiwar.accounts.models import User
from hiwar.publications.models import Publication


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def require_visible(request: HttpRequest, permission: str, obj: Model | None = None) -> None:
    """Unpublished work answers 404 to whoever may not see it, so an id reveals nothing."""
    if not request.user.has_perm(permission, obj):
        raise Http404


def editor_url_args(publication: Publication) -> dict[str, int]:
    return {"pk": publication.pk}
