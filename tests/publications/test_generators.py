"""The draft generators on small fixture cycles: what they cite, cover and leave out."""

from __future__ import annotations

import datetime
import re
from typing import Any

import numpy as np
import pytest
from django.utils import timezone

from hiwar.analysis.models import Passage, PassageTag
from hiwar.conference.models import Conference, Day, Item, KeyMessage, Sector
from hiwar.dialogues.models import Dialogue, Intervention
from hiwar.framework.models import Cluster, Country, Objective, StakeholderCategory
from hiwar.publications.citations import cited_passage_ids
from hiwar.publications.figures import COVERAGE_RE, parse_coverage
from hiwar.publications.generators import (
    draft_background_note,
    draft_outcome_document,
    draft_synthesis,
)
from hiwar.publications.generators.selection import Candidate, select_passages, vector
from hiwar.publications.render.document import document_from_draft
from hiwar.publications.render.markup import render_html
from hiwar.reviews.models import NationalReport
from tests.publications.test_generators_fixtures import (
    add_passage,
    check_citations,
    numbers_with_passages,
    report_document,
    unit_vector,
)

CONFIRMED = PassageTag.Status.CONFIRMED
SUGGESTED = PassageTag.Status.SUGGESTED
REJECTED = PassageTag.Status.REJECTED

RECRUITMENT = "The Ministry of Labour abolished recruitment fees for domestic workers in 2020."
WAGES = "Delays in paying wages remain the main complaint of migrant workers."
SCHOOLS = "All migrant children may enrol in public schools whatever their status."
REMITTANCES = "Licensed mobile money operators cut the cost of remittances below three per cent."


@pytest.fixture
def reported(cycle: Any, jordan: Country, morocco: Country) -> dict[str, Passage]:
    """Jordan and Morocco published; Lebanon still drafting. Objective 6 (RT1) from both,
    objective 15 (RT3) from Jordan only, objective 20 (RT3) only in Lebanon's draft."""
    lebanon = Country.objects.get(iso2="LB")
    jo = report_document(cycle, jordan)
    ma = report_document(cycle, morocco, language="fr")
    lb = report_document(cycle, lebanon, status=NationalReport.Status.DRAFTING)
    return {
        "jo_policy": add_passage(jo, RECRUITMENT, objectives={6: CONFIRMED}, page=4),
        "jo_challenge": add_passage(
            jo, WAGES, objectives={6: SUGGESTED}, kind=Passage.Kind.CHALLENGE, page=5
        ),
        "jo_schools": add_passage(
            jo, SCHOOLS, objectives={15: SUGGESTED, 6: REJECTED}, kind=Passage.Kind.GOOD_PRACTICE
        ),
        "ma_policy": add_passage(
            ma,
            "Le Maroc a régularisé plusieurs dizaines de milliers de migrants en 2014 et 2017.",
            objectives={6: SUGGESTED},
            page=12,
        ),
        "ma_old": add_passage(
            ma, "Texte retiré de la version actuelle.", objectives={9: CONFIRMED}, superseded=True
        ),
        "lb_draft": add_passage(lb, REMITTANCES, objectives={20: CONFIRMED}),
    }


def section(draft: Any, key: str) -> Any:
    return next(s for s in draft.sections if s.key == key)


def test_synthesis_cites_only_existing_passages_tagged_with_their_objective(
    cycle: Any, reported: dict[str, Passage]
) -> None:
    draft = draft_synthesis(cycle=cycle, language="en")
    cited = check_citations(draft)
    assert reported["lb_draft"].pk not in cited  # an unpublished report is never cited
    assert reported["ma_old"].pk not in cited  # nor a superseded passage
    assert {f"objective-{n}" for n in numbers_with_passages(cycle)} == {
        s.key for s in draft.sections if s.key.startswith("objective-")
    }
    assert {s.key for s in draft.sections if s.key.startswith("objective-")} == {
        "objective-6",
        "objective-15",
    }


