from django.db.models import Count

from hiwar.reviews.models import ReviewCycle


def current_review_cycle() -> ReviewCycle | None:
    """The cycle the home page presents: the one marked current, else the latest."""
    cycles = (
        ReviewCycle.objects.select_related("region")
        .annotate(member_state_count=Count("member_states"))
        .prefetch_related("milestones")  # Milestone.Meta.ordering: by date
    )
    return cycles.filter(is_current=True).first() or cycles.first()
