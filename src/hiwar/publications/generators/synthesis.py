"""The regional synthesis (the Member States report) drafted from tagged passages.

What it reads: the objective tags (confirmed or suggested, never rejected) on the passages of
the current, analysed documents of the cycle's *published* national reports. What it writes:
an overview of regional trends with coverage tables, then one section per round-table cluster
and one per objective that has passages: the countries that reported, key policy developments,
challenges, promising practices and gaps.

The invariant the tests check: every ``[[cite:...]]`` in an objective's section names passages
tagged with that objective; in a cluster's section, passages tagged with one of its objectives;
in the overview, passages tagged with the objective (or cluster) the sentence is about. Gaps
(countries that did not report on an objective) rest on the absence of passages and are the only
sentences without a citation. A suggested tag is marked "(suggested tag)" where it is quoted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hiwar.analysis.models import Document, Passage, PassageTag
from hiwar.framework.models import Cluster, Country, Objective
from hiwar.publications.drafts import Draft, DraftSection
from hiwar.publications.figures import coverage_marker
from hiwar.publications.generators.selection import Candidate, select_passages, vector
from hiwar.publications.generators.text import cite, excerpt, join_names, quote, translated

if TYPE_CHECKING:
    from hiwar.reviews.models import ReviewCycle

#: Passages quoted per objective and kind; one country is quoted twice only when all others are.
QUOTES_PER_KIND = {"policy": 4, "challenge": 3, "good_practice": 3}
#: Objectives named in the overview's "most reported" sentence.
TOP_OBJECTIVES = 5
REPORT_SOURCES = (Document.Source.REPORT, Document.Source.REPORT_FILE)


@dataclass
class Tag:
    passage_id: int
    country_id: int
    confirmed: bool
    score: float
    kind: str
    position: int


@dataclass
class Corpus:
    """Every usable tag of the cycle, by objective number, with the passages' embeddings."""

    tags: dict[int, list[Tag]] = field(default_factory=lambda: defaultdict(list))
    embeddings: np.ndarray = field(default_factory=lambda: np.zeros((0, 512), dtype=np.float32))
    countries: dict[int, Country] = field(default_factory=dict)  # published reports' countries

    def countries_on(self, number: int) -> set[int]:
        return {tag.country_id for tag in self.tags.get(number, [])}

    def best_by_country(self, numbers: list[int]) -> dict[int, Tag]:
        """For each country, its best tag on any of these objectives (confirmed first)."""
        best: dict[int, Tag] = {}
        for number in numbers:
            for tag in self.tags.get(number, []):
                current = best.get(tag.country_id)
                if current is None or (tag.confirmed, tag.score) > (
                    current.confirmed,
                    current.score,
                ):
                    best[tag.country_id] = tag
        return best


def coverage_rows(corpus: Corpus, objectives: list[Objective]) -> dict[str, list[tuple[int, int]]]:
    """Per published report's country (ISO code): (confirmed, suggested) passages on each
    objective, in objective order: the figures of the overview's heatmap."""
    counts: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for number, tags in corpus.tags.items():
        for tag in tags:
            counts[(tag.country_id, number)][0 if tag.confirmed else 1] += 1
    return {
        country.iso2: [
            (counts[(country_id, o.number)][0], counts[(country_id, o.number)][1])
            for o in objectives
        ]
        for country_id, country in corpus.countries.items()
    }


def load_corpus(cycle: ReviewCycle) -> Corpus:
    """Four queries: the published reports' countries, their documents, the tags, the
    passages' embeddings."""
    from hiwar.reviews.models import NationalReport

    corpus = Corpus()
    reports = NationalReport.objects.filter(
        cycle=cycle, status=NationalReport.Status.PUBLISHED
    ).select_related("country")
    corpus.countries = {report.country_id: report.country for report in reports}
    # Flat queries on the documents' ids: nested subqueries made PostgreSQL's planner loop.
    documents = list(
        Document.objects.filter(
            cycle=cycle,
            is_current=True,
            status=Document.Status.DONE,
            source__in=REPORT_SOURCES,
            report__status=NationalReport.Status.PUBLISHED,
            country__isnull=False,
        ).values_list("pk", flat=True)
    )
    rows = (
        PassageTag.objects.filter(
            passage__document_id__in=documents,
            passage__superseded=False,
            objective__isnull=False,
        )
        .exclude(status=PassageTag.Status.REJECTED)
        .values_list(
            "passage_id",
            "objective__number",
            "status",
            "score",
            "passage__kind",
            "passage__document__country_id",
        )
        .order_by("passage_id")
    )
    positions: dict[int, int] = {}
    for passage_id, number, status, score, kind, country_id in rows:
        if country_id not in corpus.countries:
            continue
        position = positions.setdefault(passage_id, len(positions))
        corpus.tags[number].append(
            Tag(
                passage_id=passage_id,
                country_id=country_id,
                confirmed=status == PassageTag.Status.CONFIRMED,
                score=float(score or 0.0),
                kind=kind,
                position=position,
            )
        )
    matrix = np.zeros((len(positions), 512), dtype=np.float32)
    if positions:
        embeddings = Passage.objects.filter(
            document_id__in=documents, superseded=False
        ).values_list("pk", "embedding")
        for passage_id, blob in embeddings.iterator(chunk_size=2000):
            if passage_id in positions:
                matrix[positions[passage_id]] = vector(blob)
    corpus.embeddings = matrix
    return corpus


