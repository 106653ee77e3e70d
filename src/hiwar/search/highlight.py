"""Snippets of the original text around the words that matched, escaped, matches in <mark>.

Done on the original text rather than by the database (FTS5 ``snippet()`` and ``ts_headline``
see only our normalized text), so both databases show the same snippet, with harakat and
accents as written.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from hiwar.search.normalize import word_forms, word_spans

__all__ = ["highlight", "snippet"]

SNIPPET_WORDS = 40
# Markdown emphasis, headings and code marks: texts are written in Markdown, snippets are plain.
_MARKDOWN = re.compile(r"\*{1,3}|_{2,3}|`+|^#{1,6}\s+", re.MULTILINE)


def _hits(spans: list[tuple[int, int, str]], forms: frozenset[str]) -> list[bool]:
    return [bool(forms.intersection(word_forms(word))) for _start, _end, word in spans]


def _render(text: str, spans: list[tuple[int, int, str]], hits: list[bool]) -> str:
    parts: list[str] = []
    cursor = 0
    for (start, end, _word), hit in zip(spans, hits, strict=True):
        if hit:
            parts.append(escape(text[cursor:start]))
            parts.append(f"<mark>{escape(text[start:end])}</mark>")
            cursor = end
    parts.append(escape(text[cursor:]))
    return "".join(parts)


def highlight(text: str, forms: frozenset[str]) -> SafeString:
    """The whole of ``text`` (a title, say) with the matching words marked."""
    spans = word_spans(text)
    return mark_safe(_render(text, spans, _hits(spans, forms)))  # noqa: S308 - escaped above


def snippet(text: str, forms: frozenset[str], *, words: int = SNIPPET_WORDS) -> SafeString:
    """About ``words`` words of ``text``: the window with the most matches (the opening when
    nothing matched, as for a result found by meaning), matches marked."""
    text = _MARKDOWN.sub("", text)
    spans = word_spans(text)
    if not spans:
        return mark_safe(escape(text[:300]))  # noqa: S308 - escaped
    hits = _hits(spans, forms)
    best, best_count = 0, -1
    count = sum(hits[:words])
    for first in range(max(1, len(spans) - words + 1)):
        if first:
            count += hits[first + words - 1] if first + words - 1 < len(spans) else 0
            count -= hits[first - 1]
        if count > best_count:
            best, best_count = first, count
    # Start a few words before the first match, so it is read in its context.
    first_hit = next((n for n in range(best, min(best + words, len(spans))) if hits[n]), best)
    best = max(0, min(best, first_hit - 5))
    last = min(len(spans), best + words) - 1
    start = 0 if best == 0 else spans[best][0]
    end = len(text) if last == len(spans) - 1 else spans[last][1]
    window = spans[best : last + 1]
    shifted = [(s - start, e - start, w) for s, e, w in window]
    html = _render(text[start:end], shifted, hits[best : last + 1])
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{html}{suffix}")  # noqa: S308 - escaped in _render
