"""Right-to-left lines of a PDF, put back in logical order from the positions of their glyphs.

PDFium's character order cannot be trusted for Arabic. Within one stretch of glyphs it is
either the logical order or its exact reverse (PDFs written by Chromium give some words each
way); and glyphs that fonts such as Amiri stack vertically share nearly the same horizontal
position, so sorting single characters by position scrambles them. So a line is rebuilt in
three steps:

1. Runs. The characters, in PDFium's order, are cut into runs at white space, where the
   direction changes (Arabic letters against Latin letters or digits) and where the next glyph
   is more than 0.12 em away from the last one; punctuation at the ends of a Latin word or
   a number is a run of its own. Inside a run, PDFium's order is kept or reversed, whichever
   makes it advance the way its script is written (leftwards for Arabic). Combining marks that
   end up before their letter are moved after it.
2. Visual order. Runs are sorted left to right as drawn; a space goes between two runs whose
   gap is wider than 0.16 em, or wider than 0.05 em with a space character in it.
3. Logical order. In a line that is mostly right-to-left the runs are read from the right,
   then each stretch of Latin words is turned back, and each number; in a mostly
   left-to-right line each stretch of Arabic words is reversed instead, numbers inside it
   excepted. A mirrored
   "(" is drawn with the glyph of ")", so brackets are paired again afterwards.
"""

from __future__ import annotations

import functools
import itertools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "has_letters",
    "is_mostly_right_to_left",
    "logical_line",
    "neutral_line_right_to_left",
    "pair_brackets",
]

_SPACE_GAP_EM = 0.16
# A narrower gap holds a space only where PDFium reports one.
_SPACE_MIN_GAP_EM = 0.05
_SPACE_SLACK_EM = 0.1
# Glyphs further apart than this are not one run, even without a space between them.
_RUN_GAP_EM = 0.12


@dataclass
class _Run:
    text: str
    left: float
    right: float

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2


def logical_line(
    chars: Sequence[tuple[str, float, float]], size: float, *, right_to_left: bool | None = None
) -> str:
    """The text of a line from its characters in PDFium's order, as (char, left, right).

    White space separates words; its position, when it has one (not NaN), also says where a
    space goes between runs. The line reads right to left when most of its runs do, unless
    ``right_to_left`` says otherwise.
    """
    spaces = [(left + right) / 2 for char, left, right in chars if char.isspace() and left == left]
    runs = _runs(chars, size)
    if not runs:
        return ""
    runs.sort(key=lambda run: run.center)
    sequence = [runs[0]]
    slack = _SPACE_SLACK_EM * size
    for previous, run in itertools.pairwise(runs):
        gap = run.left - previous.right
        # A space PDFium reports in a narrow gap counts; one where glyphs touch does not.
        spaced = gap > _SPACE_GAP_EM * size or (
            gap > _SPACE_MIN_GAP_EM * size
            and any(previous.right - slack <= x <= run.left + slack for x in spaces)
        )
        if spaced:
            sequence.append(_Run(" ", previous.right, run.left))
        sequence.append(run)
    directions = [_run_direction(run) for run in sequence]
    if right_to_left is None:
        right_to_left = directions.count("R") > directions.count("L")
    classes = _resolved_directions(sequence, arabic_context=right_to_left)
    items = list(zip(sequence, classes, strict=True))
    if right_to_left:
        # Read from the right, then turn back Latin words (with the numbers that follow
        # them), then the remaining numbers, which count as right-to-left for the
        # punctuation around them (rules W7 and N1 of the bidi algorithm).
        items = _numbers_after_latin(items[::-1])
        items = _reverse_stretches(items, strong={"L"}, stop={"R", "N"})
        items = _reverse_stretches(items, strong={"N"}, stop={"R", "L", "O"})
        return pair_brackets("".join(run.text for run, _ in items), alternate=True)
    items = _reverse_stretches(items, strong={"R"}, stop={"L"}, numbers_inside=True)
    return "".join(run.text for run, _ in items)