def country_names(ids: list[int], countries: dict[int, Country], language: str) -> list[str]:
    names = [translated(countries[i], "name", language) for i in ids]
    return sorted(names)


def sorted_country_tags(best: dict[int, Tag], corpus: Corpus, language: str) -> list[Tag]:
    return sorted(
        best.values(), key=lambda t: translated(corpus.countries[t.country_id], "name", language)
    )


def _suggested_note(tags: list[Tag]) -> str:
    suggested = sum(1 for tag in tags if not tag.confirmed)
    if not suggested:
        return ""
    return (
        " *"
        + (
            ngettext(
                "(%(count)d of these tags is a suggestion of the analysis, not yet confirmed.)",
                "(%(count)d of these tags are suggestions of the analysis, not yet confirmed.)",
                suggested,
            )
            % {"count": suggested}
        )
        + "*"
    )


def reporting_sentence(tags: list[Tag], corpus: Corpus, language: str, *, scope: str) -> str:
    """ "N of the M Member States ... refer to <scope>: A, B and C." citing one passage each."""
    total = len(corpus.countries)
    names = [translated(corpus.countries[t.country_id], "name", language) for t in tags]
    sentence = ngettext(
        "%(count)d of the %(total)d Member States with a published report refers to %(scope)s: "
        "%(countries)s.",
        "%(count)d of the %(total)d Member States with a published report refer to %(scope)s: "
        "%(countries)s.",
        len(tags),
    ) % {
        "count": len(tags),
        "total": total,
        "scope": scope,
        "countries": join_names(names, language),
    }
    return f"{sentence} {cite(t.passage_id for t in tags)}{_suggested_note(tags)}"


def objective_heading(objective: Objective, language: str) -> str:
    return _("Objective %(number)d: %(title)s") % {
        "number": objective.number,
        "title": translated(objective, "title", language),
    }


def cluster_heading(cluster: Cluster, language: str) -> str:
    """The cluster's own title (it already names the round table and its objectives)."""
    return translated(cluster, "title", language) or cluster.code


