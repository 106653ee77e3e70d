"""Small linear models in numpy: one-vs-rest and softmax logistic regression.

A few thousand examples of a few hundred features train in well under a second with full-batch
Adam, so there is no need for scikit-learn and its compiled dependencies.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["fit_logistic", "fit_softmax", "sigmoid", "softmax"]


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _adam(
    grad_fn: Callable[[], list[np.ndarray]], params: list[np.ndarray], *, steps: int, rate: float
) -> None:
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for t in range(1, steps + 1):
        for i, g in enumerate(grad_fn()):
            m[i] = 0.9 * m[i] + 0.1 * g
            v[i] = 0.999 * v[i] + 0.001 * g * g
            params[i] -= rate * (m[i] / (1 - 0.9**t)) / (np.sqrt(v[i] / (1 - 0.999**t)) + 1e-8)


def fit_logistic(
    x: np.ndarray,
    y: np.ndarray,
    *,
    weights: np.ndarray | None = None,
    l2: float = 1e-3,
    positive_weight: float = 1.0,
    steps: int = 400,
    rate: float = 0.05,
) -> tuple[np.ndarray, np.ndarray]:
    """Independent binary logistic regressions, one per column of ``y`` (multi-label)."""
    n, d = x.shape
    k = y.shape[1]
    w = np.zeros((d, k), dtype=np.float64)
    b = np.zeros(k, dtype=np.float64)
    sample = np.ones(n) if weights is None else weights.astype(np.float64)
    scale = sample[:, None] * np.where(y > 0, positive_weight, 1.0)
    total = scale.sum(axis=0)

    def grad() -> list[np.ndarray]:
        error = (sigmoid(x @ w + b) - y) * scale / total
        return [x.T @ error + l2 * w, error.sum(axis=0)]

    _adam(grad, [w, b], steps=steps, rate=rate)
    return w.astype(np.float32), b.astype(np.float32)


def fit_softmax(
    x: np.ndarray,
    labels: np.ndarray,
    classes: int,
    *,
    l2: float = 1e-3,
    steps: int = 400,
    rate: float = 0.05,
) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression for a single label per example."""
    n, d = x.shape
    onehot = np.eye(classes)[labels]
    w = np.zeros((d, classes), dtype=np.float64)
    b = np.zeros(classes, dtype=np.float64)

    def grad() -> list[np.ndarray]:
        error = (softmax(x @ w + b) - onehot) / n
        return [x.T @ error + l2 * w, error.sum(axis=0)]

    _adam(grad, [w, b], steps=steps, rate=rate)
    return w.astype(np.float32), b.astype(np.float32)
