"""Document ingestion: from an uploaded report (PDF, DOCX, text, Markdown, HTML) or the
sections of a report written on the platform to passages in Arabic, English or French.

Pure Python, no database: callers store the passages. Uploads should go through
:func:`ingest_file_limited`, which runs the parsers in a child process with limits on time
and memory; :func:`ingest_bytes` runs in the calling process.
"""

from hiwar.analysis.ingest.errors import ERROR_CODES, IngestError
from hiwar.analysis.ingest.extract import (
    EXTENSIONS,
    MAX_INPUT_BYTES,
    IngestResult,
    ingest_bytes,
    ingest_markdown_sections,
)
from hiwar.analysis.ingest.language import LANGUAGES, detect_language
from hiwar.analysis.ingest.sandbox import ingest_file_limited
from hiwar.analysis.ingest.split import (
    MAX_WORDS,
    MIN_WORDS,
    Block,
    BlockKind,
    Passage,
    split_passages,
)
from hiwar.analysis.ingest.text import normalize_text

__all__ = [
    "ERROR_CODES",
    "EXTENSIONS",
    "LANGUAGES",
    "MAX_INPUT_BYTES",
    "MAX_WORDS",
    "MIN_WORDS",
    "Block",
    "BlockKind",
    "IngestError",
    "IngestResult",
    "Passage",
    "detect_language",
    "ingest_bytes",
    "ingest_file_limited",
    "ingest_markdown_sections",
    "normalize_text",
    "split_passages",
]