def _overview(
    corpus: Corpus,
    objectives: list[Objective],
    clusters: list[Cluster],
    cycle: ReviewCycle,
    language: str,
) -> DraftSection:
    lines: list[str] = []
    all_numbers = [o.number for o in objectives]
    best = corpus.best_by_country(all_numbers)
    reporting = sorted_country_tags(best, corpus, language)
    if reporting:
        names = [translated(corpus.countries[t.country_id], "name", language) for t in reporting]
        lines.append(
            ngettext(
                "%(count)d Member State has published its national report in this review and "
                "refers to at least one objective of the Compact: %(countries)s.",
                "%(count)d Member States have published their national reports in this review "
                "and refer to at least one objective of the Compact: %(countries)s.",
                len(reporting),
            )
            % {"count": len(reporting), "countries": join_names(names, language)}
            + " "
            + cite(t.passage_id for t in reporting)
        )
    silent_reports = [i for i in corpus.countries if i not in best]
    if silent_reports:
        lines.append(
            _("No passage on an objective was found in the published reports of %(countries)s.")
            % {
                "countries": join_names(
                    country_names(silent_reports, corpus.countries, language), language
                )
            }
        )
    member_states = list(cycle.member_states.all())
    missing = [c for c in member_states if c.pk not in corpus.countries]
    if missing:
        lines.append(
            ngettext(
                "%(count)d Member State has not published a report yet.",
                "%(count)d Member States have not published a report yet.",
                len(missing),
            )
            % {"count": len(missing)}
        )
    ranked = sorted(
        (o for o in objectives if corpus.countries_on(o.number)),
        key=lambda o: (-len(corpus.countries_on(o.number)), o.number),
    )
    if ranked:
        parts = []
        for objective in ranked[:TOP_OBJECTIVES]:
            count = len(corpus.countries_on(objective.number))
            top = corpus.best_by_country([objective.number])
            chosen = max(top.values(), key=lambda t: (t.confirmed, t.score))
            parts.append(
                ngettext(
                    "objective %(number)d (%(count)d country)",
                    "objective %(number)d (%(count)d countries)",
                    count,
                )
                % {"number": objective.number, "count": count}
                + " "
                + cite([chosen.passage_id])
            )
        lines.append(
            _("The objectives most often reported on are %(objectives)s.")
            % {"objectives": join_names(parts, language)}
        )
    unreported = [o.number for o in objectives if not corpus.countries_on(o.number)]
    if unreported:
        numbers = join_names([str(n) for n in unreported], language)
        lines.append(
            ngettext(
                "No published report refers to objective %(numbers)s.",
                "No published report refers to objectives %(numbers)s.",
                len(unreported),
            )
            % {"numbers": numbers}
        )
    if corpus.countries:
        lines.append("")
        lines.append(
            _(
                "The figure shows, for each Member State and objective, how many passages of its "
                "published report are tagged with the objective; it was drawn when this draft "
                "was generated."
            )
        )
        lines.append("")
        lines.append(coverage_marker(coverage_rows(corpus, objectives)))
    lines.append("")
    lines.append(
        _(
            "The table counts, for each objective, the Member States whose published report has "
            "at least one passage tagged with it, and the passages with a confirmed or a "
            "suggested tag. The passages are cited in the sections below."
        )
    )
    lines.append("")
    lines.append(
        "| "
        + " | ".join(
            [_("Objective"), _("Round table"), _("Countries"), _("Confirmed"), _("Suggested")]
        )
        + " |"
    )
    lines.append("|---|---|---:|---:|---:|")
    for objective in objectives:
        tags = corpus.tags.get(objective.number, [])
        confirmed = len({t.passage_id for t in tags if t.confirmed})
        suggested = len({t.passage_id for t in tags if not t.confirmed})
        lines.append(
            f"| {objective.number}. {translated(objective, 'title', language)} "
            f"| {objective.cluster.number} | {len(corpus.countries_on(objective.number))} "
            f"| {confirmed} | {suggested} |"
        )
    lines.append("")
    lines.append(
        "| " + " | ".join([_("Round table"), _("Countries"), _("Objectives covered")]) + " |"
    )
    lines.append("|---|---:|---:|")
    for cluster in clusters:
        in_cluster = [o.number for o in objectives if o.cluster_id == cluster.pk]
        countries: set[int] = set()
        for number in in_cluster:
            countries |= corpus.countries_on(number)
        covered = sum(1 for n in in_cluster if corpus.countries_on(n))
        lines.append(
            f"| {cluster_heading(cluster, language)} | {len(countries)} "
            f"| {covered} / {len(in_cluster)} |"
        )
    return DraftSection(
        key="overview",
        heading=_("Overview of regional trends"),
        body="\n".join(lines).replace("\n\n\n", "\n\n"),
        level=1,
    )


def _cluster_section(
    cluster: Cluster, objectives: list[Objective], corpus: Corpus, language: str
) -> DraftSection:
    numbers = [o.number for o in objectives]
    best = corpus.best_by_country(numbers)
    lines: list[str] = []
    if best:
        lines.append(
            reporting_sentence(
                sorted_country_tags(best, corpus, language),
                corpus,
                language,
                scope=_("at least one objective of this round table"),
            )
        )
    covered = [o for o in objectives if corpus.countries_on(o.number)]
    for objective in sorted(covered, key=lambda o: (-len(corpus.countries_on(o.number)), o.number)):
        tags = corpus.best_by_country([objective.number])
        chosen = max(tags.values(), key=lambda t: (t.confirmed, t.score))
        lines.append(
            "- "
            + ngettext(
                "Objective %(number)d: %(count)d country.",
                "Objective %(number)d: %(count)d countries.",
                len(tags),
            )
            % {"number": objective.number, "count": len(tags)}
            + " "
            + cite([chosen.passage_id])
        )
    missing = [o.number for o in objectives if not corpus.countries_on(o.number)]
    if missing:
        lines.append("")
        lines.append(
            ngettext(
                "No published report refers to objective %(numbers)s.",
                "No published report refers to objectives %(numbers)s.",
                len(missing),
            )
            % {"numbers": join_names([str(n) for n in missing], language)}
        )
    return DraftSection(
        key=f"cluster-{cluster.code}",
        heading=cluster_heading(cluster, language),
        body="\n".join(lines),
        level=1,
    )


def kind_headings() -> dict[str, str]:
    return {
        "policy": _("Key policy developments"),
        "challenge": _("Challenges"),
        "good_practice": _("Promising practices"),
    }


