"""Word forms reduced to comparable terms in Arabic, English and French.

Used for the "terms that matched" evidence of a tag and as the lexical half of the tagger. The
reduction is deliberately light (no dictionary): Arabic loses diacritics, tatweel, alef and
ta marbuta variants and the attached conjunction/article/preposition prefixes; French and English
lose accents, case and a few inflectional endings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

__all__ = ["fold_arabic", "fold_latin", "term_spans", "terms"]

_LETTERS = "(?:[^\\W\\d_]|[\u0610-\u061a\u064b-\u065f\u0670])+"  # harakat are marks, not \\w
_WORD = re.compile(f"{_LETTERS}(?:['’]{_LETTERS})?")
_HARAKAT = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_ALEF = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)
# Longest first: "وبال" before "بال" before "ال".
_AR_PREFIXES = ("وبال", "وال", "بال", "كال", "فال", "لل", "ال", "و")
_AR_SUFFIXES = ("ات", "ين", "ون", "ها", "هم", "يه", "ه", "ي")
# Function words, and the Compact's own name: every report cites it, whatever the objective.
_LATIN_STOP_WORDS = """
a an and are as at be been by for from has have in into is it its of on or that the their this
to was were which with will not all also such other than these those there they we our le la
les un une des du de d l et en au aux par pour sur dans est sont ont qui que qu ce cette ces se
sa son ses leur leurs il elle ils elles ne pas plus ou avec été être à y
global compact gcm pacte mondial
"""
_AR_STOP_WORDS = """
في من على الى إلى عن مع ان أن إن او أو هذا هذه ذلك تلك التي الذي الذين كما قد لا ما كل بين عام
خلال حيث كان كانت تم وقد وفي ومن
الاتفاق العالمي
"""


def fold_latin(word: str) -> str:
    """Lower case without accents (é → e, œ → oe)."""
    word = word.lower().replace("œ", "oe").replace("æ", "ae").replace("’", "'")
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_arabic(word: str) -> str:
    """Arabic without harakat and tatweel, with one alef, ya for alef maqsura, ha for ta marbuta."""
    return _HARAKAT.sub("", word).translate(_ALEF)


_LATIN_STOP = frozenset(fold_latin(word) for word in _LATIN_STOP_WORDS.split())
_AR_STOP = frozenset(fold_arabic(word) for word in _AR_STOP_WORDS.split())


def _stem_arabic(word: str) -> str:
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= (4 if prefix == "و" else 3):
            word = word[len(prefix) :]
            break
    for suffix in _AR_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _stem_latin(word: str) -> str:
    if "'" in word:  # l'emploi, d'origine, qu'il
        head, _, tail = word.partition("'")
        if len(head) <= 2:
            word = tail
    for suffix in ("ements", "ement", "ations", "ation", "ions", "ies", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


@lru_cache(maxsize=200_000)
def _term(word: str) -> str | None:
    """The term of one word, or None for a stop word (cached: reports repeat their words)."""
    if _ARABIC_LETTER.search(word):
        folded = fold_arabic(word)
        if "\u064b" in word and folded.endswith("ا"):  # tanween fath on an alef: برنامجاً
            folded = folded[:-1]
        if folded in _AR_STOP or len(folded) < 3:
            return None
        return _stem_arabic(folded)
    folded = fold_latin(word)
    if folded in _LATIN_STOP or len(folded) < 3:
        return None
    return _stem_latin(folded)


def term_spans(text: str) -> Iterator[tuple[str, int, int]]:
    """Each content word of ``text`` as (term, start, end); stop words are skipped."""
    for match in _WORD.finditer(text):
        term = _term(match.group())
        if term is not None:
            yield term, match.start(), match.end()


def terms(text: str) -> list[str]:
    """The content terms of ``text``, in order."""
    return [term for term, _start, _end in term_spans(text)]
