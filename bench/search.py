"""Benchmarks of the search. Prints its figures; run by `make bench`.

- builds a throwaway database (SQLite file; PostgreSQL when HIWAR_DATABASE_URL points to one,
  e.g. `scripts/with_postgres.sh .venv/bin/python bench/search.py`) holding N synthetic passages
  (`hiwar search_loadtest_data`, default 100,000);
- times 240 varied queries (Arabic, English, French; 1-4 words) three ways: full text only,
  semantic only (query embedding + dot product), and the whole results page as the view builds
  it (both, fused, facets, page rows, gate check, snippets): p50/p95/p99;
- cross-language retrieval on the parallel set (tests/search/data/parallel.jsonl: 50 passages
  in Arabic, English and French), indexed among the synthetic passages: for each passage and
  each pair of languages, is the counterpart in the top 10 of a search in the other language
  (filtered to the target language) with the passage's first sentence as the query?
"""

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# One BLAS thread: a query is a single small product, and OpenBLAS's spinning worker threads
# cost 50-500 ms per query on a busy 2-core machine (measured), instead of ~7 ms.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
HIWAR = str(ROOT / ".venv" / "bin" / "hiwar")
PARALLEL = ROOT / "tests" / "search" / "data" / "parallel.jsonl"


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)

    def at(fraction: float) -> float:
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] * 1000

    return f"p50 {at(0.5):6.1f} ms   p95 {at(0.95):6.1f} ms   p99 {at(0.99):6.1f} ms"


def queries(count: int, seed: int = 5) -> list[str]:
    """1-4 words from the vocabulary of the load data, plus some words it does not contain."""
    from hiwar.search import loadtest

    rng = random.Random(seed)  # noqa: S311 - sample queries
    vocabulary = {
        language: [
            word
            for phrase in loadtest.TOPICS[language] + loadtest.GROUPS[language]
            for word in phrase.replace("'", " ").split()
            if len(word) > 3
        ]
        + ["hospitalisation", "xylophone", "تأشيرة", "zzzz"]
        for language in loadtest.TOPICS
    }
    out = []
    for n in range(count):
        language = ("ar", "en", "fr")[n % 3]
        out.append(" ".join(rng.sample(vocabulary[language], rng.randint(1, 4))))
    return out


def first_sentence(text: str) -> str:
    for mark in (". ", "。", "؛ ", ". "):
        if mark in text:
            return text.split(mark)[0]
    return text


def cross_language() -> None:
    import numpy as np

    from hiwar.analysis.engine.embedder import embed
    from hiwar.reviews.models import NationalReport
    from hiwar.search.index import bump_index_version, document_from_entry
    from hiwar.search.models import SearchDocument
    from hiwar.search.query import run_search
    from hiwar.search.sources import Entry

    rows = [json.loads(line) for line in PARALLEL.read_text().splitlines() if line.strip()]
    report = NationalReport.objects.filter(status=NationalReport.Status.PUBLISHED).first()
    assert report is not None
    SearchDocument.objects.filter(key__startswith="parallel:").delete()
    documents = []
    for row in rows:
        texts = [row[language] for language in ("ar", "en", "fr")]
        vectors = embed(texts).astype(np.float16)
        for language, text, vector in zip(("ar", "en", "fr"), texts, vectors, strict=True):
            entry = Entry(
                key=f"parallel:{row['id']}:{language}",
                kind=SearchDocument.Kind.REPORT_PASSAGE,
                object_id=row["id"],
                gate_kind="report",
                gate_id=report.pk,
                url=f"/parallel/{row['id']}",
                title=f"Parallel {row['id']}",
                body=text,
                language=language,
            )
            documents.append(document_from_entry(entry, embedding=vector.tobytes(), digest="p"))
    SearchDocument.objects.bulk_create(documents)
    bump_index_version()
    total = 0
    for source in ("ar", "en", "fr"):
        for target in ("ar", "en", "fr"):
            if source == target:
                continue
            found = 0
            for row in rows:
                page = run_search(first_sentence(row[source]), {"language": target}, "1")
                top = [result.document.key for result in page.results[:10]]
                found += f"parallel:{row['id']}:{target}" in top
            total += found
            print(
                f"  {source} → {target}: counterpart in the top 10 for {found}/{len(rows)} "
                f"({100 * found / len(rows):.0f} %)"
            )
    print(f"  all pairs: {100 * total / (6 * len(rows)):.1f} % (target ≥ 90 %)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--reuse", help="an SQLite file made by an earlier run: skip the load")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file (for --reuse)")
    args = parser.parse_args()
    postgres = os.environ.get("HIWAR_DATABASE_URL", "").startswith("postgres")
    workdir = tempfile.mkdtemp(prefix="hiwar-search-bench-")
    if args.reuse:
        os.environ["HIWAR_DATABASE_URL"] = f"sqlite:///{Path(args.reuse).resolve()}"
    elif not postgres:
        os.environ["HIWAR_DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("HIWAR_EMBEDDING_THREADS", "1")
    env = dict(os.environ)
    print(f"search benchmark on {'PostgreSQL' if postgres else 'SQLite'}, {args.passages} passages")
    if not args.reuse:
        subprocess.run([HIWAR, "migrate", "-v0"], check=True, env=env)  # noqa: S603
        started = time.monotonic()
        subprocess.run(  # noqa: S603
            [HIWAR, "search_loadtest_data", "--passages", str(args.passages)],
            check=True,
            env=env,
        )
        print(f"load data: {time.monotonic() - started:.0f} s (database in {workdir})")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiwar.settings")
    import django

    django.setup()
    from hiwar.search.backends import full_text_candidates
    from hiwar.search.normalize import parse_query
    from hiwar.search.query import CANDIDATES, run_search
    from hiwar.search.semantic import current_index, query_vector

    started = time.monotonic()
    index = current_index()
    size = index.vectors.nbytes + (0 if index.reduced is None else index.reduced.nbytes)
    print(
        f"embedding matrix loaded in {time.monotonic() - started:.1f} s "
        f"({size / 1e6:.0f} MB, {len(index.ids)} entries)"
    )
    query_vector("warm up")
    asked = queries(args.queries)
    text_times, meaning_times, page_times, hits = [], [], [], []
    for text in asked:
        words = parse_query(text).words
        t0 = time.perf_counter()
        full_text_candidates(words, limit=CANDIDATES)
        t1 = time.perf_counter()
        index.nearest(query_vector(text), limit=CANDIDATES)
        t2 = time.perf_counter()
        page = run_search(text, {}, "1")
        t3 = time.perf_counter()
        text_times.append(t1 - t0)
        meaning_times.append(t2 - t1)
        page_times.append(t3 - t2)
        hits.append(page.total)
    median = sorted(hits)[len(hits) // 2]
    print(f"{len(asked)} queries (ar/en/fr, 1-4 words), median {median} results:")
    print(f"  full text only       {percentiles(text_times)}")
    print(f"  semantic only        {percentiles(meaning_times)}")
    print(f"  results page (fused) {percentiles(page_times)}   (target p95 ≤ 150 ms on SQLite)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {rss:.0f} MB")
    print("cross-language retrieval (parallel set among the synthetic passages):")
    cross_language()
    if args.keep or args.reuse:
        print(f"database kept in {workdir}" if args.keep else "")
    else:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
