"""Text normalization, word counting and sentence splitting for Arabic, English and French.

Choices made by :func:`normalize_text`, so that the same words always compare equal:

* NFKC, which turns Arabic presentation forms back into letters (``ﻻ`` → ``لا``), and Latin
  ligatures and full-width forms into plain letters.
* Bidi controls (U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069, U+061C) are removed: they only
  steer display, and PDF and Word exports scatter them inside words.
* Zero-width space (U+200B), word joiner (U+2060), byte-order mark (U+FEFF), soft hyphen
  (U+00AD), private-use code points (undecodable glyphs from PDFs), U+FFFD and control characters
  are removed. ZWNJ and ZWJ (U+200C, U+200D) are kept inside words, where they carry spelling
  in Persian and in emoji sequences, and dropped next to spaces and at the ends.
* Tatweel (U+0640) only stretches a word for justification: a run of tatweel between two
  Arabic letters is removed (``الـــتـــنـــمـــيـــة`` → ``التنمية``); elsewhere, as in the
  abbreviation ``هـ``, a run is kept as one tatweel.
* A Latin word broken by a hyphen at the end of a line is joined when the next line starts in
  lower case (``migra-⏎tion`` → ``migration``); before a capital or a digit the hyphen stays
  and only the line break goes (``Franco-⏎Moroccan`` → ``Franco-Moroccan``). The cost: a
  compound such as ``well-⏎being`` loses its hyphen.
* All runs of white space become one space; the ends are trimmed.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "count_words",
    "normalize_text",
    "split_into_chunks",
    "split_sentences",
]

_BIDI_CONTROLS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
_INVISIBLE = "\u200b\u2060\ufeff\u00ad\ufffd"
_REMOVE = re.compile(
    "[" + _BIDI_CONTROLS + _INVISIBLE + "\ue000-\uf8ff]"
    # C0 and C1 controls other than tab and line breaks.
    "|[\x00-\x08\x0b\x0e-\x1f\x7f-\x84\x86-\x9f]"
)
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_LATIN_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff\u0153"
# After NFKC the hyphens in use are "-" and U+2010 (NFKC maps U+2011 to U+2010).
_HYPHEN_BREAK_LOWER = re.compile(rf"([{_LATIN}])[-\u2010][ \t]*\n\s*([{_LATIN_LOWER}])")
_HYPHEN_BREAK_OTHER = re.compile(rf"([{_LATIN}0-9])([-\u2010])[ \t]*\n\s*(?=[{_LATIN}0-9])")
_ARABIC_LETTER = "\u0620-\u063f\u0641-\u064a\u066e-\u06d3\u06d5\u06fa-\u06fc\u06ff"
# A letter, maybe with its short vowels, then tatweel, then another letter.
_TATWEEL_INSIDE = re.compile(rf"([{_ARABIC_LETTER}][\u064b-\u0652]*)\u0640+(?=[{_ARABIC_LETTER}])")
_TATWEEL_RUN = re.compile("\u0640{2,}")
_JOINERS_AT_EDGES = re.compile(
    r"(?<=\s)[\u200c\u200d]+|[\u200c\u200d]+(?=\s)|^[\u200c\u200d]+|[\u200c\u200d]+$"
)
_WHITESPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Return ``text`` normalized as described in the module docstring (one line, trimmed)."""
    if not text:
        return ""
    # The guards skip passes that cannot change the text: this runs on every paragraph.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\u00ad" in text:
        # A soft hyphen at a line end marks a broken word: join it before it disappears.
        text = re.sub("\u00ad[ \t]*\n\\s*", "", text)
    text = unicodedata.normalize("NFKC", text)
    text = _REMOVE.sub("", text)
    if "\n" in text:
        text = _HYPHEN_BREAK_LOWER.sub(r"\1\2", text)
        text = _HYPHEN_BREAK_OTHER.sub(r"\1\2", text)
    if "\u0640" in text:
        text = _TATWEEL_INSIDE.sub(r"\1", text)
        text = _TATWEEL_RUN.sub("\u0640", text)
    text = _WHITESPACE.sub(" ", text).strip()
    if "\u200c" in text or "\u200d" in text:
        text = _JOINERS_AT_EDGES.sub("", text)
    return text


def count_words(text: str) -> int:
    """The number of white-space separated words."""
    return len(text.split())


# A sentence ends at . ! ? … or the Arabic question mark and full stop, maybe followed by
# closing quotes or brackets, then white space. A Latin lower-case letter after it means an
# abbreviation ("e.g. the"), not a new sentence.
_SENTENCE_END = re.compile(
    rf"(?<=[.!?\u2026\u061f\u06d4])[\"'\u201d\u2019\u00bb)\]]*\s+(?![{_LATIN_LOWER}])"
)
_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "etc",
        "cf",
        "al",
        "vs",
        "no",
        "nos",
        "art",
        "arts",
        "para",
        "paras",
        "p",
        "pp",
        "vol",
        "ch",
        "fig",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "m",
        "mm",
        "mme",
        "mlle",
        "nº",
        "n°",
    ]
)
_CLAUSE_END = re.compile(r"(?<=[;\u061b])\s+")
_COMMA_END = re.compile(r"(?<=[,\u060c])\s+")


def split_sentences(text: str) -> list[str]:
    """Split normalized text into sentences; abbreviations and leading list numbers hold."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        candidate = text[start : match.start()].rstrip()
        last_word = candidate.rsplit(" ", 1)[-1].lower().rstrip(".\"'\u201d\u2019\u00bb)]")
        if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
            continue
        # "1. Text" or "II. Text": a list number, not a sentence.
        if _is_enumerator(candidate):
            continue
        sentences.append(candidate)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _is_enumerator(candidate: str) -> bool:
    return (
        re.fullmatch(r"(?:\d{1,3}(?:\.\d{1,3})*|[IVXivx]{1,4}|[A-Za-z])\.", candidate) is not None
    )


def split_into_chunks(text: str, *, max_words: int) -> list[str]:
    """Split text longer than ``max_words`` into chunks of at most ``max_words`` words.

    Cuts fall at sentence ends where possible, then at semicolons, then at commas (Latin and
    Arabic), and only then between words. The chunks are balanced, so a long text does not end
    with a scrap.
    """
    words = count_words(text)
    if words <= max_words:
        return [text] if text else []
    units = _units_at_most(text, max_words, level=0)
    chunk_count = -(-words // max_words)
    target = words / chunk_count
    chunks: list[str] = []
    current: list[str] = []
    current_words = 0
    for unit in units:
        unit_words = count_words(unit)
        if current and (current_words + unit_words > max_words or current_words >= target):
            chunks.append(" ".join(current))
            current, current_words = [], 0
        current.append(unit)
        current_words += unit_words
    if current:
        chunks.append(" ".join(current))
    return chunks


def _units_at_most(text: str, max_words: int, *, level: int) -> list[str]:
    """Pieces of ``text`` of at most ``max_words`` words, cut at ever finer boundaries."""
    if count_words(text) <= max_words:
        return [text]
    if level == 0:
        pieces = split_sentences(text)
    elif level == 1:
        pieces = _CLAUSE_END.split(text)
    elif level == 2:
        pieces = _COMMA_END.split(text)
    else:
        words = text.split()
        count = -(-len(words) // max_words)
        size = -(-len(words) // count)
        return [" ".join(words[i : i + size]) for i in range(0, len(words), size)]
    units: list[str] = []
    for piece in pieces:
        units.extend(_units_at_most(piece, max_words, level=level + 1))
    return units
