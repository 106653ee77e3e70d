"""Fixtures of the publications tests: the dialogue fixtures (cycle, people, a dialogue), a
translator, and publications made through the real services from hand-built drafts (so these
tests do not depend on the draft generators)."""

from typing import Any

import pytest

from hiwar.accounts.models import PlatformRole, RoleAssignment
from hiwar.publications import services
from hiwar.publications.drafts import Draft, DraftSection
from hiwar.publications.models import Publication
from tests.dialogues.conftest import *  # noqa: F403 - cycle, dialogue, people
from tests.factories import UserFactory


def make_draft(kind: str = "dialogue_summary", sections: int = 3, language: str = "en") -> Draft:
    return Draft(
        kind=kind,
        language=language,
        title=f"Summary of the dialogue ({kind})",
        subtitle="First Arab regional review",
        sections=[
            DraftSection(
                key=f"part-{n}",
                heading=f"Part {n}",
                body=f"Participants raised point {n}.",
                group="Round table 1" if kind == "outcome" else "",
                attribution="Jordan (Member State)" if kind == "outcome" else "",
            )
            for n in range(1, sections + 1)
        ],
    )


def make_publication(
    cycle: Any,
    dialogue: Any,
    actor: Any = None,
    *,
    sections: int = 3,
    kind: str = "dialogue_summary",
) -> Publication:
    return services.create_publication_from_draft(
        actor=actor,
        draft=make_draft(kind, sections),
        cycle=cycle,
        dialogue=dialogue if kind == "dialogue_summary" else None,
    )


def publish(publication: Publication, actor: Any = None) -> Publication:
    services.submit_for_review(actor=actor, publication=publication)
    return services.publish_publication(actor=actor, publication=publication)


@pytest.fixture
def cycle(bare_cycle: Any) -> Any:
    """The review with its report templates (national reports can be written); `dialogue` is a
    dialogue session of the dialogues app."""
    from hiwar.reviews.outlines import seed_templates

    seed_templates(bare_cycle)
    return bare_cycle


@pytest.fixture
def translator(db: None) -> Any:
    person = UserFactory(full_name="Farid Translator", email="farid@example.org")
    RoleAssignment.objects.create(user=person, role=PlatformRole.TRANSLATOR)
    return person


@pytest.fixture
def other_translator(db: None) -> Any:
    person = UserFactory(full_name="Amal Translator", email="amal@example.org")
    RoleAssignment.objects.create(user=person, role=PlatformRole.TRANSLATOR)
    return person


@pytest.fixture
def publication(cycle: Any, dialogue: Any, secretariat_user: Any) -> Publication:
    return make_publication(cycle, dialogue, secretariat_user)


@pytest.fixture
def outcome(cycle: Any, dialogue: Any, secretariat_user: Any) -> Publication:
    return make_publication(cycle, dialogue, secretariat_user, kind="outcome")


@pytest.fixture
def published(publication: Publication, secretariat_user: Any) -> Publication:
    return publish(publication, secretariat_user)


class EchoBackend:
    """A machine-translation backend for tests: prefixes each text with the target language."""

    name = "echo"

    def translate(self, texts: list[str], *, source: str, target: str) -> list[str]:
        return [f"[{target}] {text}" for text in texts]
