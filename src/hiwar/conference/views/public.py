"""Public pages of the conference: the list of conferences, the published programme by day, and
its exports (iCalendar, PDF, JSON), plus a signed-in participant's own items.

Everything public reads the latest published `ProgrammeVersion` snapshot, never the draft.

Speed (issue 5 asks for 500 pages/s on two cores): a version never changes once published, so
whatever is made from it is cached under a key holding its number; a new version has new keys
and is shown at once. Each request still asks the database which version is the latest (one
small SQL query, see `latest_version_number`). The programme body is cached per (conference,
version, language) for everyone; an anonymous reader with nothing personal on the page (no
query string, no pending message) gets the whole page from the cache, with their own CSRF token
put into the language switcher. Signed-in readers get the layout rendered for them around the
cached body.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import URLPattern, path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hiwar.conference import exports, selectors
from hiwar.conference.models import Conference, Person, ProgrammeVersion
from hiwar.framework.models import Objective
from hiwar.reviews.views.common import user_of

# Bump when the programme templates or exports change, so a shared cache serves nothing stale.
CACHE_FORMAT = 2
# A version's own content never changes; the day keeps memory bounded.
VERSION_SECONDS = 24 * 3600
# A whole anonymous page also holds the site navigation (e.g. the current review cycle's link),
# which may change without a new version: it is kept a minute at most.
PAGE_SECONDS = 60
# Stands for the reader's CSRF token in a cached page; never a valid token (not base62 only).
CSRF_PLACEHOLDER = "hiwar-csrf-token-placeholder"


def conference_list(request: HttpRequest) -> HttpResponse:
    """Conferences with a published programme; the secretariat also sees drafts."""
    conferences = Conference.objects.order_by("-starts_on")
    if not request.user.has_perm("conference.manage_programme"):
        conferences = conferences.filter(versions__isnull=False).distinct()
    return render(request, "conference/public/list.html", {"conferences": conferences})


def _language() -> str:
    return (get_language() or "en")[:2]


def _cache_key(kind: str, version: ProgrammeVersion, *parts: str) -> str:
    return _key(kind, version.conference.slug, version.number, *parts)


def _key(kind: str, slug: str, number: int, *parts: str) -> str:
    return ":".join(["conference", kind, str(CACHE_FORMAT), slug, str(number), *parts])


def latest_version_number(slug: str) -> int | None:
    """The number of the conference's latest published version; None if unpublished.

    Asked on every view of the programme, so written in SQL: on these machines the ORM takes
    ten times longer to build this query than the database to answer it, and longer than the
    rest of a cached page.
    """
    versions, conferences = ProgrammeVersion._meta.db_table, Conference._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MAX(v.number) FROM {versions} v JOIN {conferences} c "  # noqa: S608 - table names from the models
            "ON c.id = v.conference_id WHERE c.slug = %s",
            [slug],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def latest_version(slug: str) -> ProgrammeVersion | None:
    """The latest published version and its conference, with only the columns the pages use:
    the snapshot loads on first use, and most requests, answered from the cache, never need
    it. (Compiling the query for every column of a translated conference took longer than
    sending a cached page.)"""
    return (
        ProgrammeVersion.objects.select_related("conference")
        .only("number", "published_at", "conference__slug", "conference__registration_open")
        .filter(conference__slug=slug)
        .order_by("-number")
        .first()
    )


def _published_or_404(slug: str) -> ProgrammeVersion:
    version = latest_version(slug)
    if version is None:
        raise Http404
    return version


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _programme_url(conference: Conference) -> str:
    return _absolute(reverse("conference:programme", kwargs={"slug": conference.slug}))


def _title(snapshot: dict[str, Any], language: str) -> exports.Text | None:
    return exports.choose_text(snapshot["conference"]["title"], language)


def _body_context(snapshot: dict[str, Any], language: str) -> dict[str, Any]:
    """What the programme body needs: its days, localized, and the objectives they review."""
    numbers = exports.objective_numbers(snapshot)
    objectives = (
        {o.number: o for o in Objective.objects.filter(number__in=numbers)} if numbers else {}
    )
    conference = snapshot["conference"]
    days = exports.localized_days(snapshot, language)
    for day in days:
        for item in day.items:
            item.linked_objectives = [(n, objectives.get(n)) for n in item.objectives]
    return {
        "days": days,
        "time_zone": conference["time_zone"],
        "utc_offset": exports.utc_offset(conference["time_zone"], days[0].date) if days else "",
        "venue": exports.choose_text(conference["venue"], language),
        "comma": exports.list_separator(language),
        "slug": conference["slug"],
    }


def _programme_head(version: ProgrammeVersion, language: str) -> tuple[str, exports.Text | None]:
    """The programme body's HTML and the conference's title, made once per version and
    language."""
    key = _cache_key("programme", version, language)
    cached = cache.get(key)
    if cached is None:
        snapshot = version.snapshot
        body = render_to_string(
            "conference/public/_programme_body.html", _body_context(snapshot, language)
        )
        cached = (body, _title(snapshot, language))
        cache.set(key, cached, VERSION_SECONDS)
    return cached


def _render_programme(
    request: HttpRequest, version: ProgrammeVersion, language: str, **extra: Any
) -> HttpResponse:
    body, title = _programme_head(version, language)
    context = {
        "conference": version.conference,
        "title": title,
        "version": version,
        "body": mark_safe(body),  # noqa: S308 - rendered from our own template
        "draft": False,
        **extra,
    }
    return render(request, "conference/public/programme.html", context)


def _is_impersonal(request: HttpRequest) -> bool:
    """Whether the page would be the same for every anonymous reader of this address."""
    return (
        not request.GET
        and not request.user.is_authenticated
        and not len(messages.get_messages(request))
    )


def programme(request: HttpRequest, slug: str) -> HttpResponse:
    """The latest published programme, by day, in the reader's language; printable.

    Before the first publication only the secretariat sees it, as a draft preview."""
    language = _language()
    impersonal = _is_impersonal(request)
    if impersonal:
        number = latest_version_number(slug)
        page = cache.get(_key("page", slug, number, language)) if number else None
        if page is not None:
            return HttpResponse(page.replace(CSRF_PLACEHOLDER, get_token(request)))
    version = latest_version(slug)
    if version is None:
        return _draft_preview(request, slug, language)
    if not impersonal:
        return _render_programme(request, version, language)
    response = _render_programme(request, version, language, csrf_token=CSRF_PLACEHOLDER)
    page = response.content.decode()
    cache.set(_cache_key("page", version, language), page, PAGE_SECONDS)
    return HttpResponse(page.replace(CSRF_PLACEHOLDER, get_token(request)))


def _draft_preview(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    if not request.user.has_perm("conference.manage_programme"):
        raise Http404
    conference = Conference.objects.filter(slug=slug).first()
    if conference is None:
        raise Http404
    snapshot = selectors.programme_data(conference)
    body = render_to_string(
        "conference/public/_programme_body.html", _body_context(snapshot, language)
    )
    context = {
        "conference": conference,
        "title": _title(snapshot, language),
        "version": None,
        "body": mark_safe(body),  # noqa: S308 - rendered from our own template
        "draft": True,
    }
    return render(request, "conference/public/programme.html", context)


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'  # a slug: plain
    return response


def _export(kind: str, slug: str, build: Callable[[ProgrammeVersion], bytes], *parts: str) -> bytes:
    """An export of the latest version, made once per version (and language): on a cache hit
    one small query, as for the page."""
    number = latest_version_number(slug)
    if number is None:
        raise Http404
    content = cache.get(_key(kind, slug, number, *parts))
    if content is None:
        version = _published_or_404(slug)
        content = build(version)
        cache.set(_cache_key(kind, version, *parts), content, VERSION_SECONDS)
    return content


def programme_ical(request: HttpRequest, slug: str) -> HttpResponse:
    language = _language()

    def build(version: ProgrammeVersion) -> bytes:
        return exports.programme_calendar(
            version.snapshot,
            language=language,
            url=_programme_url(version.conference),
            name=str(_title(version.snapshot, language) or slug),
        )

    content = _export("ical", slug, build, language)
    return _calendar_response(content, f"{slug}-programme-{language}.ics")


def person_ical(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The items of one person, for their calendar: the address is the secret."""
    version = _published_or_404(slug)
    conference = version.conference
    person = Person.objects.filter(conference=conference, feed_token=token).first()
    if person is None:
        raise Http404
    language = _language()
    title = _title(version.snapshot, language)
    content = exports.programme_calendar(
        version.snapshot,
        language=language,
        url=_programme_url(conference),
        name=_("%(conference)s: my programme") % {"conference": title or conference.slug},
        person_id=person.pk,
    )
    response = _calendar_response(content, f"{conference.slug}-my-programme-{language}.ics")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def my_programme(request: HttpRequest, slug: str) -> HttpResponse:
    """The items in which the signed-in user has a role, with their personal calendar link."""
    version = _published_or_404(slug)
    conference = version.conference
    language = _language()
    people = list(
        Person.objects.filter(conference=conference, user=user_of(request)).order_by("pk")
    )
    mine = {item["id"] for item in selectors.person_items(version.snapshot, [p.pk for p in people])}
    days = []
    for day in exports.localized_days(version.snapshot, language):
        day.items = [item for item in day.items if item.id in mine]
        if day.items:
            days.append(day)
    feeds = [
        _absolute(reverse("conference:person_ical", kwargs={"slug": slug, "token": p.feed_token}))
        for p in people
        if p.feed_token
    ]
    context = {
        "conference": conference,
        "title": _title(version.snapshot, language),
        "version": version,
        "days": days,
        "feeds": feeds,
        "in_programme": bool(people),
    }
    response = render(request, "conference/public/my_programme.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


def programme_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme as an A4 PDF; made once per version and language (WeasyPrint is slow)."""
    language = _language()

    def build(version: ProgrammeVersion) -> bytes:
        context = {
            **_body_context(version.snapshot, language),
            "title": _title(version.snapshot, language),
            "conference": version.conference,
            "version": version,
            "language": language,
            "direction": "rtl" if language in settings.LANGUAGES_BIDI else "ltr",
            "programme_url": _programme_url(version.conference),
            "slug": "",  # no links to the speakers' lists on paper
        }
        return exports.programme_pdf(context, language=language)

    response = HttpResponse(_export("pdf", slug, build, language), content_type="application/pdf")
    filename = f"{slug}-programme-{language}.pdf"  # a slug: nothing to escape
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def programme_json(request: HttpRequest, slug: str) -> HttpResponse:
    """The published programme as open data; schema in docs/programme-schema.json."""
    content = _export("json", slug, lambda version: exports.programme_json(version.snapshot))
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


urlpatterns: list[URLPattern] = [
    path("", conference_list, name="list"),
    path("<slug:slug>/", programme, name="programme"),
    path("<slug:slug>/programme.ics", programme_ical, name="ical"),
    path("<slug:slug>/programme.pdf", programme_pdf, name="pdf"),
    path("<slug:slug>/programme.json", programme_json, name="json"),
    path("<slug:slug>/mine/", my_programme, name="my_programme"),
    path("<slug:slug>/people/<str:token>.ics", person_ical, name="person_ical"),
]
