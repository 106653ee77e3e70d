"""Who may see and change reports and inputs. Drafts are seen only by their authors (the
country's focal points, the organization's members) and the secretariat; published material is
public. Every permission is tested in tests/reviews/test_rules.py."""

from typing import Any

import rules

from hiwar.accounts.rules import is_focal_point_for, is_organization_member, is_secretariat
from hiwar.reviews.models import NationalReport, StakeholderInput


@rules.predicate
def is_report_focal_point(user: Any, report: NationalReport | None) -> bool:
    return report is not None and is_focal_point_for(user, report.country)


@rules.predicate
def is_published_report(user: Any, report: NationalReport | None) -> bool:
    return report is not None and report.status == NationalReport.Status.PUBLISHED


@rules.predicate
def is_input_author_organization(user: Any, item: StakeholderInput | None) -> bool:
    return item is not None and is_organization_member(user, item.organization)


@rules.predicate
def is_published_input(user: Any, item: StakeholderInput | None) -> bool:
    return item is not None and item.status == StakeholderInput.Status.PUBLISHED


rules.add_perm("reviews.manage_cycle", is_secretariat)
rules.add_perm("reviews.view_report", is_published_report | is_report_focal_point | is_secretariat)
rules.add_perm("reviews.edit_report", is_report_focal_point)
rules.add_perm("reviews.request_extension", is_report_focal_point)
rules.add_perm(
    "reviews.view_input", is_published_input | is_input_author_organization | is_secretariat
)
rules.add_perm("reviews.submit_input", is_organization_member)
