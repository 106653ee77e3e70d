"""Small pieces of drafted text shared by the generators: citation and quotation markers,
excerpts of passages, lists of names in the document's language, Markdown escaping."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

#: Characters that would change the meaning of Markdown when a quoted text contains them.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|!~])")
_SENTENCE_END = re.compile(r"(?<=[.!?؟。])\s+")
QUOTE_LANGUAGES = ("ar", "en", "fr")


def escape_markdown(text: str) -> str:
    """``text`` shown literally by Markdown: no emphasis, link, HTML or table cell can start in
    it, and no citation marker can be smuggled in (``[[`` is escaped too)."""
    flat = " ".join(text.split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


def cite(passage_ids: Iterable[int]) -> str:
    """The citation marker for these passages (in the order given, without repeats)."""
    ids = list(dict.fromkeys(passage_ids))
    if not ids:
        return ""
    return "[[cite:" + ",".join(str(i) for i in ids) + "]]"


def quote(text: str, language: str) -> str:
    """A quotation kept in its own language, labelled by the renderers."""
    code = language if language in QUOTE_LANGUAGES else "other"
    return f"[[quote:{code}]]{escape_markdown(text)}[[/quote]]"


def excerpt(text: str, *, max_words: int = 45) -> str:
    """The passage's first sentences, up to ``max_words`` words, cut at a word with an ellipsis
    when the first sentence alone is longer."""
    sentences = _SENTENCE_END.split(" ".join(text.split()))
    chosen: list[str] = []
    words = 0
    for sentence in sentences:
        count = len(sentence.split())
        if chosen and words + count > max_words:
            break
        chosen.append(sentence)
        words += count
        if words >= max_words:
            break
    result = " ".join(chosen)
    parts = result.split()
    if len(parts) > max_words:
        result = " ".join(parts[:max_words]) + "…"
    return result


def list_separator(language: str) -> str:
    return "، " if language == "ar" else ", "


def join_names(names: Sequence[str], language: str) -> str:
    """ "A, B and C" in the document's language."""
    names = [str(name) for name in names]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return _("%(first)s and %(last)s") % {
        "first": list_separator(language).join(names[:-1]),
        "last": names[-1],
    }


def translated(obj: Any, field: str, language: str) -> str:
    """A modeltranslation field in ``language``, else English, else any language: reference
    names are never left blank in a draft."""
    for code in dict.fromkeys((language, "en", "fr", "ar")):
        value = getattr(obj, f"{field}_{code}", "") or ""
        if value:
            return str(value)
    return str(getattr(obj, field, "") or "")
