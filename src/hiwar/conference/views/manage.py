"""The secretariat's programme editor: conference settings, days, items, people and roles, the
checks shown while editing, what changed since the published version, and publication."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hiwar.conference import checks, selectors
from hiwar.conference.diff import diff
from hiwar.conference.forms_programme import ConferenceForm, DayForm, ItemForm, PersonForm, RoleForm
from hiwar.conference.models import Conference, Day, Item, Person, Role
from hiwar.conference.services import ConferenceError, programme
from hiwar.reviews.models import ReviewCycle
from hiwar.reviews.views.common import require, user_of

PERMISSION = "conference.manage_programme"


def _conference(request: HttpRequest, slug: str) -> Conference:
    require(request, PERMISSION)
    return get_object_or_404(Conference, slug=slug)


def _item(request: HttpRequest, slug: str, pk: int) -> Item:
    conference = _conference(request, slug)
    return get_object_or_404(
        Item.objects.select_related("day__conference"), pk=pk, day__conference=conference
    )


def _language() -> str:
    return get_language() or "en"


@login_required
def conference_new(request: HttpRequest) -> HttpResponse:
    require(request, PERMISSION)
    cycle = ReviewCycle.objects.filter(is_current=True).first() or ReviewCycle.objects.first()
    if cycle is None:
        raise Http404
    form = ConferenceForm(
        request.POST or None, initial={"languages": ["ar", "en", "fr"], "time_zone": "Asia/Beirut"}
    )
    if request.method == "POST" and form.is_valid():
        conference = form.save(commit=False)
        conference.cycle = cycle
        conference.save()
        messages.success(request, _("Conference created. Add its days and items."))
        return redirect("conference:manage", slug=conference.slug)
    return render(request, "conference/manage/settings.html", {"form": form, "conference": None})


@login_required
def conference_settings(request: HttpRequest, slug: str) -> HttpResponse:
    conference = _conference(request, slug)
    form = ConferenceForm(request.POST or None, instance=conference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Settings saved."))
        return redirect("conference:manage", slug=form.instance.slug)
    return render(
        request, "conference/manage/settings.html", {"form": form, "conference": conference}
    )


@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    """The draft programme with its warnings and what changed since the published version."""
    conference = _conference(request, slug)
    draft = selectors.programme_data(conference)
    findings = checks.run_checks(draft, _language())
    latest = selectors.latest_version(conference)
    changes = diff(latest.snapshot, draft) if latest else None
    by_item: dict[int, list[checks.Finding]] = {}
    for finding in findings:
        for item_id in finding.items:
            by_item.setdefault(item_id, []).append(finding)
    return render(
        request,
        "conference/manage/overview.html",
        {
            "conference": conference,
            "draft": draft,
            "people": {person["id"]: person for person in draft["people"]},
            "findings": findings,
            "findings_by_item": by_item,
            "blocking": checks.blocking(findings, conference.blocking_checks),
            "latest": latest,
            "changes": changes,
            "versions": conference.versions.select_related("published_by"),
            "day_form": DayForm(),
        },
    )


@login_required
@require_POST
def day_add(request: HttpRequest, slug: str) -> HttpResponse:
    conference = _conference(request, slug)
    form = DayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid date."))
    else:
        try:
            programme.add_day(conference=conference, date=form.cleaned_data["date"])
            messages.success(request, _("Day added."))
        except ConferenceError as error:
            messages.error(request, str(error))
    return redirect("conference:manage", slug=slug)


@login_required
@require_POST
def day_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conference = _conference(request, slug)
    day = get_object_or_404(Day, pk=pk, conference=conference)
    try:
        programme.delete_day(day=day)
        messages.success(request, _("Day removed."))
    except ConferenceError as error:
        messages.error(request, str(error))
    return redirect("conference:manage", slug=slug)


def _item_form_page(
    request: HttpRequest, conference: Conference, form: ItemForm, item: Item | None
) -> HttpResponse:
    context: dict[str, Any] = {"conference": conference, "form": form, "item": item}
    if item is not None:
        draft = selectors.programme_data(conference)
        context["findings"] = [
            finding for finding in checks.run_checks(draft, _language()) if item.pk in finding.items
        ]
        context["roles"] = item.roles.select_related("person").order_by("position", "pk")
        context["role_form"] = RoleForm(
            conference=conference, initial={"position": item.roles.count() + 1}
        )
    return render(request, "conference/manage/item.html", context)


@login_required
def item_add(request: HttpRequest, slug: str) -> HttpResponse:
    conference = _conference(request, slug)
    initial = {}
    if request.GET.get("day"):
        initial["day"] = request.GET["day"]
    form = ItemForm(request.POST or None, conference=conference, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = programme.save_item(
                day=form.cleaned_data["day"],
                fields=form.service_fields(),
                objectives=list(form.cleaned_data["objectives"]),
            )
        except ConferenceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Item added. Now add its people."))
            return redirect("conference:item_edit", slug=slug, pk=item.pk)
    return _item_form_page(request, conference, form, None)


@login_required
def item_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _item(request, slug, pk)
    conference = item.day.conference
    form = ItemForm(request.POST or None, instance=item, conference=conference)
    if request.method == "POST" and form.is_valid():
        try:
            programme.save_item(
                day=form.cleaned_data["day"],
                fields=form.service_fields(),
                objectives=list(form.cleaned_data["objectives"]),
                item=item,
            )
        except ConferenceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Item saved."))
            return redirect("conference:item_edit", slug=slug, pk=item.pk)
    if form.errors:
        item.refresh_from_db()
    return _item_form_page(request, conference, form, item)


@login_required
@require_POST
def item_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _item(request, slug, pk)
    programme.delete_item(item=item)
    messages.success(request, _("Item removed."))
    return redirect("conference:manage", slug=slug)


@login_required
@require_POST
def role_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _item(request, slug, pk)
    form = RoleForm(request.POST, conference=item.day.conference)
    if form.is_valid():
        try:
            programme.save_role(item=item, fields=form.cleaned_data)
        except ConferenceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Role added."))
    else:
        messages.error(
            request,
            _("The role was not added: %(errors)s")
            % {"errors": "; ".join(str(e) for errors in form.errors.values() for e in errors)},
        )
    return redirect("conference:item_edit", slug=slug, pk=item.pk)


@login_required
@require_POST
def role_delete(request: HttpRequest, slug: str, pk: int, role: int) -> HttpResponse:
    item = _item(request, slug, pk)
    programme.delete_role(role=get_object_or_404(Role, pk=role, item=item))
    messages.success(request, _("Role removed."))
    return redirect("conference:item_edit", slug=slug, pk=item.pk)


@login_required
def people(request: HttpRequest, slug: str) -> HttpResponse:
    conference = _conference(request, slug)
    people = Person.objects.filter(conference=conference).select_related(
        "country", "organization", "category"
    )
    return render(
        request, "conference/manage/people.html", {"conference": conference, "people": people}
    )


@login_required
def person_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    conference = _conference(request, slug)
    person = get_object_or_404(Person, pk=pk, conference=conference) if pk else None
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        programme.save_person(conference=conference, fields=form.cleaned_data, person=person)
        messages.success(request, _("Person saved."))
        return redirect("conference:people", slug=slug)
    return render(
        request,
        "conference/manage/person.html",
        {"conference": conference, "form": form, "person": person},
    )


@login_required
@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    conference = _conference(request, slug)
    try:
        version = programme.publish_programme(
            conference=conference, by=user_of(request), language=_language()
        )
    except ConferenceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Version %(number)d of the programme is published.") % {"number": version.number},
        )
    return redirect("conference:manage", slug=slug)


urlpatterns: list[URLPattern] = [
    path("new/", conference_new, name="new"),
    path("<slug:slug>/manage/", overview, name="manage"),
    path("<slug:slug>/manage/settings/", conference_settings, name="settings"),
    path("<slug:slug>/manage/days/", day_add, name="day_add"),
    path("<slug:slug>/manage/days/<int:pk>/delete/", day_delete, name="day_delete"),
    path("<slug:slug>/manage/items/new/", item_add, name="item_add"),
    path("<slug:slug>/manage/items/<int:pk>/", item_edit, name="item_edit"),
    path("<slug:slug>/manage/items/<int:pk>/delete/", item_delete, name="item_delete"),
    path("<slug:slug>/manage/items/<int:pk>/roles/", role_add, name="role_add"),
    path(
        "<slug:slug>/manage/items/<int:pk>/roles/<int:role>/delete/",
        role_delete,
        name="role_delete",
    ),
    path("<slug:slug>/manage/people/", people, name="people"),
    path("<slug:slug>/manage/people/new/", person_edit, name="person_add"),
    path("<slug:slug>/manage/people/<int:pk>/", person_edit, name="person_edit"),
    path("<slug:slug>/manage/publish/", publish, name="publish"),
]
