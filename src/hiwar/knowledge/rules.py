"""Who may see and change practices and organization profiles. Drafts, practices awaiting
review and refused ones are seen only by the members of their organization and the
secretariat; published practices are public. Tested in tests/knowledge/test_rules.py."""

from typing import Any

import rules

from hiwar.accounts.rules import is_organization_admin, is_organization_member, is_secretariat
from hiwar.knowledge.models import Practice


@rules.predicate
def is_published_practice(user: Any, practice: Practice | None) -> bool:
    return practice is not None and practice.status == Practice.Status.PUBLISHED


@rules.predicate
def is_practice_organization_member(user: Any, practice: Practice | None) -> bool:
    return practice is not None and is_organization_member(user, practice.organization)


@rules.predicate
def is_editable_practice(user: Any, practice: Practice | None) -> bool:
    return practice is not None and practice.is_editable


@rules.predicate
def is_awaiting_review(user: Any, practice: Practice | None) -> bool:
    return practice is not None and practice.status == Practice.Status.SUBMITTED


rules.add_perm("knowledge.submit_practice", is_organization_member)
rules.add_perm(
    "knowledge.view_practice",
    is_published_practice | is_practice_organization_member | is_secretariat,
)
rules.add_perm("knowledge.edit_practice", is_practice_organization_member & is_editable_practice)
rules.add_perm("knowledge.review_practices", is_secretariat)
rules.add_perm("knowledge.review_practice", is_secretariat & is_awaiting_review)
rules.add_perm("knowledge.edit_profile", is_organization_admin | is_secretariat)
rules.add_perm("knowledge.contact_organization", rules.is_authenticated)
