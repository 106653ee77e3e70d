"""Who may do what with a conference. The published programme is public; drafts, checks,
registrations and exports of personal data are for the secretariat. Every permission is tested
in tests/conference/test_rules.py."""

from typing import Any

import rules

from hiwar.accounts.rules import is_focal_point, is_rapporteur, is_secretariat
from hiwar.conference.models import Item, Role


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
# Nomination is checked per country or organization in services.registration.
rules.add_perm("conference.nominate", is_focal_point | rules.is_authenticated)
rules.add_perm("conference.run_floor", is_secretariat | chairs_item)
rules.add_perm("conference.record_key_messages", is_secretariat | is_rapporteur)