def neutral_line_right_to_left(text: str) -> str:
    """A line of numbers and punctuation only, given in drawing order, read right to left.

    Such a line ("2023." alone at the end of an Arabic paragraph) has no letter to tell its
    direction: its paragraph does. PDFium gives it as drawn, ".2023".
    """
    chars = [(char, float(index), index + 1.0) for index, char in enumerate(text)]
    return logical_line(chars, 1.0, right_to_left=True)


def has_letters(text: str) -> bool:
    """Whether ``text`` has a letter with a direction of its own (Latin, Arabic...)."""
    return any(_direction(char) in ("R", "L") for char in text)


def is_mostly_right_to_left(text: str) -> bool:
    """Whether ``text`` has more right-to-left letters than left-to-right ones."""
    directions = [_direction(char) for char in text]
    return directions.count("R") > directions.count("L")


def _runs(chars: Sequence[tuple[str, float, float]], size: float) -> list[_Run]:
    groups: list[list[tuple[str, float, float]]] = []
    current: list[tuple[str, float, float]] = []
    current_direction = ""
    for char, left, right in chars:
        if char.isspace():
            if current:
                groups.append(current)
            current, current_direction = [], ""
            continue
        direction = _direction(char)
        if current:
            _, last_left, last_right = current[-1]
            apart = max(left - last_right, last_left - right) > _RUN_GAP_EM * size
            turns = direction in ("R", "L", "N") and current_direction not in ("", direction)
            # Digits inside Latin words (COVID-19) stay with them.
            turns = turns and {direction, current_direction} != {"L", "N"}
            if apart or turns:
                groups.append(current)
                current, current_direction = [], ""
        current.append((char, left, right))
        if direction in ("R", "L", "N") and not current_direction:
            current_direction = direction
    if current:
        groups.append(current)
    runs: list[_Run] = []
    for group in groups:
        runs.extend(_oriented(part) for part in _without_neutral_edges(group))
    return runs


def _without_neutral_edges(
    group: list[tuple[str, float, float]],
) -> list[list[tuple[str, float, float]]]:
    """A Latin word or number loses the punctuation at its ends, which takes its own place
    (in "عام 2023." the full stop is drawn left of the number, not after it)."""
    if any(_direction(char) == "R" for char, _, _ in group):
        return [group]
    strong = [index for index, (char, _, _) in enumerate(group) if _direction(char) in "LN"]
    if not strong:
        return [[char] for char in group]
    first, last = strong[0], strong[-1]
    return [
        *([char] for char in group[:first]),
        group[first : last + 1],
        *([char] for char in group[last + 1 :]),
    ]


def _oriented(group: list[tuple[str, float, float]]) -> _Run:
    """A run in logical order: PDFium's order, or its reverse, whichever reads right."""
    letters = [item for item in group if not _is_mark(item[0])] or group
    centers = [(left + right) / 2 for _, left, right in letters]
    rightwards = len(centers) > 1 and centers[-1] > centers[0]
    leftwards = len(centers) > 1 and centers[-1] < centers[0]
    is_rtl = any(_direction(char) == "R" for char, _, _ in group)
    if (is_rtl and rightwards) or (not is_rtl and leftwards):
        group = group[::-1]
    text = [char for char, _, _ in group]
    # A mark follows its letter in logical order.
    while text and _is_mark(text[0]) and any(not _is_mark(char) for char in text):
        base = next(index for index, char in enumerate(text) if not _is_mark(char))
        text.insert(base, text.pop(0))
    # Marks sit above or below their letter: they do not widen the run.
    return _Run(
        "".join(text),
        min(left for _, left, _ in letters),
        max(right for _, _, right in letters),
    )


@functools.lru_cache(maxsize=4096)
def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Me")


def _direction(text: str) -> str:
    """``R`` right-to-left, ``L`` left-to-right, ``N`` number, ``S`` number separator, ``O``."""
    return _char_direction(text[0]) if text else "O"


