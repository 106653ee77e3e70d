"""Ingest an uploaded file in a child process with limits on time and memory.

PDFium, python-docx, lxml and Tesseract all parse untrusted files. A file crafted to make
one of them loop or allocate without end must cost one child process, not the web or task
worker. The child (:mod:`hiwar.analysis.ingest.worker`) caps its own address space and CPU
time before it reads the request; the parent enforces a wall-clock limit and kills the whole
process group (Tesseract included) when it passes.

The limits are set by the child itself, first thing, rather than in a ``preexec_fn``: Python
code between fork and exec can deadlock when the parent has threads, as web and task workers
do. How endings map to error codes: the wall-clock limit or the CPU limit (SIGXCPU) gives
``"timeout"``; a MemoryError in the child, or its death by a signal that failed allocations
cause under an address-space limit (SIGKILL, SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGTRAP), gives
``"too_much_memory"``. Any other failure of the child is a bug and raises RuntimeError.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import hiwar
from hiwar.analysis.ingest.errors import ERROR_CODES, IngestError
from hiwar.analysis.ingest.extract import MAX_INPUT_BYTES, IngestResult
from hiwar.analysis.ingest.protocol import EXIT_OUT_OF_MEMORY, decode_result

__all__ = ["ingest_file_limited"]

_CRASH_SIGNALS = frozenset(
    {signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS, signal.SIGILL, signal.SIGTRAP}
)
_STDERR_KEEP = 64 * 1024
_READ_SIZE = 64 * 1024

Progress = Callable[[str, float], None]


def ingest_file_limited(
    path: str | Path,
    filename: str,
    *,
    max_seconds: float = 120,
    max_memory_mb: int = 1024,
    max_pages: int = 1500,
    ocr: bool = True,
    progress: Progress | None = None,
) -> IngestResult:
    """Ingest the file at ``path`` like :func:`ingest_bytes`, in a limited child process.

    ``filename`` (the name the uploader gave) chooses the reader. ``progress`` is called in
    this thread as the child reports. The whole run, start-up included, must end within
    ``max_seconds`` of wall-clock time; the child may use ``max_memory_mb`` of address space.

    Raises:
        IngestError: The document cannot be ingested, or it broke a limit (``"timeout"``,
            ``"too_much_memory"``, ``"too_large"``).
        RuntimeError: The child failed in a way no document should cause.
    """
    path = Path(path)
    if path.stat().st_size > MAX_INPUT_BYTES:
        raise IngestError("too_large", f"{path.stat().st_size} bytes")
    request = json.dumps(
        {
            "path": str(path.resolve()),
            "filename": filename,
            "max_pages": max_pages,
            "ocr": ocr,
            "ocr_languages": "ara+eng+fra",
        }
    ).encode("utf-8")
    command = [
        sys.executable,
        "-m",
        "hiwar.analysis.ingest.worker",
        "--max-memory-mb",
        str(max_memory_mb),
        "--max-cpu-seconds",
        str(max(1, math.ceil(max_seconds))),
    ]
    deadline = time.monotonic() + max_seconds
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_child_environment(),
        start_new_session=True,  # its own process group, killed as a whole
    )
    try:
        _send(process, request)
        messages, stderr, timed_out = _collect(process, deadline, progress)
    finally:
        # Also ends any Tesseract the child left behind. The child is not reaped yet, so its
        # process group id cannot have been reused.
        _kill_group(process)
        process.wait()
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    if timed_out:
        raise IngestError("timeout", f"over {max_seconds} s")
    return _outcome(messages, process.returncode, stderr)


def _child_environment() -> dict[str, str]:
    """This environment, with the directory holding the ``hiwar`` package importable."""
    source = str(Path(hiwar.__file__).resolve().parent.parent)
    paths = [source, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(dict.fromkeys(paths))}


def _send(process: subprocess.Popen[bytes], request: bytes) -> None:
    stdin = process.stdin
    assert stdin is not None
    try:
        stdin.write(request)
        stdin.close()
    except BrokenPipeError:
        pass  # the child died at start-up; its exit status tells why


def _collect(
    process: subprocess.Popen[bytes], deadline: float, progress: Progress | None
) -> tuple[list[dict[str, Any]], bytes, bool]:
    """Read the child's messages until it closes its pipes or the deadline passes."""
    assert process.stdout is not None and process.stderr is not None
    messages: list[dict[str, Any]] = []
    pending = b""
    stderr = b""
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        selector.register(process.stderr, selectors.EVENT_READ)
        while selector.get_map():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return messages, stderr, True
            for key, _ in selector.select(timeout=remaining):
                chunk = os.read(key.fd, _READ_SIZE)
                if not chunk:
                    selector.unregister(key.fileobj)
                    continue
                if key.fd == process.stdout.fileno():
                    pending += chunk
                    *lines, pending = pending.split(b"\n")
                    for line in lines:
                        _take(line, messages, progress)
                else:
                    stderr = (stderr + chunk)[-_STDERR_KEEP:]
    _take(pending, messages, progress)
    return messages, stderr, not _wait_without_reaping(process, deadline)


def _wait_without_reaping(process: subprocess.Popen[bytes], deadline: float) -> bool:
    """Wait for the child to exit, leaving it a zombie; ``False`` if the deadline passes."""
    if not hasattr(os, "waitid"):  # macOS: reap it; its group is killed at once after
        try:
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            return False
        return True
    while os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT | os.WNOHANG) is None:
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.005)
    return True


def _take(line: bytes, messages: list[dict[str, Any]], progress: Progress | None) -> None:
    if not line.strip():
        return
    try:
        message = json.loads(line)
    except ValueError:
        return  # a line cut short by a crash
    if not isinstance(message, dict):
        return
    if "progress" in message:
        stage, fraction = message["progress"]
        if progress is not None:
            progress(str(stage), float(fraction))
    else:
        messages.append(message)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def _outcome(messages: list[dict[str, Any]], returncode: int, stderr: bytes) -> IngestResult:
    final = messages[-1] if messages else {}
    if "result" in final:
        return decode_result(final["result"])
    if final.get("error") in ERROR_CODES:
        raise IngestError(str(final["error"]), str(final.get("detail", "")))
    if returncode == -signal.SIGXCPU:
        raise IngestError("timeout", "CPU time limit")
    if returncode == EXIT_OUT_OF_MEMORY or b"MemoryError" in stderr:
        raise IngestError("too_much_memory", "MemoryError")
    if returncode < 0 and -returncode in _CRASH_SIGNALS:
        raise IngestError("too_much_memory", f"killed by {signal.Signals(-returncode).name}")
    tail = stderr.decode("utf-8", errors="replace")[-2000:]
    raise RuntimeError(f"ingest worker failed with exit status {returncode}: {tail}")
