"""The GCM texts the tagger learns from and cites: titles, commitments, actions and principles."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["OBJECTIVES", "PRINCIPLES", "ReferenceText", "action_texts", "reference_texts"]

FRAMEWORK_DATA = Path(__file__).resolve().parents[2] / "framework" / "data"
OBJECTIVES = tuple(range(1, 24))
#: Guiding principles by letter, in the order of paragraph 15 of the Compact (numbered 1-10).
PRINCIPLES = tuple("abcdefghij")


@dataclass(frozen=True)
class ReferenceText:
    kind: str  # "title", "commitment", "action", "principle"
    objective: int | None
    principle: str | None
    letter: str
    language: str
    text: str


@cache
def reference_texts() -> tuple[ReferenceText, ...]:
    """Every non-empty GCM text in every language we hold (official or working translation)."""
    gcm = json.loads((FRAMEWORK_DATA / "gcm.json").read_text(encoding="utf-8"))
    working = json.loads((FRAMEWORK_DATA / "working_translations.json").read_text(encoding="utf-8"))
    titles = {o["number"]: o["title"] for o in working["objectives"]}
    names = {p["letter"]: p["name"] for p in working["guiding_principles"]}
    out: list[ReferenceText] = []
    for objective in gcm["objectives"]:
        number = int(objective["number"])
        for language, text in {**titles.get(number, {}), **objective["title"]}.items():
            out.append(ReferenceText("title", number, None, "", language, text))
        for language, text in objective["commitment"].items():
            out.append(ReferenceText("commitment", number, None, "", language, text))
        for action in objective["actions"]:
            for language, text in action["text"].items():
                out.append(ReferenceText("action", number, None, action["letter"], language, text))
    for principle in gcm["guiding_principles"]:
        letter = principle["letter"]
        for field in (principle["name"], names.get(letter, {}), principle["text"]):
            for language, text in field.items():
                out.append(ReferenceText("principle", None, letter, letter, language, text))
    return tuple(r for r in out if r.text and r.text.strip())


def action_texts() -> tuple[ReferenceText, ...]:
    """The 187 actions, in English and French: the evidence a tag cites."""
    return tuple(r for r in reference_texts() if r.kind == "action")
