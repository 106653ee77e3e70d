"""Every write to accounts, organizations, memberships, roles and invitations.

Functions are keyword-only, atomic, and record who acted (django-simple-history keeps the trail).
Errors a user can cause are raised as `AccountsError` with a translated message.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hiwar.accounts.models import (
    Invitation,
    Membership,
    Organization,
    PlatformRole,
    RoleAssignment,
    User,
)
from hiwar.accounts.tasks import send_invitation_mail
from hiwar.framework.models import Country, StakeholderCategory

INVITATION_VALIDITY = timedelta(days=30)
ORGANIZATION_ROLES: dict[str, str] = {
    Invitation.Role.ORGANIZATION_MEMBER: Membership.Role.MEMBER,
    Invitation.Role.ORGANIZATION_ADMIN: Membership.Role.ADMIN,
}


class AccountsError(Exception):
    """A request that cannot be carried out; the message is for the user."""


# Organizations ---------------------------------------------------------------------------------


def organization_name_taken(name: str, *, exclude: Organization | None = None) -> bool:
    existing = Organization.objects.filter(name__iexact=name.strip())
    if exclude is not None:
        existing = existing.exclude(pk=exclude.pk)
    return existing.exists()


@transaction.atomic
def create_organization(
    *,
    actor: User,
    name: str,
    kind: str = Organization.Kind.STAKEHOLDER,
    category: StakeholderCategory | None,
    country: Country | None,
    scope: str = Organization.Scope.NATIONAL,
    acronym: str = "",
    website: str = "",
) -> Organization:
    """Create an organization; its creator becomes its first administrator."""
    name = " ".join(name.split())
    if organization_name_taken(name):
        raise AccountsError(_("An organization with this name already exists. Ask to join it."))
    if kind == Organization.Kind.STAKEHOLDER and category is None:
        raise AccountsError(_("Choose the stakeholder category of the organization."))
    organization = Organization(
        name=name,
        kind=kind,
        category=category,
        country=country,
        scope=scope,
        acronym=acronym.strip(),
        website=website,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError as error:  # a concurrent request took the name
        raise AccountsError(
            _("An organization with this name already exists. Ask to join it.")
        ) from error
    Membership.objects.create(
        user=actor,
        organization=organization,
        role=Membership.Role.ADMIN,
        status=Membership.Status.ACTIVE,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    return organization


@transaction.atomic
def update_organization(
    *,
    actor: User,
    organization: Organization,
    name: str,
    kind: str,
    category: StakeholderCategory | None,
    country: Country | None,
    scope: str,
    acronym: str = "",
    website: str = "",
) -> Organization:
    """Change an organization's details; the history keeps who changed what."""
    name = " ".join(name.split())
    if organization_name_taken(name, exclude=organization):
        raise AccountsError(_("An organization with this name already exists. Ask to join it."))
    if kind == Organization.Kind.STAKEHOLDER and category is None:
        raise AccountsError(_("Choose the stakeholder category of the organization."))
    organization.name = name
    organization.kind = kind
    organization.category = category
    organization.country = country
    organization.scope = scope
    organization.acronym = acronym.strip()
    organization.website = website
    organization.save()
    return organization


@transaction.atomic
def request_membership(*, actor: User, organization: Organization) -> Membership:
    """Ask to join an organization; an administrator of it (or the secretariat) decides."""
    membership = (
        Membership.objects.select_for_update().filter(user=actor, organization=organization).first()
    )
    if membership is not None and membership.status != Membership.Status.DECLINED:
        raise AccountsError(
            _("You are already a member of this organization or have asked to join.")
        )
    if membership is None:
        membership = Membership(user=actor, organization=organization)
    membership.role = Membership.Role.MEMBER
    membership.status = Membership.Status.PENDING
    membership.decided_by = None
    membership.decided_at = None
    membership.save()
    return membership


@transaction.atomic
def decide_membership(*, actor: User, membership: Membership, approve: bool) -> Membership:
    if membership.status != Membership.Status.PENDING:
        raise AccountsError(_("This request has already been decided."))
    membership.status = Membership.Status.ACTIVE if approve else Membership.Status.DECLINED
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at"])
    return membership


# Roles and invitations ---------------------------------------------------------------------------


def _has_role_already(
    *, user: User, role: str, country: Country | None, organization: Organization | None
) -> bool:
    if role in ORGANIZATION_ROLES:
        return Membership.objects.filter(
            user=user,
            organization=organization,
            status=Membership.Status.ACTIVE,
            role=ORGANIZATION_ROLES[role],
        ).exists()
    return RoleAssignment.objects.filter(user=user, role=role, country=country).exists()


