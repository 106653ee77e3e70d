"""Who may do what with a conference. The published programme is public; drafts, checks,
registrations and exports of personal data are for the secretariat. Every permission is tested
in tests/conference/test_rules.py."""

from typing import Any

import rules

from hiwar.accounts.models import Membership
from hiwar.accounts.rules import is_focal_point, is_rapporteur, is_secretariat
from hiwar.conference.models import Item, Role


@rules.predicate
def administers_an_organization(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, role=Membership.Role.ADMIN, status=Membership.Status.ACTIVE
    ).exists()


@rules.predicate
def chairs_item(user: Any, item: Item | None) -> bool:
    """The item's chair or moderator, when their programme entry is linked to this account."""
    if item is None or not getattr(user, "is_authenticated", False):
        return False
    return Role.objects.filter(
        item=item, kind__in=[Role.Kind.CHAIR, Role.Kind.MODERATOR], person__user=user
    ).exists()


rules.add_perm("conference.manage_programme", is_secretariat)
rules.add_perm("conference.manage_registrations", is_secretariat)
rules.add_perm("conference.register", rules.is_authenticated)
# Who may nominate at all; for which country or organization is checked in
# services.registration.
rules.add_perm("conference.nominate", is_focal_point | administers_an_organization)
rules.add_perm("conference.run_floor", is_secretariat | chairs_item)
rules.add_perm("conference.record_key_messages", is_secretariat | is_rapporteur)
