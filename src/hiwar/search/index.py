"""Keeping the search index in step with what is published.

``refresh_search_index`` reads every source (``hiwar.search.sources``), writes the entries whose
content changed (compared by a content hash), deletes the entries of whatever is no longer
published, and bumps the index version so that every process reloads its embedding matrix. It is
idempotent: run twice, the second run changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hiwar.search import normalize
from hiwar.search.models import SearchDocument, SearchIndexState
from hiwar.search.sources import SOURCES, Entry

__all__ = ["RefreshResult", "bump_index_version", "document_from_entry", "refresh_search_index"]

EMBED_BATCH = 64


@dataclass(frozen=True)
class RefreshResult:
    created: int
    updated: int
    deleted: int
    unchanged: int

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def content_hash(entry: Entry) -> str:
    data = {
        name: value
        for name, value in vars(entry).items()
        if name not in ("embedding", "key") and value is not None
    }
    payload = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    digest = hashlib.sha256(payload.encode())
    digest.update(hashlib.sha256(entry.embedding or b"").digest())
    return digest.hexdigest()


def language_neutral(url: str) -> str:
    """The URL without its language prefix: an entry is indexed once, read in any language."""
    for code, _name in settings.LANGUAGES:
        if url.startswith(f"/{code}/"):
            return url[len(code) + 1 :]
    return url


def document_from_entry(entry: Entry, *, embedding: bytes | None, digest: str) -> SearchDocument:
    date = entry.source_date
    return SearchDocument(
        key=entry.key,
        kind=entry.kind,
        object_id=entry.object_id,
        gate_kind=entry.gate_kind,
        gate_id=entry.gate_id,
        url=language_neutral(entry.url)[:300],
        title=entry.title[:300],
        body=entry.body,
        language=entry.language[:5],
        source_date=date,
        year=date.year if date else None,
        country_id=entry.country_id,
        organization_name=entry.organization_name[:200],
        objectives=f" {' '.join(str(n) for n in entry.objectives)} " if entry.objectives else "",
        title_norm=normalize.index_text(entry.title),
        body_norm=normalize.index_text(entry.body),
        title_key=normalize.title_key(entry.title),
        embedding=embedding,
        content_hash=digest,
    )


def _embeddings(entries: list[Entry]) -> list[bytes | None]:
    """The entries' own embeddings, or new ones (title and text) for those without."""
    from hiwar.analysis.engine.embedder import embed

    result: list[bytes | None] = [entry.embedding for entry in entries]
    missing = [n for n, entry in enumerate(entries) if entry.embedding is None]
    for start in range(0, len(missing), EMBED_BATCH):
        batch = missing[start : start + EMBED_BATCH]
        texts = [f"{entries[n].title}. {entries[n].body}" for n in batch]
        vectors = embed(texts).astype(np.float16)
        for n, vector in zip(batch, vectors, strict=True):
            result[n] = vector.tobytes()
    return result


def bump_index_version() -> None:
    SearchIndexState.objects.update_or_create(
        pk=1, defaults={"etag": uuid.uuid4().hex, "refreshed_at": timezone.now()}
    )


def _collect(sources: Iterable[Entry]) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for entry in sources:
        entries.setdefault(entry.key, entry)
    return entries


def refresh_search_index() -> RefreshResult:
    """Bring the index in line with what is published now."""
    entries = _collect(entry for source in SOURCES for entry in source())
    existing = dict(SearchDocument.objects.values_list("key", "content_hash"))
    digests = {key: content_hash(entry) for key, entry in entries.items()}
    changed = [entry for key, entry in entries.items() if existing.get(key) != digests[key]]
    gone = [key for key in existing if key not in entries]
    embeddings = _embeddings(changed)  # before the transaction: embedding takes time
    with transaction.atomic():
        stale = [entry.key for entry in changed if entry.key in existing] + gone
        for start in range(0, len(stale), 500):
            SearchDocument.objects.filter(key__in=stale[start : start + 500]).delete()
        SearchDocument.objects.bulk_create(
            [
                document_from_entry(entry, embedding=embedding, digest=digests[entry.key])
                for entry, embedding in zip(changed, embeddings, strict=True)
            ],
            batch_size=500,
        )
        result = RefreshResult(
            created=sum(1 for entry in changed if entry.key not in existing),
            updated=sum(1 for entry in changed if entry.key in existing),
            deleted=len(gone),
            unchanged=len(entries) - len(changed),
        )
        if result.changed:
            bump_index_version()
    return result
