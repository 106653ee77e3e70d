"""The public landing page of a review cycle and its Atom feed: what governments and
stakeholders have published, for everyone."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from hiwar.framework.models import StakeholderCategory
from hiwar.reviews import selectors
from hiwar.reviews.models import ReviewCycle

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def cycle_landing(request: HttpRequest, slug: str) -> HttpResponse:
    cycle: ReviewCycle = get_object_or_404(
        ReviewCycle.objects.select_related("region").prefetch_related("milestones"), slug=slug
    )
    country = request.GET.get("country", "")[:2].upper()
    category = request.GET.get("category", "")[:40]
    language = request.GET.get("language", "")
    language = language if language in LANGUAGE_CODES else ""
    return render(
        request,
        "reviews/landing.html",
        {
            "cycle": cycle,
            "rows": selectors.member_state_statuses(cycle=cycle),
            "reports": selectors.published_reports(cycle=cycle, country=country, language=language),
            "inputs": selectors.published_inputs(
                cycle=cycle, category=category, country=country, language=language
            ),
            "categories": StakeholderCategory.objects.all(),
            "filters": {"country": country, "category": category, "language": language},
        },
    )


def cycle_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """Atom feed of published national reports and stakeholder inputs, newest first."""
    cycle = get_object_or_404(ReviewCycle, slug=slug)
    feed = Atom1Feed(
        title=f"{cycle.title}: {_('publications')}",
        link=request.build_absolute_uri(reverse("reviews:landing", args=[slug])),
        description=cycle.summary,
        language=request.LANGUAGE_CODE,
    )
    entries = [
        (report.published_at, _("National report: %(country)s") % {"country": report.country.name},
         reverse("reviews:report", args=[report.pk]))
        for report in selectors.published_reports(cycle=cycle)[:50]
    ] + [
        (item.published_at, f"{item.organization.name}: {item.title}",
         reverse("reviews:input", args=[item.pk]))
        for item in selectors.published_inputs(cycle=cycle)[:50]
    ]  # fmt: skip
    newest_first = sorted(entries, key=lambda e: e[0] or timezone.now(), reverse=True)
    for published_at, title, path in newest_first:
        feed.add_item(
            title=title,
            link=request.build_absolute_uri(path),
            description="",
            pubdate=published_at,
            unique_id=request.build_absolute_uri(path),
        )
    return HttpResponse(
        feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )
