"""Demo publications: the summary report of the first demo dialogue (published) and the outcome
document drafted from the key messages of the conference and dialogues (in review), so that the
demo shows every translation status.

Each gets a short note on the document written in English, French and Arabic (a translation
that is final); on the outcome document the English note was then revised, so its French
translation is flagged stale. The demo translator is assigned to Arabic.

Called by `hiwar seed_demo` after the dialogues; idempotent (nothing is created twice).
"""

from __future__ import annotations

from django.db import transaction

from hiwar.accounts.models import PlatformRole, User
from hiwar.dialogues.models import Dialogue
from hiwar.publications import services
from hiwar.publications.generators import draft_dialogue_summary, draft_outcome_document
from hiwar.publications.models import Publication, Section
from hiwar.reviews.models import ReviewCycle

NOTE_KEY = "demo-note"
NOTE = {
    "en": (
        "About this report",
        "This summary was drafted on the platform from the record of the dialogue (agenda, "
        "guiding questions, interventions and attendance) and revised by the secretariat.",
    ),
    "fr": (
        "À propos de ce rapport",
        "Ce résumé a été rédigé sur la plateforme à partir du compte rendu du dialogue (ordre "
        "du jour, questions directrices, interventions et participation) puis revu par le "
        "secrétariat.",
    ),
    "ar": (
        "حول هذا التقرير",
        "أُعدّ هذا الملخص على المنصة انطلاقاً من سجل الحوار (جدول الأعمال والأسئلة التوجيهية "
        "والمداخلات والحضور) ثم راجعته الأمانة.",
    ),
}
OUTCOME_NOTE = {
    "en": (
        "About this document",
        "The key messages below were voiced at the regional review conference and the "
        "multi-stakeholder dialogues.",
    ),
    "fr": (
        "À propos de ce document",
        "Les messages clés ci-dessous ont été exprimés lors de la conférence d'examen régional "
        "et des dialogues multipartites.",
    ),
}
OUTCOME_NOTE_REVISED = (
    " Their adoption status is recorded for each message."  # the English source, revised
)


def _user(email: str, role: str) -> User | None:
    return User.objects.filter(email=email, role_assignments__role=role).first()


def _add_note(
    publication: Publication, actor: User | None, texts: dict[str, tuple[str, str]]
) -> Section:
    heading, body = texts["en"]
    section = services.add_section(actor=actor, publication=publication, heading=heading, body=body)
    Section.objects.filter(pk=section.pk).update(key=NOTE_KEY)
    for language, (translated_heading, translated_body) in texts.items():
        if language == "en":
            continue
        services.save_translation(
            actor=actor,
            section=section,
            language=language,
            heading=translated_heading,
            body=translated_body,
            status="final",
            base_revision=0,
        )
    return section


@transaction.atomic
def seed_publications(cycle: ReviewCycle) -> list[Publication]:
    """The demo publications of ``cycle``; returns those created this run."""
    secretariat = _user("secretariat@example.org", PlatformRole.SECRETARIAT)
    translator = _user("translator@example.org", PlatformRole.TRANSLATOR)
    created = []
    dialogue = Dialogue.objects.filter(cycle=cycle, status=Dialogue.Status.PUBLISHED).first()
    if (
        dialogue is not None
        and not Publication.objects.filter(
            cycle=cycle, kind=Publication.Kind.DIALOGUE_SUMMARY, dialogue=dialogue
        ).exists()
    ):
        summary = services.create_publication_from_draft(
            actor=secretariat,
            draft=draft_dialogue_summary(dialogue=dialogue, language="en"),
            cycle=cycle,
            dialogue=dialogue,
        )
        _add_note(summary, secretariat, NOTE)
        services.save_translated_title(
            actor=secretariat,
            publication=summary,
            language="fr",
            title="Résumé du dialogue multipartite",
        )
        services.save_translated_title(
            actor=secretariat,
            publication=summary,
            language="ar",
            title="ملخص الحوار المتعدد أصحاب المصلحة",
        )
        if translator is not None:
            services.assign_translator(
                actor=secretariat, publication=summary, language="ar", translator=translator
            )
        services.submit_for_review(actor=secretariat, publication=summary)
        summary = services.publish_publication(actor=secretariat, publication=summary)
        created.append(summary)
    if not Publication.objects.filter(cycle=cycle, kind=Publication.Kind.OUTCOME).exists():
        draft = draft_outcome_document(cycle=cycle, language="en")
        if draft.sections:
            outcome = services.create_publication_from_draft(
                actor=secretariat, draft=draft, cycle=cycle
            )
            note = _add_note(outcome, secretariat, OUTCOME_NOTE)
            services.save_section(
                actor=secretariat,
                section=note,
                heading=note.heading,
                body=note.body + OUTCOME_NOTE_REVISED,
                base_revision=note.revision,
            )  # the French translation is now stale
            first_message = outcome.sections.exclude(key=NOTE_KEY).first()
            if first_message is not None:
                services.set_adoption_status(
                    actor=secretariat, section=first_message, status=Section.Adoption.AGREED
                )
            outcome = services.submit_for_review(actor=secretariat, publication=outcome)
            created.append(outcome)
    return created
