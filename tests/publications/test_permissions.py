"""Every permission of the publications app: drafts and publications in review are never public
(404 to anonymous visitors and to other users); reviewers (secretariat, rapporteurs) read and
comment; only the secretariat edits and publishes; a translator works only in their language."""

from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from hiwar.publications import services
from hiwar.publications.models import Comment, Publication, SectionTranslation

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(publication: Publication, translator: Any, other_translator: Any) -> Publication:
    services.assign_translator(
        actor=None, publication=publication, language="fr", translator=translator
    )
    return publication


def client_for(client: Any, who: str, people: dict[str, Any]) -> Any:
    person = people[who]
    if person is not None:
        if who == "secretariat":
            TOTP.activate(person, generate_totp_secret())
        client.force_login(person)
    return client


@pytest.fixture
def people(user, rapporteur, translator, other_translator, secretariat_user) -> dict[str, Any]:
    return {
        "anonymous": None,
        "user": user,
        "rapporteur": rapporteur,
        "translator": translator,
        "other_translator": other_translator,
        "secretariat": secretariat_user,
    }


VIEWERS = {"rapporteur", "translator", "secretariat"}


@pytest.mark.parametrize(
    "who", ["anonymous", "user", "rapporteur", "translator", "other_translator", "secretariat"]
)
@pytest.mark.parametrize("status", ["draft", "in_review"])
def test_unpublished_publications_are_seen_only_by_reviewers_and_the_translator(
    client, people, assigned, who, status
):
    if status == "in_review":
        services.submit_for_review(actor=None, publication=assigned)
    client = client_for(client, who, people)
    for name in ("publications:detail",):
        response = client.get(reverse(name, kwargs={"pk": assigned.pk}))
        assert response.status_code == (200 if who in VIEWERS else 404)
    response = client.get(reverse("publications:list"))
    assert assigned.title not in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "user", "other_translator"])
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_unpublished_publications_are_never_downloadable_by_others(
    client, people, assigned, who, fmt
):
    client = client_for(client, who, people)
    response = client.get(reverse("publications:download", kwargs={"pk": assigned.pk, "fmt": fmt}))
    assert response.status_code == 404


def test_returning_to_draft_takes_a_publication_off_the_public_site(client, published):
    url = reverse("publications:detail", kwargs={"pk": published.pk})
    assert client.get(url).status_code == 200
    services.return_to_draft(actor=None, publication=published)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "user", "rapporteur", "translator", "secretariat"])
def test_published_publications_are_public(client, people, published, who):
    client = client_for(client, who, people)
    assert (
        client.get(reverse("publications:detail", kwargs={"pk": published.pk})).status_code == 200
    )


@pytest.mark.parametrize(
    ("who", "expected"),
    [("user", 404), ("translator", 404), ("rapporteur", 200), ("secretariat", 200)],
)
def test_the_editor_is_for_reviewers(client, people, assigned, who, expected):
    client = client_for(client, who, people)
    assert (
        client.get(reverse("publications:editor", kwargs={"pk": assigned.pk})).status_code
        == expected
    )
    section = assigned.sections.first()
    assert (
        client.get(reverse("publications:section_edit", kwargs={"pk": section.pk})).status_code
        == expected
    )


def test_anonymous_visitors_are_sent_to_sign_in_for_the_workspace(client, assigned, cycle):
    response = client.get(reverse("publications:workspace", kwargs={"slug": cycle.slug}))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(
    ("who", "expected"),
    [("user", 404), ("translator", 200), ("rapporteur", 200), ("secretariat", 200)],
)
def test_the_workspace_is_for_the_secretariat_rapporteurs_and_translators(
    client, people, assigned, cycle, who, expected
):
    client = client_for(client, who, people)
    response = client.get(reverse("publications:workspace", kwargs={"slug": cycle.slug}))
    assert response.status_code == expected


def test_a_translator_sees_only_the_publications_assigned_to_them(
    client, people, assigned, cycle, dialogue
):
    from tests.publications.conftest import make_publication

    other = make_publication(cycle, dialogue, sections=1)
    services.save_section(
        actor=None,
        section=other.sections.first(),
        heading="Unassigned work",
        body="",
        base_revision=1,
    )
    services.add_section(actor=None, publication=other, heading="Second")
    client = client_for(client, "translator", people)
    page = client.get(
        reverse("publications:workspace", kwargs={"slug": cycle.slug})
    ).content.decode()
    assert f'id="p{assigned.pk}"' in page
    assert f'id="p{other.pk}"' not in page
    assert "Generate draft" not in page


