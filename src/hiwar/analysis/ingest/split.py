"""From blocks (headings, paragraphs, table rows) to passages of a size fit for analysis.

Rules, in order of precedence:

* A heading is not a passage; it becomes the ``section`` of the passages below it, until the
  next heading.
* A table row is one passage of its own (``is_table_row``), never merged with prose.
* Paragraphs under :data:`MIN_WORDS` words are merged with the paragraphs that follow them in
  the same section, on the same page and in the same script (Arabic and Latin text of a
  bilingual report stay apart). A short remainder at the end of a section or page is
  appended to the passage before it when that passage is prose on the same page in the same
  section and stays within :data:`MAX_WORDS`; otherwise it stays a short passage.
* Paragraphs over :data:`MAX_WORDS` words are cut at sentence ends (then semicolons, commas,
  words) into balanced chunks.

Each passage gets its own language; a passage too short to tell takes the language most of
the document's confident passages in the same script have (or, failing those, the language of
all its passages in that script read together). The output depends only on the
input, so re-running on the same document gives the same passages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple

from hiwar.analysis.ingest.language import LANGUAGES, LanguageGuess, guess_language, script_of
from hiwar.analysis.ingest.text import count_words, normalize_text, split_into_chunks

__all__ = [
    "MAX_WORDS",
    "MIN_WORDS",
    "SECTION_MAX_CHARS",
    "Block",
    "BlockKind",
    "Passage",
    "blocks_from_table",
    "split_passages",
]

MIN_WORDS = 40
MAX_WORDS = 250
#: Headings longer than this are cut to this length when used as a section name.
SECTION_MAX_CHARS = 300

BlockKind = Literal["heading", "paragraph", "table_row"]


class Block(NamedTuple):
    """A unit of a document as an extractor sees it, before splitting.

    ``page`` is 1-based for PDFs and ``None`` otherwise; ``level`` is the heading level
    (1 = top) and 0 for paragraphs and table rows.
    """

    kind: BlockKind
    text: str
    page: int | None
    level: int = 0


@dataclass(frozen=True)
class Passage:
    """A piece of a document, the unit the analysis reads."""

    position: int
    text: str
    page: int | None
    section: str
    language: str
    is_table_row: bool
    ocr: bool


@dataclass
class _Draft:
    text: str
    page: int | None
    section: str
    is_table_row: bool
    ocr: bool
    words: int


def split_passages(blocks: list[Block], *, ocr_pages: Iterable[int] = ()) -> list[Passage]:
    """Turn blocks into passages (see the module docstring); ``ocr_pages`` marks OCR text."""
    ocr_set = frozenset(ocr_pages)
    drafts: list[_Draft] = []
    # Prose shorter than MIN_WORDS, waiting for what follows it.
    pending: _Draft | None = None
    section = ""

    def flush() -> None:
        nonlocal pending
        if pending is None:
            return
        previous = drafts[-1] if drafts else None
        if (
            previous is not None
            and not previous.is_table_row
            and (previous.section, previous.page) == (pending.section, pending.page)
            and previous.words + pending.words <= MAX_WORDS
            and _same_script(previous.text, pending.text)
        ):
            previous.text = f"{previous.text} {pending.text}"
            previous.words += pending.words
        else:
            drafts.append(pending)
        pending = None

    for block in blocks:
        text = normalize_text(block.text)
        if not text:
            continue
        if block.kind == "heading":
            flush()
            section = text[:SECTION_MAX_CHARS].rstrip()
            continue
        ocr = block.page in ocr_set
        if block.kind == "table_row":
            flush()
            drafts.append(_Draft(text, block.page, section, True, ocr, count_words(text)))
            continue
        if pending is not None and (
            pending.page != block.page or not _same_script(pending.text, text)
        ):
            flush()
        if pending is not None:
            text = f"{pending.text} {text}"
            pending = None
        chunks = split_into_chunks(text, max_words=MAX_WORDS)
        for index, chunk in enumerate(chunks):
            draft = _Draft(chunk, block.page, section, False, ocr, count_words(chunk))
            if index == len(chunks) - 1 and draft.words < MIN_WORDS:
                pending = draft
            else:
                drafts.append(draft)
    flush()
    return _with_languages(drafts)


def _same_script(first: str, second: str) -> bool:
    """Whether two texts are written in the same script, or one has no letters."""
    scripts = {script_of(first), script_of(second)} - {""}
    return len(scripts) <= 1


def _with_languages(drafts: list[_Draft]) -> list[Passage]:
    guesses = [guess_language(draft.text) for draft in drafts]
    scripts = [script_of(draft.text) for draft in drafts]
    fallback = _fallback_languages(drafts, guesses, scripts)
    passages = []
    for position, (draft, guess, script) in enumerate(zip(drafts, guesses, scripts, strict=True)):
        language = guess.language
        if not guess.confident:
            language = fallback.get(script, language)
        passages.append(
            Passage(
                position=position,
                text=draft.text,
                page=draft.page,
                section=draft.section,
                language=language,
                is_table_row=draft.is_table_row,
                ocr=draft.ocr,
            )
        )
    return passages


def _fallback_languages(
    drafts: list[_Draft], guesses: list[LanguageGuess], scripts: list[str]
) -> dict[str, str]:
    """For each script, the language most words of confident passages in it have; when no
    passage in a script is confident, the language of all its passages read together."""
    words: dict[str, Counter[str]] = {}
    texts: dict[str, list[str]] = {}
    for draft, guess, script in zip(drafts, guesses, scripts, strict=True):
        texts.setdefault(script, []).append(draft.text)
        if guess.confident and guess.language in LANGUAGES:
            for key in (script, ""):
                words.setdefault(key, Counter())[guess.language] += draft.words
    fallback = {
        script: max(sorted(counter), key=lambda language: counter[language])
        for script, counter in words.items()
    }
    for script, script_texts in texts.items():
        if script and script not in fallback:
            language = guess_language(" ".join(script_texts)).language
            if language in LANGUAGES:
                fallback[script] = language
    return fallback


def blocks_from_table(rows: list[list[str]], page: int | None) -> list[Block]:
    """Blocks for a table: the first row is the header, each other row one ``table_row``.

    A row reads ``"Header 1: cell 1; Header 2: cell 2"``; empty cells are left out. A table of
    one column is a layout device, not data: its cells become paragraphs. A table of one row
    is a single row of its cells.
    """
    cleaned = [[normalize_text(cell) for cell in row] for row in rows]
    cleaned = [row for row in cleaned if any(row)]
    if not cleaned:
        return []
    if max(len(row) for row in cleaned) == 1:
        return [Block("paragraph", row[0], page) for row in cleaned]
    if len(cleaned) == 1:
        return [Block("table_row", "; ".join(cell for cell in cleaned[0] if cell), page)]
    header, body = cleaned[0], cleaned[1:]
    blocks = []
    for row in body:
        parts: list[str] = []
        for index, cell in enumerate(row):
            if not cell:
                continue
            label = header[index] if index < len(header) else ""
            part = f"{label}: {cell}" if label and label != cell else cell
            # Merged cells repeat; say them once.
            if not parts or parts[-1] != part:
                parts.append(part)
        if parts:
            blocks.append(Block("table_row", "; ".join(parts), page))
    return blocks
