"""Key messages: what rapporteurs record of an item's discussion, for the outcome document.

Rapporteurs and the secretariat record messages (`conference.record_key_messages`); a message
is changed or deleted only by whoever recorded it, or by the secretariat.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from hiwar.accounts.models import Organization
from hiwar.accounts.rules import is_secretariat
from hiwar.conference.models import Item, KeyMessage, Sector
from hiwar.conference.services.errors import ConferenceError
from hiwar.framework.models import Country, StakeholderCategory


def change_checker(user: Any) -> Callable[[KeyMessage], bool]:
    """Whether `user` may change or delete a message, for many messages in one query."""
    if not getattr(user, "is_authenticated", False):
        return lambda message: False
    secretariat = is_secretariat(user)
    return lambda message: secretariat or message.recorded_by_id == user.pk


def may_change_key_message(user: Any, message: KeyMessage) -> bool:
    return change_checker(user)(message)


def _voice(
    *,
    sector: str,
    country: Country | None,
    organization: Organization | None,
    category: StakeholderCategory | None,
) -> dict[str, Any]:
    """Who voiced the message, made consistent: a Member State has no category; a stakeholder
    organization brings its own category when none is given."""
    if sector not in Sector.values:
        raise ConferenceError(_("Choose who voiced the message."))
    if sector == Sector.STAKEHOLDER and category is None and organization is not None:
        category = organization.category
    if sector == Sector.STAKEHOLDER and category is None:
        raise ConferenceError(_("Choose the stakeholder category that voiced the message."))
    if sector != Sector.STAKEHOLDER:
        category = None
    return {
        "sector": sector,
        "country": country,
        "organization": organization,
        "category": category,
    }


def _clean_text(text: str, language: str) -> str:
    text = text.strip()
    if not text:
        raise ConferenceError(_("Write the key message."))
    if language not in dict(settings.LANGUAGES):
        raise ConferenceError(_("Choose the language of the message."))
    return text


@transaction.atomic
def record_key_message(
    *,
    item: Item,
    by: Any,
    text: str,
    language: str,
    sector: str,
    country: Country | None = None,
    organization: Organization | None = None,
    category: StakeholderCategory | None = None,
) -> KeyMessage:
    text = _clean_text(text, language)
    voice = _voice(sector=sector, country=country, organization=organization, category=category)
    return KeyMessage.objects.create(
        item=item, text=text, language=language, recorded_by=by, **voice
    )


@transaction.atomic
def change_key_message(
    *,
    message: KeyMessage,
    by: Any,
    text: str,
    language: str,
    sector: str,
    country: Country | None = None,
    organization: Organization | None = None,
    category: StakeholderCategory | None = None,
) -> KeyMessage:
    if not may_change_key_message(by, message):
        raise ConferenceError(
            _("Only whoever recorded a key message, or the secretariat, can change it.")
        )
    text = _clean_text(text, language)
    voice = _voice(sector=sector, country=country, organization=organization, category=category)
    for name, value in {"text": text, "language": language, **voice}.items():
        setattr(message, name, value)
    message.save(
        update_fields=["text", "language", "sector", "country", "organization", "category"]
    )
    return message


@transaction.atomic
def delete_key_message(*, message: KeyMessage, by: Any) -> None:
    if not may_change_key_message(by, message):
        raise ConferenceError(
            _("Only whoever recorded a key message, or the secretariat, can delete it.")
        )
    message.delete()
