from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language, get_language_bidi

from hiwar.reviews.selectors import current_cycle_link


def layout(request: HttpRequest) -> dict[str, Any]:
    """What the base layout needs on every page: direction and the language switcher."""
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    user = request.user
    is_secretariat = bool(user.is_authenticated and user.has_perm("accounts.invite_people"))
    return {
        "current_cycle": current_cycle_link(),
        "text_direction": "rtl" if get_language_bidi() else "ltr",
        "current_language": current,
        "language_choices": settings.LANGUAGES,
        "is_secretariat": is_secretariat,
    }
