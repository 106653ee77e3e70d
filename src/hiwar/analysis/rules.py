"""Who may see analyses and decide on tags. The secretariat and rapporteurs review tags; a
document's own authors (the country's focal points, the organization's members) may follow its
analysis. Every permission is tested in tests/analysis/test_rules.py."""

from typing import Any

import rules

from hiwar.accounts.rules import (
    is_focal_point_for,
    is_organization_member,
    is_rapporteur,
    is_secretariat,
)
from hiwar.analysis.models import Document


@rules.predicate
def is_document_author(user: Any, document: Document | None) -> bool:
    if document is None:
        return False
    if document.report_id is not None and document.country is not None:
        return is_focal_point_for(user, document.country)
    if document.stakeholder_input is not None:
        return is_organization_member(user, document.stakeholder_input.organization)
    return False


is_analyst = is_secretariat | is_rapporteur

rules.add_perm("analysis.view_analysis", is_analyst)
rules.add_perm("analysis.review_tags", is_analyst)
rules.add_perm("analysis.upload_document", is_secretariat)
rules.add_perm("analysis.view_document", is_analyst | is_document_author)
rules.add_perm("analysis.retry_document", is_analyst | is_document_author)
