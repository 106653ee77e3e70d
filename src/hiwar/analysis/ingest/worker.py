"""The child process of :func:`hiwar.analysis.ingest.ingest_file_limited`.

Run as ``python -m hiwar.analysis.ingest.worker --max-memory-mb N --max-cpu-seconds S``. It
limits its own address space and CPU time first, then reads one JSON request on stdin::

    {"path": ..., "filename": ..., "max_pages": ..., "ocr": ..., "ocr_languages": ...}

and writes JSON lines on stdout: ``{"progress": [stage, fraction]}`` any number of times, then
one ``{"result": {...}}`` or ``{"error": code, "detail": ...}``. It needs no Django settings:
only error codes cross the pipe; the parent turns them into translated messages.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
from pathlib import Path
from typing import Any

from hiwar.analysis.ingest.errors import IngestError
from hiwar.analysis.ingest.extract import ingest_bytes
from hiwar.analysis.ingest.protocol import EXIT_OUT_OF_MEMORY, OUT_OF_MEMORY_LINE, encode_result

__all__ = ["main"]


def _emit(message: dict[str, Any]) -> None:
    sys.stdout.buffer.write(json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n")
    sys.stdout.buffer.flush()


def _limit(kind: int, soft: int, hard: int) -> None:
    """Set a resource limit, never above the hard limit already in force."""
    _, current = resource.getrlimit(kind)
    if current != resource.RLIM_INFINITY:
        soft, hard = min(soft, current), min(hard, current)
    resource.setrlimit(kind, (soft, hard))


def _run(request: dict[str, Any]) -> None:
    """Ingest the requested file and write the outcome; locals die with this frame."""
    data = Path(request["path"]).read_bytes()
    result = ingest_bytes(
        data,
        request["filename"],
        max_pages=int(request["max_pages"]),
        ocr=bool(request["ocr"]),
        ocr_languages=str(request["ocr_languages"]),
        progress=lambda stage, fraction: _emit({"progress": [stage, round(fraction, 4)]}),
    )
    del data
    _emit({"result": encode_result(result)})


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m hiwar.analysis.ingest.worker")
    parser.add_argument("--max-memory-mb", type=int, required=True)
    parser.add_argument("--max-cpu-seconds", type=int, required=True)
    arguments = parser.parse_args(argv)
    memory = arguments.max_memory_mb * 1024 * 1024
    _limit(resource.RLIMIT_AS, memory, memory)
    # SIGXCPU at the soft limit, SIGKILL two seconds of CPU later.
    seconds = arguments.max_cpu_seconds
    _limit(resource.RLIMIT_CPU, seconds, seconds + 2)

    request = json.loads(sys.stdin.buffer.read())
    try:
        _run(request)
    except IngestError as error:
        _emit({"error": error.code, "detail": error.detail})
    except MemoryError:
        os.write(sys.stdout.fileno(), OUT_OF_MEMORY_LINE)
        return EXIT_OUT_OF_MEMORY
    return 0


if __name__ == "__main__":
    sys.exit(main())