def quoted_line(tag: Tag, texts: dict[int, tuple[str, str]], corpus: Corpus, language: str) -> str:
    text, passage_language = texts[tag.passage_id]
    country = translated(corpus.countries[tag.country_id], "name", language)
    line = _("%(country)s: %(quote)s") % {
        "country": country,
        "quote": quote(excerpt(text), passage_language),
    }
    line += " " + cite([tag.passage_id])
    if not tag.confirmed:
        line += " " + _("(suggested tag)")
    return "- " + line


def _objective_section(
    objective: Objective,
    corpus: Corpus,
    picks: dict[str, list[Tag]],
    texts: dict[int, tuple[str, str]],
    language: str,
) -> DraftSection:
    tags = corpus.tags[objective.number]
    best = corpus.best_by_country([objective.number])
    lines = [
        reporting_sentence(
            sorted_country_tags(best, corpus, language),
            corpus,
            language,
            scope=_("this objective"),
        )
    ]
    headings = kind_headings()
    for kind, heading in headings.items():
        chosen = picks.get(kind, [])
        if not chosen:
            continue
        reporting = {t.country_id for t in tags if t.kind == kind}
        lines.append("")
        lines.append(f"**{heading}**")
        lines.append("")
        lines.append(
            ngettext(
                "%(count)d country reports on this; the passages below were chosen to represent "
                "them without repetition.",
                "%(count)d countries report on this; the passages below were chosen to represent "
                "them without repetition.",
                len(reporting),
            )
            % {"count": len(reporting)}
            + " "
            + cite(t.passage_id for t in chosen)
        )
        lines.append("")
        lines.extend(quoted_line(tag, texts, corpus, language) for tag in chosen)
    silent = [i for i in corpus.countries if i not in best]
    lines.append("")
    lines.append(f"**{_('Gaps')}**")
    lines.append("")
    if silent:
        lines.append(
            _("No passage on this objective was found in the published reports of %(countries)s.")
            % {"countries": join_names(country_names(silent, corpus.countries, language), language)}
        )
    else:
        lines.append(_("Every Member State with a published report refers to this objective."))
    return DraftSection(
        key=f"objective-{objective.number}",
        heading=objective_heading(objective, language),
        body="\n".join(lines),
        level=2,
    )


def pick_passages(corpus: Corpus, objective: Objective) -> dict[str, list[Tag]]:
    by_kind: dict[str, list[Tag]] = defaultdict(list)
    for tag in corpus.tags.get(objective.number, []):
        if tag.kind in QUOTES_PER_KIND:
            by_kind[tag.kind].append(tag)
    picks: dict[str, list[Tag]] = {}
    for kind, tags in by_kind.items():
        candidates = [
            Candidate(t.passage_id, t.country_id, t.confirmed, t.score, t.position) for t in tags
        ]
        chosen_ids = {
            c.passage_id
            for c in select_passages(candidates, corpus.embeddings, limit=QUOTES_PER_KIND[kind])
        }
        chosen = [t for t in tags if t.passage_id in chosen_ids]
        picks[kind] = sorted(chosen, key=lambda t: (not t.confirmed, -t.score, t.passage_id))
    return picks


def draft_synthesis(*, cycle: ReviewCycle, language: str) -> Draft:
    """Draft the regional synthesis of ``cycle``'s published national reports in ``language``.

    Sections: an overview of regional trends (countries reporting per objective and cluster,
    with a coverage table), then per cluster and objective the countries that reported, key
    policy developments, challenges, promising practices and gaps. Every sentence cites the
    passages it rests on with ``[[cite:ids]]``; each cited passage is tagged (confirmed, or
    suggested and marked as such) with the objective under which it is cited.
    """
    with translation.override(language):
        corpus = load_corpus(cycle)
        objectives = list(Objective.objects.select_related("cluster").order_by("number"))
        clusters = list(Cluster.objects.order_by("number"))
        picks = {o.number: pick_passages(corpus, o) for o in objectives}
        quoted = {t.passage_id for p in picks.values() for ts in p.values() for t in ts}
        texts = {
            pk: (text, passage_language)
            for pk, text, passage_language in Passage.objects.filter(pk__in=quoted).values_list(
                "pk", "text", "language"
            )
        }
        draft = Draft(
            kind="synthesis",
            language=language,
            title=_("Regional synthesis of the voluntary national reviews"),
            subtitle=translated(cycle, "title", language),
        )
        draft.sections.append(_overview(corpus, objectives, clusters, cycle, language))
        for cluster in clusters:
            members = [o for o in objectives if o.cluster_id == cluster.pk]
            draft.sections.append(_cluster_section(cluster, members, corpus, language))
            for objective in members:
                if corpus.tags.get(objective.number):
                    draft.sections.append(
                        _objective_section(
                            objective, corpus, picks[objective.number], texts, language
                        )
                    )
        return draft
