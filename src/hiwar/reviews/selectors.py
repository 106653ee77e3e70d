from django.db.models import Count, Prefetch

from hiwar.reviews.models import Milestone, ReviewCycle


def current_review_cycle() -> ReviewCycle | None:
    """The cycle the home page presents: the one marked current, else the latest."""
    cycles = (
        ReviewCycle.objects.select_related("region")
        .annotate(member_state_count=Count("member_states"))
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("starts_on")))
    )
    return cycles.filter(is_current=True).first() or cycles.first()
