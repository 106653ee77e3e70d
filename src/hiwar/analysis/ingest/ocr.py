"""Reading scanned pages with the Tesseract command-line program.

Pages are rendered by PDFium to an 8-bit grayscale bitmap, written as a binary PGM (the
simplest image format Tesseract reads, so no imaging library is needed) and passed to
``tesseract`` in a subprocess with a time limit.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pypdfium2.raw as pdfium_raw

__all__ = [
    "OCR_DPI",
    "OCR_PAGE_TIMEOUT_SECONDS",
    "check_languages",
    "render_page_as_pgm",
    "run_tesseract",
    "tesseract_command",
]

# Tesseract read test scans best at 200 DPI: at 300 it lost a paragraph of an upscaled scan.
OCR_DPI = 200
#: The longest side of a rendered page is capped, whatever the page size says.
OCR_MAX_PIXELS_PER_SIDE = 5000
OCR_PAGE_TIMEOUT_SECONDS = 60
_LANGUAGES = re.compile(r"[a-z_]{3,}(?:\+[a-z_]{3,})*")


def check_languages(languages: str) -> None:
    """Raise ValueError unless ``languages`` reads like Tesseract's ``ara+eng+fra``."""
    if not _LANGUAGES.fullmatch(languages):
        raise ValueError(f"not a list of Tesseract languages: {languages!r}")


def tesseract_command() -> str | None:
    """The path of the ``tesseract`` program, or ``None`` when it is not installed."""
    return shutil.which("tesseract")


def render_page_as_pgm(page: Any) -> tuple[bytes, int]:
    """Render a :class:`pypdfium2.PdfPage` in 8-bit gray, as PGM bytes, and the DPI used.

    The DPI is :data:`OCR_DPI` unless the page is too large for it. The caller holds the
    PDFium lock.
    """
    width, height = page.get_size()
    scale = min(OCR_DPI / 72, OCR_MAX_PIXELS_PER_SIDE / max(width, height, 1.0))
    bitmap = page.render(
        scale=scale, grayscale=True, force_bitmap_format=pdfium_raw.FPDFBitmap_Gray
    )
    try:
        pixels = memoryview(bitmap.buffer).cast("B")
        rows = bitmap.width
        if bitmap.stride == rows:
            body = bytes(pixels[: rows * bitmap.height])
        else:
            body = b"".join(
                pixels[y * bitmap.stride : y * bitmap.stride + rows] for y in range(bitmap.height)
            )
        header = b"P5\n%d %d\n255\n" % (bitmap.width, bitmap.height)
        return header + body, round(scale * 72)
    finally:
        bitmap.close()


def run_tesseract(
    image: bytes, *, dpi: int, languages: str, timeout: float = OCR_PAGE_TIMEOUT_SECONDS
) -> str | None:
    """The text Tesseract reads in a PGM image, or ``None`` when it fails or times out."""
    command = tesseract_command()
    check_languages(languages)
    if command is None:
        return None
    # One thread per process: several pages may be read at once by different workers.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory(prefix="hiwar-ocr-") as directory:
        path = Path(directory) / "page.pgm"
        path.write_bytes(image)
        try:
            completed = subprocess.run(  # noqa: S603 - fixed program, checked arguments
                [command, str(path), "stdout", "-l", languages, "--psm", "3", "--dpi", str(dpi)],
                capture_output=True,
                timeout=timeout,
                env=env,
                check=False,
            )
        except (subprocess.TimeoutExpired, OSError):
            return None
    if completed.returncode != 0:
        return None
    return completed.stdout.decode("utf-8", errors="replace")