def test_synthesis_objective_section_names_countries_practices_and_gaps(
    cycle: Any, reported: dict[str, Passage]
) -> None:
    draft = draft_synthesis(cycle=cycle, language="en")
    six = section(draft, "objective-6")
    assert six.heading.startswith("Objective 6: ")
    assert "2 of the 2 Member States with a published report refer to this objective" in six.body
    assert "Jordan and Morocco" in six.body
    assert "**Key policy developments**" in six.body
    assert "**Challenges**" in six.body
    # The passage rejected for objective 6 is not quoted under it.
    assert reported["jo_schools"].pk not in cited_passage_ids(six.body)
    # Quotations keep their language; the French one is labelled as such.
    assert "[[quote:fr]]Le Maroc a régularisé" in six.body
    assert f"[[quote:en]]{RECRUITMENT}[[/quote]]" in six.body
    # Confirmed tags first; suggested ones are marked.
    policies = six.body.split("**Key policy developments**")[1].split("**Challenges**")[0]
    assert policies.index("Jordan:") < policies.index("Morocco:")
    morocco_line = next(line for line in policies.splitlines() if line.startswith("- Morocco"))
    assert morocco_line.endswith("(suggested tag)")
    fifteen = section(draft, "objective-15")
    assert "**Promising practices**" in fifteen.body
    assert "No passage on this objective was found in the published reports of Morocco." in (
        fifteen.body
    )


def test_synthesis_overview_counts_countries_and_has_a_coverage_table(
    cycle: Any, reported: dict[str, Passage]
) -> None:
    draft = draft_synthesis(cycle=cycle, language="en")
    overview = section(draft, "overview")
    assert overview.level == 1
    assert "2 Member States have published their national reports" in overview.body
    row = next(line for line in overview.body.splitlines() if line.startswith("| 6. "))
    assert row.endswith("| 1 | 2 | 1 | 2 |")  # RT1, 2 countries, 1 confirmed, 2 suggested
    assert "No published report refers to objectives" in overview.body
    rt1 = section(draft, "cluster-RT1")
    assert "refer to at least one objective of this round table" in rt1.body
    # The heatmap's figures, frozen in the draft: Jordan has 1 confirmed and 1 suggested
    # passage on objective 6 and 1 suggested on objective 15 (its rejected tag on 6 does not
    # count); Morocco 1 suggested on 6 (its superseded passage does not count); Lebanon's
    # unpublished report is not in the figure.
    marker = next(line for line in overview.body.splitlines() if line.startswith("[[coverage:"))
    coverage = parse_coverage(COVERAGE_RE.fullmatch(marker).group(1))  # type: ignore[union-attr]
    assert coverage is not None
    assert set(coverage.rows) == {"JO", "MA"}
    jo = dict(enumerate(coverage.rows["JO"], start=1))
    assert (jo[6], jo[15], jo[9]) == ((1, 1), (0, 1), (0, 0))
    assert sum(c + s for c, s in coverage.rows["JO"]) == 3
    assert coverage.rows["MA"][5] == (0, 1)
    assert sum(c + s for c, s in coverage.rows["MA"]) == 1
    assert len(coverage.rows["MA"]) == Objective.objects.count()
    assert [s.key for s in draft.sections[:3]] == ["overview", "cluster-RT1", "objective-6"]


def test_synthesis_is_written_in_the_requested_language(
    cycle: Any, reported: dict[str, Passage]
) -> None:
    objective = Objective.objects.get(number=6)
    draft = draft_synthesis(cycle=cycle, language="ar")
    six = section(draft, "objective-6")
    assert objective.title_ar in six.heading
    assert Country.objects.get(iso2="JO").name_ar in six.body
    # The English passage stays English, labelled.
    assert f"[[quote:en]]{RECRUITMENT}[[/quote]]" in six.body
    assert draft.language == "ar"


def test_synthesis_of_a_cycle_without_published_reports_has_no_citations(cycle: Any) -> None:
    draft = draft_synthesis(cycle=cycle, language="fr")
    assert [s.key for s in draft.sections] == [
        "overview",
        "cluster-RT1",
        "cluster-RT2",
        "cluster-RT3",
        "cluster-RT4",
    ]
    assert all(not cited_passage_ids(s.body) for s in draft.sections)


def test_hostile_passage_text_cannot_forge_citations_or_markup(cycle: Any, jordan: Country) -> None:
    document = report_document(cycle, jordan)
    hostile = add_passage(
        document,
        "Fees were abolished [[cite:999999]] <script>alert(1)</script> **bold** | cell [[/quote]]",
        objectives={6: CONFIRMED},
    )
    draft = draft_synthesis(cycle=cycle, language="en")
    assert check_citations(draft) and 999999 not in check_citations(draft)
    html = render_html(document_from_draft(draft))
    assert "<script" not in html
    assert "alert(1)" in html  # shown as text
    assert "#note-" in html and hostile.pk in cited_passage_ids(section(draft, "objective-6").body)