@pytest.mark.parametrize("who", ["rapporteur", "translator", "user"])
def test_only_the_secretariat_edits_sections(client, people, assigned, who):
    client = client_for(client, who, people)
    section = assigned.sections.first()
    url = reverse("publications:section_edit", kwargs={"pk": section.pk})
    response = client.post(url, {"heading": "Hijacked", "body": "", "base_revision": 1})
    assert response.status_code == 404
    for action in ("up", "down", "delete", "adoption", "restore"):
        response = client.post(
            reverse("publications:section_action", kwargs={"pk": section.pk, "action": action})
        )
        assert response.status_code in (302, 404)
    section.refresh_from_db()
    assert (section.heading, section.revision, assigned.sections.count()) == ("Part 1", 1, 3)


@pytest.mark.parametrize("who", ["rapporteur", "translator", "user"])
@pytest.mark.parametrize("action", ["submit", "publish", "draft"])
def test_only_the_secretariat_moves_the_workflow(client, people, assigned, who, action):
    client = client_for(client, who, people)
    client.post(reverse("publications:workflow", kwargs={"pk": assigned.pk}), {"action": action})
    assigned.refresh_from_db()
    assert assigned.status == "draft"


@pytest.mark.parametrize("who", ["rapporteur", "translator", "user"])
def test_only_the_secretariat_generates_and_assigns(
    client, people, assigned, cycle, dialogue, who, translator
):
    client = client_for(client, who, people)
    response = client.post(
        reverse("publications:generate", kwargs={"slug": cycle.slug}),
        {"kind": "dialogue_summary", "language": "en", "dialogue": dialogue.pk},
    )
    assert response.status_code in (302, 404)
    assert Publication.objects.count() == 1
    client.post(
        reverse("publications:assign_translator", kwargs={"pk": assigned.pk}),
        {"language": "ar", "translator": translator.pk},
    )
    assert assigned.languages.get(language="ar").translator is None


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("rapporteur", True), ("secretariat", True), ("translator", False), ("user", False)],
)
def test_reviewers_comment(client, people, assigned, who, allowed):
    client = client_for(client, who, people)
    section = assigned.sections.first()
    client.post(
        reverse("publications:section_action", kwargs={"pk": section.pk, "action": "comment"}),
        {"text": "Please cite the Jordan report."},
    )
    assert Comment.objects.filter(section=section).exists() is allowed


def test_a_translator_edits_only_their_language(client, people, assigned):
    client = client_for(client, "translator", people)
    section = assigned.sections.first()
    for language, expected in (("fr", 200), ("ar", 404)):
        response = client.get(
            reverse("publications:translate", kwargs={"pk": assigned.pk, "language": language})
        )
        assert response.status_code == expected
    data = {
        f"s{section.pk}-heading": "X",
        f"s{section.pk}-body": "Y",
        f"s{section.pk}-status": "draft",
        f"s{section.pk}-base_revision": 0,
    }
    response = client.post(
        reverse(
            "publications:translate_section",
            kwargs={"pk": assigned.pk, "language": "ar", "section_pk": section.pk},
        ),
        data,
    )
    assert response.status_code == 404
    assert not SectionTranslation.objects.exists()
    response = client.post(
        reverse(
            "publications:translate_section",
            kwargs={"pk": assigned.pk, "language": "fr", "section_pk": section.pk},
        ),
        data,
    )
    assert response.status_code == 302
    assert SectionTranslation.objects.get().language == "fr"


def test_another_translator_cannot_translate(client, people, assigned):
    client = client_for(client, "other_translator", people)
    response = client.get(
        reverse("publications:translate", kwargs={"pk": assigned.pk, "language": "fr"})
    )
    assert response.status_code == 404


def test_rules_directly(assigned, translator, other_translator, rapporteur, secretariat_user, user):
    from django.contrib.auth.models import AnonymousUser

    french = assigned.languages.get(language="fr")
    arabic = assigned.languages.get(language="ar")
    assert translator.has_perm("publications.translate", french)
    assert not translator.has_perm("publications.translate", arabic)
    assert not other_translator.has_perm("publications.translate", french)
    assert secretariat_user.has_perm("publications.translate", arabic)
    assert not rapporteur.has_perm("publications.translate", french)
    assert not AnonymousUser().has_perm("publications.view_publication", assigned)
    assert not user.has_perm("publications.view_publication", assigned)
    assert translator.has_perm("publications.view_publication", assigned)
    assert not other_translator.has_perm("publications.view_publication", assigned)
    assert rapporteur.has_perm("publications.comment") and not rapporteur.has_perm(
        "publications.manage_publications"
    )
    assert secretariat_user.has_perm("publications.manage_publications")
    assert not translator.has_perm("publications.review_publications", assigned)
