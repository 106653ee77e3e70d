"""The side-by-side translation editor: each source section beside its translation into one
language, with the stale flag, the status, and the machine-translation button when a backend is
configured. Only the secretariat and the translator assigned to that language may use it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hiwar.publications import selectors, services
from hiwar.publications.citations import missing_markers
from hiwar.publications.forms import TitleForm, TranslationForm
from hiwar.publications.machine_translation import machine_translation_backend
from hiwar.publications.models import LanguageVersion, Publication, Section
from hiwar.publications.services import EditConflict, PublicationError
from hiwar.publications.views.common import require_visible, user_of

LANGUAGES = dict(settings.LANGUAGES)


def _language_version(request: HttpRequest, pk: int, language: str) -> LanguageVersion:
    publication = get_object_or_404(Publication, pk=pk)
    if language not in LANGUAGES or language == publication.source_language:
        raise Http404
    version = LanguageVersion.objects.filter(publication=publication, language=language).first()
    if version is None:
        version = LanguageVersion(publication=publication, language=language)
    version.publication = publication
    require_visible(request, "publications.translate", version)
    return version


def _back(publication: Publication, language: str, section_pk: int | None = None) -> str:
    url = reverse("publications:translate", kwargs={"pk": publication.pk, "language": language})
    return f"{url}#t{section_pk}" if section_pk else url


@login_required
def translate(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    version = _language_version(request, pk, language)
    publication = version.publication
    if request.method == "POST":  # the translated title
        form = TitleForm(request.POST)
        if form.is_valid():
            try:
                services.save_translated_title(
                    actor=user_of(request),
                    publication=publication,
                    language=language,
                    title=form.cleaned_data["title"],
                )
            except PublicationError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Title saved."))
        else:
            messages.error(request, _("The title is too long."))
        return redirect(_back(publication, language))
    pairs = selectors.translation_pairs(publication=publication, language=language)
    histories = selectors.translation_histories(publication=publication, language=language)
    forms = []
    for pair in pairs:
        found = pair.translation
        forms.append(
            (
                pair,
                # Earlier revisions only: the current one is the form.
                [r for r in histories.get(found.pk, []) if r.revision != found.revision]
                if found
                else [],
                TranslationForm(
                    initial={
                        "heading": found.heading if found else "",
                        "body": found.body if found else "",
                        "status": found.status if found else "draft",
                        "base_revision": found.revision if found else 0,
                    },
                    prefix=f"s{pair.section.pk}",
                    language=language,
                ),
            )
        )
    return render(
        request,
        "publications/translate.html",
        {
            "publication": publication,
            "version": version,
            "language": language,
            "language_name": selectors.language_name(language),
            "source_name": selectors.language_name(publication.source_language),
            "forms": forms,
            "title_form": TitleForm(initial={"title": version.title}),
            "machine_available": machine_translation_backend() is not None,
            "stale_count": sum(1 for pair in pairs if pair.is_stale),
        },
    )


@login_required
@require_POST
def translate_section(
    request: HttpRequest, pk: int, language: str, section_pk: int
) -> HttpResponse:
    version = _language_version(request, pk, language)
    publication = version.publication
    # A section id of another publication is unknown here.
    section = get_object_or_404(Section, pk=section_pk, publication=publication)
    actor = user_of(request)
    back = _back(publication, language, section.pk)
    if request.POST.get("machine"):
        try:
            services.machine_translate_section(actor=actor, section=section, language=language)
        except PublicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Machine translation added as a draft, labelled as such."))
        return redirect(back)
    form = TranslationForm(request.POST, prefix=f"s{section.pk}")
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect(back)
    data = form.cleaned_data
    try:
        services.save_translation(
            actor=actor,
            section=section,
            language=language,
            heading=data["heading"],
            body=data["body"],
            status=data["status"],
            base_revision=data["base_revision"],
        )
    except EditConflict as clash:
        return render(
            request,
            "publications/translate_conflict.html",
            {
                "publication": publication,
                "section": section,
                "language": language,
                "conflict": clash,
                "form": TranslationForm(
                    initial={
                        "heading": clash.your_heading,
                        "body": clash.your_body,
                        "status": data["status"],
                        "base_revision": clash.their_revision,
                    },
                    prefix=f"s{section.pk}",
                    language=language,
                ),
            },
            status=409,
        )
    except PublicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Translation saved."))
        missing = missing_markers(section.body, data["body"])
        if missing:
            messages.warning(
                request,
                _(
                    "The translation leaves out markers of the source: %(markers)s. Copy them "
                    "as they are, so that its citations and figures are kept."
                )
                % {"markers": " ".join(missing[:12]) + (" …" if len(missing) > 12 else "")},
            )
    return redirect(back)


urlpatterns: list[URLPattern] = [
    path("<int:pk>/translate/<str:language>/", translate, name="translate"),
    path(
        "<int:pk>/translate/<str:language>/<int:section_pk>/",
        translate_section,
        name="translate_section",
    ),
]
