"""Draft generators: each reads other apps' data and returns a ``drafts.Draft``.

They never write: the publications services store what they return as ordered sections.
"""

from hiwar.publications.generators.background_note import draft_background_note
from hiwar.publications.generators.dialogue_summary import draft_dialogue_summary
from hiwar.publications.generators.outcome import draft_outcome_document
from hiwar.publications.generators.synthesis import draft_synthesis

__all__ = [
    "draft_background_note",
    "draft_dialogue_summary",
    "draft_outcome_document",
    "draft_synthesis",
]
