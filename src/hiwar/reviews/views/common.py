from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest

from hiwar.accounts.models import User


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def require(request: HttpRequest, permission: str, obj: Model | None = None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def require_visible(request: HttpRequest, permission: str, obj: Model) -> None:
    """For other people's drafts: answer 404, so an id reveals nothing."""
    if not request.user.has_perm(permission, obj):
        raise Http404