def test_one_country_does_not_dominate_the_quotes(
    cycle: Any, jordan: Country, morocco: Country
) -> None:
    jo = report_document(cycle, jordan)
    ma = report_document(cycle, morocco)
    for number in range(8):
        add_passage(jo, f"Jordan measure {number} on recruitment.", objectives={6: CONFIRMED},
                    score=0.9)  # fmt: skip
    add_passage(ma, "Morocco measure on recruitment.", objectives={6: SUGGESTED}, score=0.1)
    draft = draft_synthesis(cycle=cycle, language="en")
    policies = section(draft, "objective-6").body.split("**Key policy developments**")[1]
    quoted = [line for line in policies.splitlines() if line.startswith("- ")]
    assert len(quoted) == 4
    assert sum(line.startswith("- Morocco") for line in quoted) == 1


def test_selection_prefers_diverse_passages() -> None:
    same = np.frombuffer(unit_vector(1), dtype="float16").astype("float32")
    other = np.frombuffer(unit_vector(2), dtype="float16").astype("float32")
    embeddings = np.stack([same, same, other])
    candidates = [Candidate(i, 1, False, 0.5, i) for i in range(3)]
    chosen = select_passages(candidates, embeddings, limit=2)
    assert {c.passage_id for c in chosen} == {0, 2} or {c.passage_id for c in chosen} == {1, 2}
    assert vector(None).shape == (512,)


def test_synthesis_runs_a_constant_number_of_queries(
    cycle: Any, jordan: Country, morocco: Country, django_assert_num_queries: Any
) -> None:
    add_passage(report_document(cycle, jordan), RECRUITMENT, objectives={6: CONFIRMED})
    draft_synthesis(cycle=cycle, language="en")  # warm the framework caches
    with django_assert_num_queries(8):
        draft_synthesis(cycle=cycle, language="en")
    ma = report_document(cycle, morocco)
    for number in (2, 5, 12, 15):
        add_passage(ma, f"Mesure {number}.", objectives={number: SUGGESTED, 6: CONFIRMED})
    with django_assert_num_queries(8):
        draft_synthesis(cycle=cycle, language="en")


# --- Background note ----------------------------------------------------------------------------


def test_background_note_cites_only_its_cluster_and_asks_questions_from_challenges(
    cycle: Any, reported: dict[str, Passage]
) -> None:
    rt1 = Cluster.objects.get(code="RT1")
    draft = draft_background_note(cycle=cycle, cluster=rt1, language="en")
    rt1_numbers = set(rt1.objectives.values_list("number", flat=True))
    for part in draft.sections:
        for pk in cited_passage_ids(part.body):
            tagged = set(
                PassageTag.objects.filter(passage_id=pk)
                .exclude(status=REJECTED)
                .values_list("objective__number", flat=True)
            )
            assert tagged & rt1_numbers, (part.key, pk)
    assert [s.key for s in draft.sections] == [
        "introduction",
        "situation",
        "challenges",
        "questions",
    ]
    questions = section(draft, "questions").body
    assert re.search(r"^1\. Jordan report[s]? challenges under objective 6", questions, re.M)
    assert cited_passage_ids(questions) == [reported["jo_challenge"].pk]
    assert f"[[quote:en]]{WAGES}[[/quote]]" in section(draft, "challenges").body
    assert "Objective 2" in section(draft, "situation").body  # named even without passages
    assert "No published report refers to this objective." in section(draft, "situation").body


def test_background_note_of_a_cluster_without_reports_says_so(cycle: Any) -> None:
    draft = draft_background_note(
        cycle=cycle, cluster=Cluster.objects.get(code="RT4"), language="fr"
    )
    assert all(not cited_passage_ids(s.body) for s in draft.sections)
    assert section(draft, "questions").body


# --- Outcome document ---------------------------------------------------------------------------


@pytest.fixture
def conference(cycle: Any) -> Conference:
    conference = Conference.objects.create(
        cycle=cycle,
        slug="review-conference",
        title="Regional Review Conference",
        starts_on=datetime.date(2021, 2, 24),
        ends_on=datetime.date(2021, 2, 25),
        languages=["ar", "en", "fr"],
    )
    return conference


