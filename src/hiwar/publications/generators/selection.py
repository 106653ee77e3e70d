"""Choosing passages to quote: representative (close to the centre of what was reported),
non-redundant (maximal marginal relevance over the passage embeddings) and spread over
countries (a country gets a second passage only when every country has one)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hiwar.analysis.engine.embedder import DIMENSIONS

#: Weight of relevance against redundancy in maximal marginal relevance.
MMR_LAMBDA = 0.7
#: Larger than any relevance difference: a country already quoted waits for the others.
COUNTRY_PENALTY = 10.0


@dataclass(frozen=True)
class Candidate:
    passage_id: int
    country_id: int
    confirmed: bool
    score: float
    position: int  # index of the passage's row in the embedding matrix


def vector(blob: bytes | memoryview | None) -> np.ndarray:
    """A stored float16 embedding as float32; zeros when the passage has none."""
    if not blob:
        return np.zeros(DIMENSIONS, dtype=np.float32)
    return np.frombuffer(bytes(blob), dtype=np.float16).astype(np.float32)


def select_passages(
    candidates: list[Candidate], embeddings: np.ndarray, *, limit: int
) -> list[Candidate]:
    """Up to ``limit`` candidates: confirmed tags first, then by a relevance mixing the tag's
    score and closeness to the group's centroid, each pick penalized by its similarity to the
    picks already made and by its country having been picked already."""
    if not candidates or limit <= 0:
        return []
    rows = embeddings[[c.position for c in candidates]]
    centroid = rows.mean(axis=0)
    norm = float(np.linalg.norm(centroid))
    centrality = rows @ (centroid / norm) if norm > 0 else np.zeros(len(candidates))
    relevance = np.array(
        [
            (1.0 if c.confirmed else 0.0) + 0.6 * float(centrality[i]) + 0.4 * c.score
            for i, c in enumerate(candidates)
        ]
    )
    redundancy = np.zeros(len(candidates))
    penalty = np.zeros(len(candidates))
    taken = np.zeros(len(candidates), dtype=bool)
    countries = np.array([c.country_id for c in candidates])
    chosen: list[Candidate] = []
    for _ in range(min(limit, len(candidates))):
        value = MMR_LAMBDA * relevance - (1 - MMR_LAMBDA) * redundancy - penalty
        value[taken] = -np.inf
        best = int(np.argmax(value))
        taken[best] = True
        chosen.append(candidates[best])
        redundancy = np.maximum(redundancy, rows @ rows[best])
        # Countries with fewer picks always come first: a round-robin over countries.
        penalty[countries == countries[best]] += COUNTRY_PENALTY
    # Confirmed tags first; within each, the order of choice (most representative first).
    return sorted(chosen, key=lambda c: not c.confirmed)
