"""What the ingest worker and its parent say to each other over the child's stdout."""

from __future__ import annotations

import dataclasses
from typing import Any

from hiwar.analysis.ingest.extract import IngestResult
from hiwar.analysis.ingest.split import Passage

__all__ = ["EXIT_OUT_OF_MEMORY", "OUT_OF_MEMORY_LINE", "decode_result", "encode_result"]

#: The worker's exit status after a MemoryError.
EXIT_OUT_OF_MEMORY = 3
# Ready before memory runs out: writing it must not need to allocate much. The leading line
# break ends any line cut short by the failure.
OUT_OF_MEMORY_LINE = b'\n{"error": "too_much_memory", "detail": "MemoryError"}\n'


def encode_result(result: IngestResult) -> dict[str, Any]:
    """A JSON-ready form of ``result``."""
    return dataclasses.asdict(result)


def decode_result(data: dict[str, Any]) -> IngestResult:
    """The inverse of :func:`encode_result`."""
    return IngestResult(
        passages=[Passage(**passage) for passage in data["passages"]],
        page_count=data["page_count"],
        ocr_pages=data["ocr_pages"],
        language=data["language"],
        word_count=data["word_count"],
    )
