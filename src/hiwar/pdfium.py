"""One lock for every call into PDFium in this process (upload checks and text extraction).

PDFium is not thread-safe: no two threads may call into it at once, even for different
documents, so the upload checks and the ingest code must share the same lock.
"""

import threading

PDFIUM_LOCK = threading.Lock()
