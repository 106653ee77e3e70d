"""The shared tagger: loads the trained model once per process and tags passages with it.

The model trained on the GCM text and our labelled passages ships in the package
(``analysis/data/tagger.npz``, rebuilt by ``hiwar retrain_tagger --base``). A model retrained
with the rapporteurs' confirmed tags (``hiwar retrain_tagger``) is written to the var
directory and takes precedence.
"""

from __future__ import annotations

import threading
from pathlib import Path

from django.conf import settings

from hiwar.analysis.engine.model import TaggerModel

__all__ = ["PACKAGED_MODEL", "get_tagger", "local_model_path", "reset_tagger"]

PACKAGED_MODEL = Path(__file__).resolve().parents[1] / "data" / "tagger.npz"
_lock = threading.Lock()
_tagger: TaggerModel | None = None


def local_model_path() -> Path:
    return Path(settings.VAR_DIR) / "analysis" / "tagger.npz"


def get_tagger() -> TaggerModel:
    global _tagger
    with _lock:
        if _tagger is None:
            local = local_model_path()
            _tagger = TaggerModel.load(local if local.exists() else PACKAGED_MODEL)
        return _tagger


def reset_tagger() -> None:
    """Forget the loaded model (after a retrain)."""
    global _tagger
    with _lock:
        _tagger = None
