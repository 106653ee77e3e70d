"""Translations of publications: translators assigned per language, section translations saved
with the source hash they were made from (to flag them stale when the source changes), machine
translation through a pluggable backend, and the per-language status."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hiwar.accounts.models import User
from hiwar.publications.machine_translation import (
    MachineTranslationBackend,
    machine_translation_backend,
)
from hiwar.publications.models import (
    MAX_HEADING,
    LanguageVersion,
    Publication,
    Section,
    SectionTranslation,
    TranslationStatus,
)
from hiwar.publications.services.documents import LANGUAGE_CODES, check_text
from hiwar.publications.services.errors import EditConflict, PublicationError
from hiwar.search.services import schedule_search_refresh


def _target_language(publication: Publication, language: str) -> LanguageVersion:
    if language not in LANGUAGE_CODES:
        raise PublicationError(_("Unknown language."))
    if language == publication.source_language:
        raise PublicationError(_("This is the language the publication is written in."))
    version, _created = LanguageVersion.objects.get_or_create(
        publication=publication, language=language
    )
    return version


def refresh_language_statuses(*, publication: Publication) -> None:
    """Each target language is final when every section has a final translation made from its
    current source, missing when no section is translated, and a draft otherwise."""
    sections = list(publication.sections.values_list("pk", "source_hash"))
    current = dict(sections)
    translations = SectionTranslation.objects.filter(section__publication=publication).values_list(
        "section_id", "language", "status", "source_hash"
    )
    by_language: dict[str, list[bool]] = {}
    for section_id, language, status, source_hash in translations:
        final = status == TranslationStatus.FINAL and current.get(section_id) == source_hash
        by_language.setdefault(language, []).append(final)
    for version in LanguageVersion.objects.filter(publication=publication):
        states = by_language.get(version.language, [])
        if not states:
            status = TranslationStatus.MISSING
        elif len(states) == len(sections) and all(states):
            status = TranslationStatus.FINAL
        else:
            status = TranslationStatus.DRAFT
        if version.status != status:
            version.status = status
            version.save(update_fields=["status"])


@transaction.atomic
def assign_translator(
    *, actor: User | None, publication: Publication, language: str, translator: User | None
) -> LanguageVersion:
    version = _target_language(publication, language)
    version.translator = translator
    version.save(update_fields=["translator"])
    return version


@transaction.atomic
def save_translated_title(
    *, actor: User | None, publication: Publication, language: str, title: str
) -> LanguageVersion:
    version = _target_language(publication, language)
    title = title.strip()
    if len(title) > MAX_HEADING:
        raise PublicationError(
            _("The title is too long (at most %(max)d characters).") % {"max": MAX_HEADING}
        )
    version.title = title
    version.save(update_fields=["title"])
    return version


@transaction.atomic
def save_translation(
    *,
    actor: User | None,
    section: Section,
    language: str,
    heading: str,
    body: str,
    status: str,
    base_revision: int,
    machine: bool = False,
) -> SectionTranslation:
    """Save a section's translation, recording the source hash it now matches. A stale save
    (someone saved since ``base_revision``; 0 when there was no translation yet) is refused.
    Human edits clear the machine label; saving machine text unchanged keeps it."""
    section = Section.objects.select_related("publication").get(pk=section.pk)
    publication = section.publication
    _target_language(publication, language)
    if status not in (TranslationStatus.DRAFT, TranslationStatus.FINAL):
        raise PublicationError(_("A translation is a draft or final."))
    heading, body = check_text(heading=heading, body=body, heading_required=False)
    missing_text = not heading or (section.body.strip() and not body.strip())
    if status == TranslationStatus.FINAL and missing_text:
        raise PublicationError(_("A final translation has a heading and a text."))
    translation = (
        SectionTranslation.objects.select_for_update()
        .filter(section=section, language=language)
        .first()
    )
    current_revision = translation.revision if translation else 0
    if current_revision != base_revision:
        assert translation is not None
        raise EditConflict(
            their_heading=translation.heading,
            their_body=translation.body,
            their_revision=translation.revision,
            their_author=str(translation.translator) if translation.translator else "",
            your_heading=heading,
            your_body=body,
        )
    if translation is None:
        translation = SectionTranslation(section=section, language=language, revision=0)
        was_machine = False
        unchanged = False
    else:
        was_machine = translation.machine
        unchanged = translation.heading == heading and translation.body == body
    translation.heading = heading
    translation.body = body
    translation.status = status
    translation.source_hash = section.source_hash
    translation.machine = machine or (was_machine and unchanged)
    translation.translator = actor
    translation.revision += 1
    translation.updated_at = timezone.now()
    translation.save()
    refresh_language_statuses(publication=publication)
    if publication.status == Publication.Status.PUBLISHED:
        schedule_search_refresh()  # what readers of this language see has changed
    return translation


def machine_translate_section(
    *,
    actor: User | None,
    section: Section,
    language: str,
    backend: MachineTranslationBackend | None = None,
) -> SectionTranslation:
    """Translate the section with the configured backend and store the output as a draft
    translation labelled as machine output. Refused when a human translation exists (it is
    never overwritten by a machine)."""
    backend = backend or machine_translation_backend()
    if backend is None:
        raise PublicationError(_("No machine translation is configured."))
    existing = SectionTranslation.objects.filter(section=section, language=language).first()
    if existing is not None and not existing.machine and (existing.heading or existing.body):
        raise PublicationError(
            _("This section already has a human translation; a machine will not overwrite it.")
        )
    source = section.publication.source_language
    heading, body = backend.translate(
        [section.heading, section.body], source=source, target=language
    )
    return save_translation(
        actor=actor,
        section=section,
        language=language,
        heading=heading,
        body=body,
        status=TranslationStatus.DRAFT,
        base_revision=existing.revision if existing else 0,
        machine=True,
    )
