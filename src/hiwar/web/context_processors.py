from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language, get_language_bidi

from hiwar.accounts.models import PlatformRole, RoleAssignment
from hiwar.reviews.selectors import current_cycle_link

#: Who sees the publications workspace link (the roles of ``publications.see_workspace``).
DRAFTING_ROLES = {PlatformRole.SECRETARIAT, PlatformRole.RAPPORTEUR, PlatformRole.TRANSLATOR}


def layout(request: HttpRequest) -> dict[str, Any]:
    """What the base layout needs on every page: direction and the language switcher."""
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    user = request.user
    # The navigation's role-dependent links from one query, not one permission check each.
    roles = (
        set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
        if user.is_authenticated
        else set()
    )
    return {
        "current_cycle": current_cycle_link(),
        "text_direction": "rtl" if get_language_bidi() else "ltr",
        "current_language": current,
        "language_choices": settings.LANGUAGES,
        "is_secretariat": PlatformRole.SECRETARIAT in roles,
        "sees_drafting": bool(roles & DRAFTING_ROLES),
    }
