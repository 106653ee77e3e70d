"""Offline language detection for passages: Arabic, English, French, or "other".

No model and no dependency; three cheap steps, reliable on passages of 20 words or
more, the size the splitter produces:

1. Script. Letters are counted by script; the script with most letters decides the branch.
   Letters of another script (Cyrillic, CJK, Devanagari...) mean "other".
2. Arabic script: Persian and Urdu use letters Arabic does not (پ چ ژ گ ک ی ٹ ڈ ڑ ں ے...)
   and seldom the Arabic ة ي ك ى. Text is Arabic when none of those letters occur, when many of
   its words carry the article ال (a quarter of words in Arabic, a few percent in Persian), or
   when Arabic-only letters outnumber Persian/Urdu ones.
3. Latin script: function words. Each language's list holds its most frequent short words;
   a word found in several lists counts ``1/k`` for each of the k languages, so shared words
   (``de``, ``la``, ``en``) weigh little. English or French wins only with enough function
   words and a clear lead over every other language, so Spanish, Portuguese, Italian, German,
   Dutch, Turkish, Romanian, Indonesian, Swahili and Polish text comes out "other", as does
   Latin-script text with no function words at all.

Short text (a heading, a table cell) gives weak evidence: :func:`guess_language` says so, and
the splitter lets such passages take the language of the rest of the document.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

__all__ = ["LANGUAGES", "LanguageGuess", "detect_language", "guess_language"]

#: The languages the platform analyses; anything else is "other".
LANGUAGES = ("ar", "en", "fr")

_FUNCTION_WORDS = {
    "en": """the of and to in a is that for on with as by are this be was were from at it an
        which have has been their or not its will these also other such who they more all than
        through between into would should can we our there but had those under including
        within during each where been them his her""",
    "fr": """le la les des du de et à un une est que qui dans pour par sur au aux avec ce cette
        ces ont sont été il elle ils elles leur leurs pas ne plus ou en se son sa ses entre
        dont mais aussi très nous vous comme être fait où lors selon depuis sans afin notamment
        ainsi cet chaque été auprès""",
    "es": """el la los las de del y en que a un una por con para es se su sus al lo como más
        pero sobre entre también fue han ha son esta este estos estas desde cuando muy sin hay
        ya ser está le no""",
    "pt": """o a os as de do da dos das e em no na nos nas um uma para com que por é não se
        mais ao pelo pela como foi são também entre sua seu seus suas ou já está isso esse
        essa""",
    "it": """il lo la i gli le di del della dei delle degli e è che in un una per con non sono
        da al alla si come anche più nel nella ha questo questa tra sul ma essere stato alle ai
        dal dalla""",
    "de": """der die das und in zu den von mit ist des sich dem nicht ein eine als auch es an
        auf für im werden wird bei oder nach sind wurde durch aus einer eines einen zur zum
        über dass sie wie noch haben hat vor""",
    "nl": """de het een van en in is dat op te zijn voor met die niet aan er om ook als door
        bij naar worden wordt uit over tot hun deze""",
    "tr": """ve bir bu da de için ile olarak olan çok daha en gibi kadar sonra ancak ya veya
        ne mi değil var yok her ki o şu tarafından göre arasında ise""",
    "ro": """și în de la cu care pe din pentru este un o nu sunt mai sau ca fost au al ale
        lui""",
    "id": """yang dan di untuk dengan ini dari dalam tidak akan pada juga ke itu oleh sebagai
        adalah telah""",
    "sw": "na ya wa kwa za la katika ni kuwa hiyo hii pia au",
    "pl": "w i z na się do że nie jest to o od przez dla oraz jak po",
}


def _build_weights() -> dict[str, tuple[tuple[str, float], ...]]:
    languages_by_word: dict[str, set[str]] = {}
    for language, words in _FUNCTION_WORDS.items():
        for word in words.split():
            languages_by_word.setdefault(word, set()).add(language)
    return {
        word: tuple((language, 1 / len(languages)) for language in sorted(languages))
        for word, languages in languages_by_word.items()
    }


_WEIGHTS = _build_weights()
# French elision: l'État, d'un, qu'il, n'est. Each counts as one French function word.
_FRENCH_ELISION = re.compile(
    r"\b(?:l|d|qu|n|s|c|j|m|jusqu|lorsqu|puisqu)['\u2019](?=[^\W\d_])", re.IGNORECASE
)
_PERSIAN_URDU_LETTERS = frozenset("پچژگکیۀٹڈڑںےہھۂ")
_ARABIC_ONLY_LETTERS = frozenset("ةيكى")


@dataclass(frozen=True)
class LanguageGuess:
    """A detected language, and whether the text held enough evidence to trust it."""

    language: str
    confident: bool


def detect_language(text: str) -> str:
    """``"ar"``, ``"en"``, ``"fr"`` or ``"other"`` for ``text`` (see the module docstring)."""
    return guess_language(text).language


def guess_language(text: str) -> LanguageGuess:
    """Like :func:`detect_language`, saying also whether the evidence was strong."""
    scripts = _letters_by_script(text)
    arabic, latin, other = scripts["arabic"], scripts["latin"], scripts["other"]
    if not (arabic or latin or other):
        return LanguageGuess("other", confident=False)
    if other > arabic and other > latin:
        return LanguageGuess("other", confident=other >= 20)
    if arabic >= latin:
        return _guess_arabic_script(text)
    return _guess_latin_script(text)


# Runs of letters by script. Regular expressions over runs are much faster than a Python
# loop over characters; "other" covers the letters of the remaining scripts in use.
_ARABIC_LETTERS = re.compile(
    r"[\u0620-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
    r"\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdfb\ufe70-\ufefc]+"
)
_LATIN_LETTERS = re.compile(
    r"[A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]+"
)
_OTHER_LETTERS = re.compile(
    r"[\u0370-\u03ff\u0400-\u052f\u0531-\u058f\u0590-\u05ff\u0700-\u074f\u0780-\u07bf"
    r"\u0900-\u0dff\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u10a0-\u10ff\u1100-\u11ff"
    r"\u1200-\u139f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+"
)


def _letters_by_script(text: str) -> Counter[str]:
    return Counter(
        {
            "arabic": sum(map(len, _ARABIC_LETTERS.findall(text))),
            "latin": sum(map(len, _LATIN_LETTERS.findall(text))),
            "other": sum(map(len, _OTHER_LETTERS.findall(text))),
        }
    )


def _guess_arabic_script(text: str) -> LanguageGuess:
    persian_urdu = sum(1 for char in text if char in _PERSIAN_URDU_LETTERS)
    if not persian_urdu:
        return LanguageGuess("ar", confident=True)
    words = [word for word in text.split() if any("\u0621" <= char <= "\u06ff" for char in word)]
    with_article = sum(1 for word in words if word.lstrip("(«\"'").startswith("ال"))
    if len(words) >= 5 and with_article >= 0.12 * len(words):
        return LanguageGuess("ar", confident=True)
    arabic_only = sum(1 for char in text if char in _ARABIC_ONLY_LETTERS)
    if persian_urdu > arabic_only:
        return LanguageGuess("other", confident=len(words) >= 5)
    return LanguageGuess("ar", confident=len(words) >= 5)


def _guess_latin_script(text: str) -> LanguageGuess:
    lowered = text.lower()
    words = _LATIN_LETTERS.findall(lowered)
    scores: dict[str, float] = {}
    for word, count in Counter(words).items():
        for language, weight in _WEIGHTS.get(word, ()):
            scores[language] = scores.get(language, 0.0) + weight * count
    elisions = len(_FRENCH_ELISION.findall(lowered))
    if elisions:
        scores["fr"] = scores.get("fr", 0.0) + elisions
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    if not ranked:
        return LanguageGuess("other", confident=len(words) >= 20)
    best, best_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    enough = best_score >= max(1.0, 0.08 * len(words))
    clear_lead = best_score >= 1.5 * runner_up and best_score > runner_up
    confident = len(words) >= 8 and best_score >= 2
    if best in LANGUAGES and enough and clear_lead:
        return LanguageGuess(best, confident=confident)
    # Too little to say, or another language leads.
    return LanguageGuess("other", confident=confident or len(words) >= 20)


def script_of(text: str) -> str:
    """``"arabic"``, ``"latin"``, ``"other"``, or ``""`` when the text has no letters."""
    scripts = _letters_by_script(text)
    if not any(scripts.values()):
        return ""
    return max(("arabic", "latin", "other"), key=lambda script: scripts[script])
