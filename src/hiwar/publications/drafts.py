"""The shapes that travel between the draft generators, the stored publications and the renderers.

Generators (``generators/``) return a ``Draft``; the publications services store it as ordered
sections; the renderers (``render/``) take a ``RenderDocument`` built from stored sections.
Section bodies are Markdown with the markers of ``citations.py``.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DraftSection:
    key: str  # stable within a document, e.g. "objective-6" or "session-2-points"
    heading: str
    body: str  # Markdown with [[cite:N]] and [[quote:xx]]...[[/quote]] markers
    level: int = 1  # heading level 1-3, for the table of contents and Word headings
    group: str = ""  # outcome document: the cluster or theme a key message belongs to
    attribution: str = ""  # outcome document: who voiced the message


@dataclass
class Draft:
    kind: str  # "synthesis", "background_note", "outcome", "dialogue_summary"
    language: str  # "ar", "en" or "fr": the language of the surrounding text
    title: str
    sections: list[DraftSection] = field(default_factory=list)
    subtitle: str = ""


@dataclass(frozen=True)
class CitedPassage:
    """What a note says about one cited analysis passage."""

    passage_id: int
    country: str  # country name (or organization, for a stakeholder input) in the doc language
    source_title: str
    page: int | None
    url: str  # absolute path of the passage's page on the platform
    language: str  # the passage's own language


@dataclass(frozen=True)
class RenderSection:
    heading: str
    body: str  # Markdown with markers
    level: int = 1
    language: str = ""  # set when the section is shown in another language than the document
    label: str = ""  # e.g. "Machine translation" or "Translation missing: shown in English"


@dataclass
class RenderDocument:
    title: str
    language: str
    sections: list[RenderSection]
    citations: dict[int, CitedPassage] = field(default_factory=dict)
    subtitle: str = ""
    status_label: str = ""  # e.g. "Draft": printed on the cover and in the page margins
    available_languages: list[str] = field(default_factory=list)
    date_label: str = ""