@transaction.atomic
def invite_person(
    *,
    actor: User,
    email: str,
    role: str,
    country: Country | None = None,
    organization: Organization | None = None,
    message: str = "",
    language: str = "",
) -> Invitation:
    """Invite an address into a role and mail the link.

    The address need not have an account yet: the link leads to sign-up, and the role is granted
    when the owner of that verified address accepts.
    """
    email = email.strip().lower()
    if role == Invitation.Role.FOCAL_POINT and country is None:
        raise AccountsError(_("A focal point invitation needs a country."))
    if role in ORGANIZATION_ROLES and organization is None:
        raise AccountsError(_("An organization role needs an organization."))
    if role != Invitation.Role.FOCAL_POINT:
        country = None
    if role not in ORGANIZATION_ROLES:
        organization = None
    existing_user = User.objects.filter(email__iexact=email).first()
    if not language:
        # The person's own choice if they have an account, else the inviter's page language.
        language = (
            existing_user.preferred_language
            if existing_user
            else (translation.get_language() or settings.LANGUAGE_CODE)[:2]
        )
    if existing_user and _has_role_already(
        user=existing_user, role=role, country=country, organization=organization
    ):
        raise AccountsError(_("This person already holds this role."))
    now = timezone.now()
    if Invitation.objects.filter(
        email__iexact=email,
        role=role,
        country=country,
        organization=organization,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=now,
    ).exists():
        raise AccountsError(_("An invitation for this address and role is already waiting."))
    invitation = Invitation.objects.create(
        email=email,
        role=role,
        country=country,
        organization=organization,
        message=message.strip(),
        language=language,
        invited_by=actor,
        expires_at=now + INVITATION_VALIDITY,
    )
    # The mail leaves through the task worker, after the invitation is safely stored.
    transaction.on_commit(
        lambda: send_invitation_mail.enqueue(
            invitation_id=invitation.pk, has_account=existing_user is not None
        )
    )
    return invitation


@transaction.atomic
def accept_invitation(*, actor: User, invitation: Invitation) -> Invitation:
    """Grant the invited role to the signed-in owner of the invited address."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise AccountsError(_("This invitation has already been accepted."))
    if invitation.revoked_at is not None:
        raise AccountsError(_("This invitation has been withdrawn."))
    if invitation.is_expired:
        raise AccountsError(_("This invitation has expired. Ask the secretariat for a new one."))
    if actor.email.lower() != invitation.email.lower():
        raise AccountsError(
            _("This invitation was sent to another address. Sign in with the invited address.")
        )
    if not EmailAddress.objects.filter(
        user=actor, email__iexact=invitation.email, verified=True
    ).exists():
        raise AccountsError(_("Verify your email address before accepting the invitation."))
    if invitation.role in ORGANIZATION_ROLES:
        assert invitation.organization is not None
        membership, _created = Membership.objects.get_or_create(
            user=actor, organization=invitation.organization
        )
        # An invitation never lowers an administrator to a plain member.
        if not (membership.is_active and membership.role == Membership.Role.ADMIN):
            membership.role = ORGANIZATION_ROLES[invitation.role]
        membership.status = Membership.Status.ACTIVE
        membership.decided_by = invitation.invited_by
        membership.decided_at = timezone.now()
        membership.save()
    else:
        grant_role(
            actor=invitation.invited_by,
            user=actor,
            role=invitation.role,
            country=invitation.country,
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return invitation


@transaction.atomic
def revoke_invitation(*, actor: User, invitation: Invitation) -> Invitation:
    if not invitation.is_open:
        raise AccountsError(_("Only a waiting invitation can be withdrawn."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def grant_role(
    *, actor: User | None, user: User, role: str, country: Country | None = None
) -> RoleAssignment:
    """Grant a platform role directly (used by `seed_demo` and by accepted invitations)."""
    if role == PlatformRole.FOCAL_POINT and country is None:
        raise AccountsError(_("A focal point invitation needs a country."))
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        country=country if role == PlatformRole.FOCAL_POINT else None,
        defaults={"granted_by": actor},
    )
    return assignment


@transaction.atomic
def update_profile(*, actor: User, full_name: str, preferred_language: str) -> User:
    actor.full_name = " ".join(full_name.split())
    actor.preferred_language = preferred_language
    actor.save(update_fields=["full_name", "preferred_language"])
    return actor
