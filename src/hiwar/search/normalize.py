# ruff: noqa: RUF001, RUF002 - Arabic letters and typographic quotes are the point
"""Text of any of our three languages reduced to search forms, the same way for what is indexed
and for what is asked.

Arabic (on top of ``hiwar.analysis.engine.terms.fold_arabic``): harakat, superscript alef and
tatweel removed; أ إ آ ٱ → ا; ة → ه; ى → ي; the hamza seats ؤ → و and ئ → ي (people type them
both ways, and a search that misses مسؤول for مسئول is worse than the rare collision); Arabic-Indic
digits → ASCII. Latin (``fold_latin``): case folded, accents dropped (é → e, ç → c, œ → oe), French
elision dropped (l', d', qu' ...).

Each word gives up to three *forms*: the folded word; for Arabic the word without one attached
prefix (و ف ب ك ل ال وال بال كال فال لل ...) when three letters remain; and a light stem (plural
or sound-plural ending removed: ين ون ات ان, -s, -x, -ies → -y). A word matches when the two
sides share a form, so والمهاجرون, للمهاجرين and مُهاجِر meet on مهاجر, and travailleurs on
travailleur.
Function words are not indexed and are dropped from a query unless the query has nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from hiwar.analysis.engine.terms import fold_arabic, fold_latin

__all__ = [
    "MAX_QUERY_CHARS",
    "ParsedQuery",
    "fold",
    "index_text",
    "parse_query",
    "title_key",
    "word_forms",
    "word_spans",
]

#: Longer queries are cut here (a notice says so); no search needs more.
MAX_QUERY_CHARS = 200
#: At most this many words of a query are searched.
MAX_QUERY_WORDS = 12

# A word: letters (with their Arabic marks) and digits, possibly with one elided head (l'eau).
_LETTERS = "(?:[^\\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640])+"
_WORD = re.compile(f"{_LETTERS}(?:['’]{_LETTERS})?")
_ARABIC = re.compile("[\u0621-\u064a\u0671]")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_EXTRA_MARKS = re.compile("[\u06d6-\u06ed\u0640\u0670]")
_ELIDED = frozenset(
    ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"]
)
# Longest first, so وال is tried before و.
_AR_PREFIXES = (
    "وبال",
    "وكال",
    "ولل",
    "وال",
    "فال",
    "بال",
    "كال",
    "لل",
    "ال",
    "و",
    "ف",
    "ب",
    "ك",
    "ل",
)
_AR_SUFFIXES = ("ات", "ين", "ون", "ان")
_LATIN_STOP_WORDS = """
a an and are as at be been by for from has have in into is it its of on or that the their this
to was were which with will all also such than these those there they we our le la les un une
des du de et en au aux par pour sur dans est sont ont qui que ce cette ces se sa son ses leur
leurs il elle ils elles ne pas ou avec été être à y
"""
_AR_STOP_WORDS = """
في من على الى إلى عن مع ان أن إن او أو هذا هذه ذلك تلك التي الذي الذين كما قد لا ما كل بين
حيث كان كانت تم وقد وفي ومن
"""
_LATIN_STOP = frozenset(fold_latin(word) for word in _LATIN_STOP_WORDS.split())
_AR_STOP = frozenset(fold_arabic(word) for word in _AR_STOP_WORDS.split())


def fold(word: str) -> str:
    """One word (or any text) folded: Arabic letter variants unified, Latin without case or
    accents, all digits ASCII."""
    word = word.translate(_DIGITS)
    if _ARABIC.search(word):
        word = _EXTRA_MARKS.sub("", fold_arabic(word))
        if "'" not in word and "’" not in word:
            return word.casefold()
    folded = fold_latin(word).casefold()
    head, apostrophe, tail = folded.partition("'")
    if apostrophe and head in _ELIDED and tail:
        return tail
    return folded.replace("'", "")


def _arabic_forms(word: str) -> list[str]:
    forms = [word]
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            word = word[len(prefix) :]
            forms.append(word)
            break
    for suffix in _AR_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.append(word[: -len(suffix)])
            break
    return forms


def _latin_forms(word: str) -> list[str]:
    forms = [word]
    if len(word) > 3 and word[-1] in "sx" and not word.endswith("ss"):
        forms.append(word[:-1])  # travailleurs, réfugiés, travaux
    if len(word) > 4 and word.endswith("ies"):
        forms.append(word[:-3] + "y")  # policies
    return forms


@lru_cache(maxsize=100_000)
def word_forms(word: str) -> tuple[str, ...]:
    """The search forms of one word as written, most specific first; () for a function word."""
    folded = fold(word)
    if not folded or folded in _LATIN_STOP or folded in _AR_STOP:
        return ()
    forms = _arabic_forms(folded) if _ARABIC.search(folded) else _latin_forms(folded)
    return tuple(dict.fromkeys(forms))


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """Each word of ``text`` as (start, end, word)."""
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def index_text(text: str) -> str:
    """What the full-text index stores for ``text``: the forms of every content word."""
    return " ".join(form for match in _WORD.finditer(text) for form in word_forms(match.group()))


def title_key(text: str) -> str:
    """A title reduced for exact comparison: folded words, function words included."""
    return " ".join(fold(match.group()) for match in _WORD.finditer(text))[:300]


@dataclass(frozen=True)
class ParsedQuery:
    """A user's query made safe: each searched word as its tuple of forms (letters and digits
    only, so nothing can be read as full-text syntax), the title key, and what was changed."""

    text: str
    words: tuple[tuple[str, ...], ...]
    key: str
    truncated: bool = False
    dropped_words: bool = False

    @property
    def forms(self) -> frozenset[str]:
        return frozenset(form for forms in self.words for form in forms)

    @property
    def is_empty(self) -> bool:
        return not self.words


def parse_query(raw: str) -> ParsedQuery:
    """Parse what a user typed. Operators, quotes, stars, parentheses, colons and minus signs are
    not letters, so they never reach the full-text engine; ``OR``/``NEAR`` become plain words."""
    text = " ".join(raw.split())
    truncated = len(text) > MAX_QUERY_CHARS
    if truncated:
        text = text[:MAX_QUERY_CHARS]
    spans = word_spans(text)
    words: list[tuple[str, ...]] = []
    seen: set[tuple[str, ...]] = set()
    for _start, _end, word in spans:
        forms = word_forms(word)
        if forms and forms not in seen:
            seen.add(forms)
            words.append(forms)
    if not words:  # only function words: search them as they are
        for _start, _end, word in spans:
            folded = fold(word)
            if folded and (folded,) not in seen:
                seen.add((folded,))
                words.append((folded,))
    dropped = len(words) > MAX_QUERY_WORDS
    return ParsedQuery(
        text=text,
        words=tuple(words[:MAX_QUERY_WORDS]),
        key=title_key(text),
        truncated=truncated,
        dropped_words=dropped,
    )
