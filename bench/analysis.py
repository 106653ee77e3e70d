"""Benchmarks of the analysis engine. Prints its figures; run by `make bench` after run.py.

- tagging throughput (passages per second) on report-like passages of 40-250 words, and the
  share of it spent embedding;
- a 100-page text PDF ingested (child process) and tagged end to end;
- peak memory (resident set) of this process and of the parsing child;
- quality on the UN Network's practices booklet (evaluation only), when the file is present
  beside the checkout (../shared/data/gcm/practices_booklet.jsonl).
"""

import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BOOKLET = ROOT.parent / "shared" / "data" / "gcm" / "practices_booklet.jsonl"


def passages(count: int, seed: int = 7) -> list[str]:
    """Report-like passages of 40-250 words, stitched from our labelled training passages."""
    from hiwar.analysis.engine.training import load_passages

    sentences = [s.strip() + "." for p in load_passages() for s in p.text.split(".") if s.strip()]
    rng = random.Random(seed)  # noqa: S311 - sample text, not security
    out = []
    for _ in range(count):
        target = rng.randint(40, 250)
        words: list[str] = []
        while len(words) < target:
            words.extend(rng.choice(sentences).split())
        out.append(" ".join(words[:target]))
    return out


def make_pdf(path: Path, pages: int) -> None:
    """A text PDF with a heading and four paragraphs per page (Helvetica, Latin text)."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    texts = passages(pages * 4, seed=11)
    pdf = pypdfium2.PdfDocument.new()
    font = pdfium_c.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")
    for number in range(pages):
        page = pdf.new_page(595, 842)
        y = 800.0
        lines = [f"{number + 1}. Section {number + 1}", ""]
        for text in texts[number * 4 : number * 4 + 4]:
            words = text.split()
            for start in range(0, len(words), 14):
                lines.append(" ".join(words[start : start + 14]))
            lines.append("")
        for line in lines[:70]:
            if line:
                obj = pdfium_c.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", 9.0)
                encoded = (line + "\0").encode("utf-16-le")
                buffer = (pdfium_c.FPDF_WCHAR * (len(encoded) // 2)).from_buffer_copy(encoded)
                pdfium_c.FPDFText_SetText(obj, buffer)
                pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 50, y)
                pdfium_c.FPDFPage_InsertObject(page.raw, obj)
            y -= 11
        pdfium_c.FPDFPage_GenerateContent(page.raw)
    del font
    pdf.save(str(path))


def gemm_speed(seconds: float = 0.3) -> float:
    """Multiply-adds per second (G) of one core on an embedder-sized float32 product right now.

    The machine's speed varies (shared cores): quote this beside the throughput figures."""
    import numpy as np

    rng = np.random.default_rng(0)
    a = rng.standard_normal((384, 1280), dtype=np.float32)
    b = rng.standard_normal((1280, 256), dtype=np.float32)
    count, started = 0, time.process_time()
    while time.process_time() - started < seconds:
        a @ b
        count += 1
    return count * a.shape[0] * a.shape[1] * b.shape[1] / (time.process_time() - started) / 1e9


def main() -> None:
    os.environ.setdefault("HIWAR_VAR_DIR", tempfile.mkdtemp(prefix="hiwar-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiwar.settings")
    import django

    django.setup()
    from hiwar.analysis.engine.evaluation import evaluate
    from hiwar.analysis.engine.tagger import get_tagger
    from hiwar.analysis.ingest import ingest_file_limited, normalize_text

    started = time.perf_counter()
    tagger = get_tagger()
    tagger.tag(["warm up the encoder"])
    print(f"tagger load and first call:       {(time.perf_counter() - started) * 1000:8.1f} ms")

    from hiwar.analysis.engine.embedder import embed

    print(f"one core, float32 product:        {gemm_speed():8.1f} G multiply-adds/s")
    texts = passages(1000)
    words = sum(len(t.split()) for t in texts) / len(texts)
    started = time.perf_counter()
    for start in range(0, len(texts), 64):
        tagger.tag(texts[start : start + 64])
    elapsed = time.perf_counter() - started
    print(
        f"tagging: {len(texts)} passages (mean {words:.0f} words) in {elapsed:.2f} s: "
        f"{len(texts) / elapsed:.0f} passages/s"
    )
    started = time.perf_counter()
    for start in range(0, len(texts), 64):
        embed(texts[start : start + 64])
    embedding = time.perf_counter() - started
    threads = os.environ.get("HIWAR_EMBEDDING_THREADS", "2")
    print(
        f"  of which embedding alone: {embedding:.2f} s, {len(texts) / embedding:.0f} passages/s "
        f"(HIWAR_EMBEDDING_THREADS={threads})"
    )

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report-100-pages.pdf"
        make_pdf(path, 100)
        started = time.perf_counter()
        result = ingest_file_limited(path, path.name)
        parsed = time.perf_counter() - started
        texts = [p.text for p in result.passages]
        for start in range(0, len(texts), 64):
            tagger.tag(texts[start : start + 64])
        total = time.perf_counter() - started
        print(
            f"100-page text PDF: {len(texts)} passages; parsed in {parsed:.2f} s, "
            f"parsed and tagged in {total:.2f} s"
        )

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: tagging process {own:.0f} MB, parsing child {child:.0f} MB")

    if BOOKLET.exists():
        records = [json.loads(line) for line in BOOKLET.read_text().splitlines() if line]
        results = tagger.tag([normalize_text(r["text"]) for r in records])
        figures = evaluate(records, results)
        print(f"practices booklet ({BOOKLET.name}, evaluation only):")
        for name, row in [("all", figures.overall), *figures.by_language.items()]:
            print(
                f"  {name:<4} n={row['records']:<4} top-1 {row['top1']:.3f}  recall@3 "
                f"{row['recall_at_3']:.3f}  micro-F1 {row['micro_f1']:.3f}  "
                f"macro-F1 {row['macro_f1']:.3f}"
            )
    else:
        print(f"practices booklet not found at {BOOKLET}: quality figures skipped")


if __name__ == "__main__":
    main()
