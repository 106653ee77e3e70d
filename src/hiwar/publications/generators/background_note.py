"""The background note of one round table (cluster) of the regional review conference.

Built from the same tagged passages of published national reports as the synthesis (see
``synthesis.load_corpus``): the situation in the region per objective of the cluster (who
reports, key policy developments), the key issues and challenges, and guiding questions for the
discussion drawn from the challenges reported. A question names the objective and the themes
of its challenges (the words the tagger found in them, from the tags' evidence) and cites the
challenge passages it comes from.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hiwar.analysis.models import Passage, PassageTag
from hiwar.framework.models import Objective
from hiwar.publications.drafts import Draft, DraftSection
from hiwar.publications.generators.synthesis import (
    Corpus,
    Tag,
    cluster_heading,
    country_names,
    load_corpus,
    objective_heading,
    pick_passages,
    quoted_line,
    reporting_sentence,
    sorted_country_tags,
)
from hiwar.publications.generators.text import cite, join_names, translated

if TYPE_CHECKING:
    from hiwar.framework.models import Cluster
    from hiwar.reviews.models import ReviewCycle

POLICIES_PER_OBJECTIVE = 2
THEMES_PER_QUESTION = 3


def _themes(tags: list[Tag], number: int) -> list[str]:
    """The words most often found as evidence in these challenge passages' tags (one query)."""
    counts: Counter[str] = Counter()
    rows = PassageTag.objects.filter(
        passage_id__in=[t.passage_id for t in tags], objective__number=number
    ).values_list("evidence", flat=True)
    for evidence in rows:
        for term in (evidence or {}).get("terms", []) if isinstance(evidence, dict) else []:
            if isinstance(term, str) and term.strip():
                counts[term.strip().casefold()] += 1
    return [term for term, _count in counts.most_common(THEMES_PER_QUESTION)]


def _situation(
    objectives: list[Objective],
    corpus: Corpus,
    picks: dict[int, dict[str, list[Tag]]],
    texts: dict[int, tuple[str, str]],
    language: str,
) -> DraftSection:
    lines: list[str] = []
    for objective in objectives:
        best = corpus.best_by_country([objective.number])
        lines.append(f"**{objective_heading(objective, language)}**")
        lines.append("")
        if not best:
            lines.append(_("No published report refers to this objective."))
            lines.append("")
            continue
        lines.append(
            reporting_sentence(
                sorted_country_tags(best, corpus, language),
                corpus,
                language,
                scope=_("this objective"),
            )
        )
        policies = picks[objective.number].get("policy", [])[:POLICIES_PER_OBJECTIVE]
        if policies:
            lines.append("")
            lines.extend(quoted_line(tag, texts, corpus, language) for tag in policies)
        lines.append("")
    return DraftSection(
        key="situation", heading=_("Situation in the region"), body="\n".join(lines), level=1
    )


def _challenges(
    objectives: list[Objective],
    corpus: Corpus,
    picks: dict[int, dict[str, list[Tag]]],
    texts: dict[int, tuple[str, str]],
    language: str,
) -> DraftSection:
    lines: list[str] = []
    for objective in objectives:
        challenges = picks[objective.number].get("challenge", [])
        if not challenges:
            continue
        reporting = {t.country_id for t in corpus.tags[objective.number] if t.kind == "challenge"}
        lines.append(f"**{objective_heading(objective, language)}**")
        lines.append("")
        lines.append(
            ngettext(
                "%(count)d country reports challenges under this objective, among them:",
                "%(count)d countries report challenges under this objective, among them:",
                len(reporting),
            )
            % {"count": len(reporting)}
            + " "
            + cite(t.passage_id for t in challenges)
        )
        lines.append("")
        lines.extend(quoted_line(tag, texts, corpus, language) for tag in challenges)
        lines.append("")
    if not lines:
        lines.append(_("No challenge under these objectives was found in the published reports."))
    return DraftSection(
        key="challenges", heading=_("Key issues and challenges"), body="\n".join(lines), level=1
    )


