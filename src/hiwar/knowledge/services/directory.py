"""The organization directory: the profile an organization declares, and messages sent to
an organization through the directory.

A message goes by mail to the organization's administrators (active memberships with the
administrator role), one mail each in their own language. Their addresses are never shown to
the sender; the mail's Reply-To is the sender's address, so an administrator who answers
reveals their address by choice. Only signed-in users (whose address allauth has verified)
may send, at most `MESSAGES_PER_HOUR` an hour, counted in the database so the limit holds
across processes and machines.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hiwar.accounts.models import Membership, Organization
from hiwar.framework.models import Country, Objective
from hiwar.knowledge.models import ContactMessage, OrganizationProfile
from hiwar.knowledge.services.errors import KnowledgeError

__all__ = [
    "MESSAGES_PER_HOUR",
    "MESSAGE_MAX_LENGTH",
    "admin_recipients",
    "save_profile",
    "send_contact_message",
]

MESSAGES_PER_HOUR = 5
MESSAGE_MAX_LENGTH = 3000
SUBJECT_MAX_LENGTH = 150
DESCRIPTION_MAX_LENGTH = 3000


@transaction.atomic
def save_profile(
    *,
    actor: Any,
    organization: Organization,
    description: str,
    language: str,
    objectives: Sequence[Objective],
    countries: Sequence[Country],
) -> OrganizationProfile:
    """Create or change what the organization declares about itself."""
    description = description.strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise KnowledgeError(_("The description is too long."))
    if language not in dict(settings.LANGUAGES):
        raise KnowledgeError(_("Choose the language of the description."))
    profile = OrganizationProfile.objects.select_for_update().filter(
        organization=organization
    ).first() or OrganizationProfile(organization=organization)
    profile.description = description
    profile.language = language
    profile.updated_by = actor
    profile.updated_at = timezone.now()
    profile.save()
    profile.objectives.set(objectives)
    profile.countries.set(countries)
    return profile


def admin_recipients(organization: Organization) -> list[tuple[str, str]]:
    """The organization's active administrators, as (address, language)."""
    admins = Membership.objects.filter(
        organization=organization,
        status=Membership.Status.ACTIVE,
        role=Membership.Role.ADMIN,
        user__is_active=True,
    ).select_related("user")
    return sorted({(m.user.email, m.user.preferred_language) for m in admins})


def messages_sent_last_hour(sender: Any) -> int:
    since = timezone.now() - datetime.timedelta(hours=1)
    return ContactMessage.objects.filter(sender=sender, created_at__gte=since).count()


@transaction.atomic
def send_contact_message(
    *, actor: Any, organization: Organization, subject: str, body: str
) -> ContactMessage:
    """Record the message and mail it to the organization's administrators."""
    if not getattr(actor, "is_authenticated", False):
        raise KnowledgeError(_("Sign in to contact an organization."))
    subject = " ".join(subject.split())
    body = body.strip()
    if not subject:
        raise KnowledgeError(_("Give your message a subject."))
    if len(subject) > SUBJECT_MAX_LENGTH:
        raise KnowledgeError(_("The subject is too long."))
    if not body:
        raise KnowledgeError(_("Write your message."))
    if len(body) > MESSAGE_MAX_LENGTH:
        raise KnowledgeError(
            _("The message is too long: at most %(count)d characters.")
            % {"count": MESSAGE_MAX_LENGTH}
        )
    if not admin_recipients(organization):
        raise KnowledgeError(_("This organization cannot be contacted through the platform yet."))
    if messages_sent_last_hour(actor) >= MESSAGES_PER_HOUR:
        raise KnowledgeError(
            _(
                "You have sent %(count)d messages in the last hour. Please wait before "
                "sending another."
            )
            % {"count": MESSAGES_PER_HOUR}
        )
    message = ContactMessage.objects.create(
        organization=organization, sender=actor, subject=subject, body=body
    )
    from hiwar.knowledge.tasks import deliver_contact_message

    message_id = message.pk
    transaction.on_commit(lambda: deliver_contact_message.enqueue(message_id=message_id))
    return message
