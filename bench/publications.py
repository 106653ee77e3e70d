"""Benchmarks of the publications drafts and exports. Prints its figures; run by `make bench`.

(a) The regional synthesis drafted from 22 published national reports of 60 pages each. The rows
    are written directly (bulk_create) in a throwaway SQLite database: one analysed document per
    report, PASSAGES_PER_PAGE passages per page (5 by default: a page of a report holds about
    400-500 words and passages are 40-250 words; HIWAR_BENCH_PASSAGES_PER_PAGE=25 for a stress
    run), each with a real embedding (a few hundred `embed()` vectors of report-like texts,
    reused), a kind (policy, challenge, good practice, data, other) and one to three objective
    tags (a third of them confirmed). Target (issue 8): <= 60 s on 2 cores.
(b) A 40-page PDF export of a document mixing Arabic and English sections with citations, in
    Arabic and in English. Target: <= 10 s.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REPORTS = 22
PAGES = 60
PASSAGES_PER_PAGE = int(os.environ.get("HIWAR_BENCH_PASSAGES_PER_PAGE", "5"))
DISTINCT_VECTORS = 300
KINDS = ["policy"] * 9 + ["challenge"] * 4 + ["good_practice"] * 2 + ["data"] * 2 + ["other"] * 3
SYNTHESIS_TARGET_S, PDF_TARGET_S, PDF_PAGES = 60.0, 10.0, 40


def setup_database() -> None:
    os.environ.setdefault("HIWAR_VAR_DIR", tempfile.mkdtemp(prefix="hiwar-bench-publications-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiwar.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_framework", verbosity=0)


def seed_reports() -> tuple[object, int]:
    """The 22 published reports with their analysed passages; returns (cycle, passages)."""
    import numpy as np

    from bench.analysis import passages as sample_texts
    from hiwar.analysis.engine.embedder import embed
    from hiwar.analysis.models import Document, Passage, PassageTag
    from hiwar.framework.models import Objective
    from hiwar.reviews.demo import seed_review_cycle
    from hiwar.reviews.models import NationalReport

    rng = random.Random(8)  # noqa: S311 - sample data, not security
    cycle = seed_review_cycle()
    texts = sample_texts(DISTINCT_VECTORS, seed=5)
    vectors = embed(texts).astype(np.float16)
    blobs = [vectors[i].tobytes() for i in range(len(texts))]
    objectives = list(Objective.objects.order_by("number"))
    countries = list(cycle.member_states.order_by("iso2"))[:REPORTS]  # type: ignore[attr-defined]
    total = 0
    for country in countries:
        report = NationalReport.objects.create(
            cycle=cycle, country=country, status=NationalReport.Status.PUBLISHED
        )
        document = Document.objects.create(
            cycle=cycle,
            source=Document.Source.REPORT,
            country=country,
            report=report,
            title=f"Voluntary GCM review of {country.name}",
            status=Document.Status.DONE,
            language=rng.choice(["ar", "en", "fr"]),
            page_count=PAGES,
        )
        rows = []
        for index in range(PAGES * PASSAGES_PER_PAGE):
            sample = rng.randrange(len(texts))
            rows.append(
                Passage(
                    document=document,
                    position=index,
                    text=texts[sample],
                    text_hash=f"{document.pk}-{index}",
                    page=index // PASSAGES_PER_PAGE + 1,
                    section=f"Section {index // 40 + 1}",
                    language=document.language,
                    kind=rng.choice(KINDS),
                    embedding=blobs[sample],
                )
            )
        created = Passage.objects.bulk_create(rows, batch_size=2000)
        tags = []
        for passage in created:
            for objective in rng.sample(objectives, rng.choice([1, 1, 2, 3])):
                tags.append(
                    PassageTag(
                        passage=passage,
                        objective=objective,
                        score=round(rng.uniform(0.3, 0.95), 3),
                        status="confirmed" if rng.random() < 0.33 else "suggested",
                    )
                )
        PassageTag.objects.bulk_create(tags, batch_size=2000)
        total += len(created)
    return cycle, total


def bench_synthesis() -> None:
    from hiwar.publications.citations import cited_passage_ids
    from hiwar.publications.generators import draft_synthesis

    started = time.perf_counter()
    cycle, total = seed_reports()
    seeded = time.perf_counter() - started
    print(
        f"(a) {REPORTS} published reports x {PAGES} pages x {PASSAGES_PER_PAGE} passages/page "
        f"= {total} passages, seeded in {seeded:.1f} s"
    )
    for language in ("en", "ar"):
        started, cpu = time.perf_counter(), time.process_time()
        draft = draft_synthesis(cycle=cycle, language=language)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        cited = {pk for s in draft.sections for pk in cited_passage_ids(s.body)}
        verdict = "ok" if elapsed <= SYNTHESIS_TARGET_S else "OVER TARGET"
        print(
            f"    synthesis ({language}): {elapsed:.2f} s ({cpu:.2f} s of CPU), "
            f"{len(draft.sections)} sections, "
            f"{len(cited)} passages cited (target <= {SYNTHESIS_TARGET_S:.0f} s: {verdict})"
        )


ARABIC = (
    "ألغت وزارة العمل رسوم التوظيف المفروضة على العمال المنزليين المهاجرين في عام 2020، "
    "وأصبحت مكاتب الاستقدام توقّع عقداً موحداً يحدد الأجور وأيام الراحة وحق العامل في الاحتفاظ "
    "بجواز سفره، وزار مفتشو العمل نحو ألف ومئتي منزل للتحقق من احترام أصحاب العمل له. "
)
ENGLISH = (
    "The Ministry of Labour abolished all recruitment fees charged to migrant domestic workers "
    "in 2020. Recruitment agencies now sign a standard contract that fixes wages, rest days and "
    "the right to keep one's passport, and labour inspectors visited 1,200 households. "
)


def long_document(language: str, sections: int) -> object:
    from hiwar.publications.drafts import CitedPassage, RenderDocument, RenderSection

    text = ARABIC if language == "ar" else ENGLISH
    other, other_language = (ENGLISH, "en") if language == "ar" else (ARABIC, "ar")
    parts = []
    for number in range(sections):
        body = "\n\n".join(
            [
                f"{text * 2}[[cite:{number * 3 + 1}]]",
                f"- {text}[[cite:{number * 3 + 2}]]",
                f"- [[quote:{other_language}]]{other}[[/quote]] [[cite:{number * 3 + 3}]]",
                f"{text}[[cite:{number * 3 + 1},{number * 3 + 2}]]",
                "| A | B | C |\n|---|---|---|\n| 1 | 2 | 3 |\n| 4 | 5 | 6 |",
            ]
        )
        parts.append(
            RenderSection(heading=f"{number + 1}. {text[:40]}", body=body, level=1 + number % 2)
        )
    citations = {
        pk: CitedPassage(pk, "Jordan", "National report of Jordan", pk, f"/en/p/{pk}/", "en")
        for pk in range(1, sections * 3 + 1)
    }
    return RenderDocument(
        title="Regional synthesis",
        language=language,
        sections=parts,
        citations=citations,
        subtitle="Benchmark",
        status_label="Draft",
        available_languages=["ar", "en", "fr"],
    )


def bench_pdf() -> None:
    import pypdfium2

    from hiwar.publications.render.pdf import render_pdf

    for language, sections in (("ar", 52), ("en", 58)):
        doc = long_document(language, sections)
        started, cpu = time.perf_counter(), time.process_time()
        content = render_pdf(doc)  # type: ignore[arg-type]
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        pdf = pypdfium2.PdfDocument(content)
        pages = len(pdf)
        pdf.close()
        verdict = "ok" if elapsed <= PDF_TARGET_S else "OVER TARGET"
        print(
            f"(b) PDF export ({language}): {pages} pages, {len(content) // 1024} KiB in "
            f"{elapsed:.2f} s, {cpu:.2f} s of CPU (target {PDF_PAGES} pages <= "
            f"{PDF_TARGET_S:.0f} s: {verdict})"
        )


def main() -> None:
    setup_database()
    # Wall time depends on what else runs on the machine; CPU time is this process's own work.
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    bench_pdf()
    bench_synthesis()


if __name__ == "__main__":
    main()