def _questions(
    objectives: list[Objective],
    corpus: Corpus,
    picks: dict[int, dict[str, list[Tag]]],
    language: str,
) -> DraftSection:
    lines: list[str] = []
    number = 0
    for objective in objectives:
        title = translated(objective, "title", language)
        challenges = picks[objective.number].get("challenge", [])
        if challenges:
            countries = join_names(
                country_names(
                    list(dict.fromkeys(t.country_id for t in challenges)),
                    corpus.countries,
                    language,
                ),
                language,
            )
            themes = _themes(challenges, objective.number)
            number += 1
            if themes:
                question = _(
                    "%(countries)s report challenges under objective %(number)d (%(title)s), "
                    "concerning %(themes)s. What has worked to overcome them, and what "
                    "cooperation in the region would help?"
                ) % {
                    "countries": countries,
                    "number": objective.number,
                    "title": title,
                    "themes": join_names([f"“{t}”" for t in themes], language),
                }
            else:
                question = _(
                    "%(countries)s report challenges under objective %(number)d (%(title)s). "
                    "What has worked to overcome them, and what cooperation in the region would "
                    "help?"
                ) % {"countries": countries, "number": objective.number, "title": title}
            lines.append(f"{number}. {question} {cite(t.passage_id for t in challenges)}")
        practices = picks[objective.number].get("good_practice", [])
        if practices:
            countries = join_names(
                country_names(
                    list(dict.fromkeys(t.country_id for t in practices)),
                    corpus.countries,
                    language,
                ),
                language,
            )
            number += 1
            question = _(
                "Which of the promising practices reported under objective %(number)d by "
                "%(countries)s could be taken up by other countries of the region, and with what "
                "support?"
            ) % {"number": objective.number, "countries": countries}
            lines.append(f"{number}. {question} {cite(t.passage_id for t in practices)}")
    if not lines:
        lines.append(
            _(
                "The published reports do not yet describe challenges under these objectives: "
                "questions will be drawn from them once reports are published."
            )
        )
    return DraftSection(
        key="questions",
        heading=_("Guiding questions for the discussion"),
        body="\n".join(lines),
        level=1,
    )


def draft_background_note(*, cycle: ReviewCycle, cluster: Cluster, language: str) -> Draft:
    """Draft the background note for ``cluster``: the situation in the region, key issues and
    challenges (cited), and guiding questions for discussion drawn from the challenges reported.
    """
    with translation.override(language):
        corpus = load_corpus(cycle)
        objectives = list(
            Objective.objects.filter(cluster=cluster).select_related("cluster").order_by("number")
        )
        picks = {o.number: pick_passages(corpus, o) for o in objectives}
        quoted = {t.passage_id for p in picks.values() for ts in p.values() for t in ts}
        texts = {
            pk: (text, passage_language)
            for pk, text, passage_language in Passage.objects.filter(pk__in=quoted).values_list(
                "pk", "text", "language"
            )
        }
        numbers = join_names([str(o.number) for o in objectives], language)
        introduction = _(
            "This note prepares the round table on objectives %(numbers)s of the Global Compact "
            "for Migration. It draws on the national reports published in this review: the "
            "passages it quotes are cited, and each question for the discussion comes from the "
            "challenges the reports describe."
        ) % {"numbers": numbers}
        draft = Draft(
            kind="background_note",
            language=language,
            title=_("Background note: %(cluster)s")
            % {"cluster": cluster_heading(cluster, language)},
            subtitle=translated(cycle, "title", language),
        )
        draft.sections.append(
            DraftSection(key="introduction", heading=_("Introduction"), body=introduction)
        )
        draft.sections.append(_situation(objectives, corpus, picks, texts, language))
        draft.sections.append(_challenges(objectives, corpus, picks, texts, language))
        draft.sections.append(_questions(objectives, corpus, picks, language))
        return draft