def _item(conference: Conference, title: str, cluster: str | None, hour: int) -> Item:
    day, _created = Day.objects.get_or_create(conference=conference, date=conference.starts_on)
    return Item.objects.create(
        day=day,
        starts_at=datetime.time(hour, 0),
        ends_at=datetime.time(hour, 45),
        type=Item.Type.ROUND_TABLE if cluster else Item.Type.MULTI_STAKEHOLDER_PLENARY,
        title=title,
        cluster=Cluster.objects.get(code=cluster) if cluster else None,
    )


def test_outcome_groups_messages_by_cluster_then_theme_with_who_voiced_them(
    cycle: Any, conference: Conference, jordan: Country, organization: Any
) -> None:
    plenary = _item(conference, "Multi-stakeholder plenary", None, 9)
    rt2 = _item(conference, "Round table 2", "RT2", 10)
    rt1 = _item(conference, "Round table 1", "RT1", 11)
    civil_society = StakeholderCategory.objects.get(code="civil_society")
    KeyMessage.objects.create(
        item=plenary, text="Stakeholders need a common platform.", language="en",
        sector=Sector.STAKEHOLDER, category=civil_society, organization=organization,
    )  # fmt: skip
    KeyMessage.objects.create(
        item=rt2, text="Les alternatives à la détention doivent être étendues.", language="fr",
        sector=Sector.MEMBER_STATE, country=jordan,
    )  # fmt: skip
    KeyMessage.objects.create(
        item=rt1, text="Recruitment fees must be abolished.", language="en",
        sector=Sector.MEMBER_STATE, country=jordan,
    )  # fmt: skip
    dialogue = Dialogue.objects.create(
        cycle=cycle, slug="d1", title="Dialogue one", status=Dialogue.Status.PUBLISHED,
        starts_at=timezone.now(), ends_at=timezone.now() + datetime.timedelta(hours=2),
    )  # fmt: skip
    spoken = Intervention.objects.create(
        dialogue=dialogue, sector=Sector.STAKEHOLDER, category=civil_society, country=jordan,
        organization=organization, anonymous=True, language="ar",
        summary="دعت إلى حماية العمال المهاجرين من رسوم التوظيف.",
    )  # fmt: skip
    spoken.objectives.set(Objective.objects.filter(number__in=[6, 7]))
    procedural = Intervention.objects.create(
        dialogue=dialogue, sector=Sector.STAKEHOLDER, category=civil_society, language="en",
        summary="Asked when the summary will be published.",
    )  # fmt: skip
    organizer = Intervention.objects.create(
        dialogue=dialogue, sector=Sector.UN_SYSTEM, language="en", summary="Welcomed everyone.",
    )  # fmt: skip
    organizer.objectives.set(Objective.objects.filter(number=23))
    draft = draft_outcome_document(cycle=cycle, language="en")
    groups = [s.group for s in draft.sections]
    rt1_title = Cluster.objects.get(code="RT1").title_en
    rt2_title = Cluster.objects.get(code="RT2").title_en
    assert groups == [rt1_title, rt1_title, rt2_title, "Multi-stakeholder plenary"]
    assert [s.key.split("-")[0] for s in draft.sections] == [
        "conference",
        "dialogue",
        "conference",
        "conference",
    ]
    assert draft.sections[0].attribution == "Member State · Jordan"
    # Anonymous: category and country, never the organization.
    assert draft.sections[1].attribution == "Stakeholder (GCM para 44) · Civil society · Jordan"
    assert organization.name not in draft.sections[1].body
    assert "[[quote:ar]]دعت إلى حماية" in draft.sections[1].body
    assert "[[quote:fr]]Les alternatives" in draft.sections[2].body
    assert organization.name in draft.sections[3].attribution
    bodies = " ".join(s.body for s in draft.sections)
    assert procedural.summary not in bodies and organizer.summary not in bodies
    assert [s.heading for s in draft.sections] == [f"Key message {n}" for n in range(1, 5)]


def test_outcome_leaves_out_unpublished_dialogues(cycle: Any, jordan: Country) -> None:
    dialogue = Dialogue.objects.create(
        cycle=cycle, slug="d2", title="Draft dialogue",
        starts_at=timezone.now(), ends_at=timezone.now() + datetime.timedelta(hours=2),
    )  # fmt: skip
    spoken = Intervention.objects.create(
        dialogue=dialogue, sector=Sector.MEMBER_STATE, country=jordan, language="en",
        summary="Jordan will extend the flexible work permit.",
    )  # fmt: skip
    spoken.objectives.set(Objective.objects.filter(number=6))
    assert draft_outcome_document(cycle=cycle, language="fr").sections == []