@functools.lru_cache(maxsize=4096)
def _char_direction(char: str) -> str:
    kind = unicodedata.bidirectional(char)
    if kind in ("R", "AL"):
        return "R"
    if kind == "L":
        return "L"
    if kind in ("EN", "AN"):
        return "N"
    if kind in ("CS", "ES", "ET"):
        return "S"
    return "O"


def _resolved_directions(sequence: list[_Run], *, arabic_context: bool) -> list[str]:
    """Directions of the runs, with number punctuation joined to its numbers, as rules W2, W4
    and W5 of the Unicode bidi algorithm do: a separator between two numbers joins them; a
    percent or currency sign joins a number, unless the number is in Arabic context (where
    "12%" is drawn "%12")."""
    classes = [_run_direction(run) for run in sequence]
    for index, run in enumerate(sequence):
        if classes[index] != "S":
            continue
        before = classes[index - 1] if index > 0 else ""
        after = classes[index + 1] if index + 1 < len(classes) else ""
        kind = unicodedata.bidirectional(run.text[0])
        joins_numbers = before == after == "N" and (kind == "CS" or not arabic_context)
        sign = kind == "ET" and "N" in (before, after) and not arabic_context
        if joins_numbers or sign:
            classes[index] = "N"
    return classes


def _numbers_after_latin(items: list[tuple[_Run, str]]) -> list[tuple[_Run, str]]:
    """Numbers whose closest letter before them (in logical order) is Latin count as Latin."""
    result = []
    last_strong = ""
    for run, direction in items:
        if direction in ("R", "L"):
            last_strong = direction
        elif direction == "N" and last_strong == "L":
            direction = "L"
        result.append((run, direction))
    return result


def _reverse_stretches(
    items: list[tuple[_Run, str]],
    *,
    strong: set[str],
    stop: set[str],
    numbers_inside: bool = False,
) -> list[tuple[_Run, str]]:
    """Reverse each longest stretch of (run, direction) that starts and ends with a
    ``strong`` direction and holds no ``stop`` one. With ``numbers_inside``, numbers inside a
    reversed stretch are turned back."""
    result: list[tuple[_Run, str]] = []
    index = 0
    while index < len(items):
        if items[index][1] not in strong:
            result.append(items[index])
            index += 1
            continue
        end = probe = index
        while probe + 1 < len(items) and items[probe + 1][1] not in stop:
            probe += 1
            if items[probe][1] in strong:
                end = probe
        stretch = items[index : end + 1][::-1]
        if numbers_inside:
            stretch = _reverse_stretches(stretch, strong={"N"}, stop={"R", "L", "O"})
        result.extend(stretch)
        index = end + 1
    return result


def _run_direction(run: _Run) -> str:
    """The direction of a run's first strong character; neutral runs by their first one."""
    for char in run.text:
        direction = _direction(char)
        if direction in ("R", "L", "N"):
            return direction
    return _direction(run.text)


def pair_brackets(text: str, *, alternate: bool = False) -> str:
    """Restore the brackets of right-to-left text.

    Right to left, "(" is drawn with a mirrored glyph. Depending on the font and the program
    that wrote the PDF, that glyph maps back to ")" while the real ")" maps to "(" (so
    "(مثل)" comes out ")مثل("), or both map to ")" (so "(IOM)" comes out ")IOM)"). Pairs
    found the wrong way round are turned round. With ``alternate`` (for one line), brackets
    all of one kind that come in pairs alternate again.
    """
    if not any(bracket in text for bracket in "()[]{}"):
        return text
    chars = list(text)
    for opening, closing in (("(", ")"), ("[", "]"), ("{", "}")):
        positions = [index for index, char in enumerate(chars) if char in (opening, closing)]
        stack: list[int] = []
        for index in positions:
            if stack and {chars[stack[-1]], chars[index]} == {opening, closing}:
                chars[stack.pop()], chars[index] = opening, closing
            else:
                stack.append(index)
        kinds = {chars[index] for index in positions}
        if alternate and len(kinds) == 1 and positions and len(positions) % 2 == 0:
            for number, index in enumerate(positions):
                chars[index] = opening if number % 2 == 0 else closing
    return "".join(chars)
