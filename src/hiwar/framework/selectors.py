"""Reads of the framework that views, exports and the API share."""

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from hiwar.framework.models import (
    Cluster,
    GuidingPrinciple,
    Objective,
    SdgTarget,
    StakeholderCategory,
)


def objective_list() -> QuerySet[Objective]:
    return Objective.objects.select_related("cluster").annotate(action_count=Count("actions"))


def objective_detail(*, number: int) -> Objective:
    """The objective with its cluster and actions; 404 for a number that is not 1-23."""
    return get_object_or_404(
        Objective.objects.select_related("cluster").prefetch_related("actions"), number=number
    )


def cluster_list() -> QuerySet[Cluster]:
    # Objective.Meta.ordering keeps each cluster's objectives in number order.
    return Cluster.objects.prefetch_related("objectives")


def guiding_principle_list() -> QuerySet[GuidingPrinciple]:
    return GuidingPrinciple.objects.all()


def stakeholder_category_list() -> QuerySet[StakeholderCategory]:
    return StakeholderCategory.objects.all()


def sdg_target_list() -> QuerySet[SdgTarget]:
    return SdgTarget.objects.all()
