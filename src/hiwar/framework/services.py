"""Writes to the framework: loading the reference data and importing official translations.

Both are idempotent and atomic: a second run changes nothing, and a file with one bad entry
writes nothing at all.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from hiwar.framework.models import (
    Action,
    Cluster,
    Country,
    GuidingPrinciple,
    Objective,
    ReferenceText,
    Region,
    SdgTarget,
    StakeholderCategory,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
ARAB_REGION_CODE = "arab-states"
ARAB_REGION_NAME = {
    "en": "Arab region (League of Arab States)",
    "fr": "Région arabe (Ligue des États arabes)",
    "ar": "المنطقة العربية (جامعة الدول العربية)",
}


class FrameworkDataError(ValueError):
    """A framework data or translation file is malformed; nothing was written."""


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, *, created: bool, changed: bool) -> None:
        if created:
            self.created[kind] = self.created.get(kind, 0) + 1
        elif changed:
            self.updated[kind] = self.updated.get(kind, 0) + 1


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FrameworkDataError(f"{path.name}: cannot read JSON ({error})") from error
    if not isinstance(data, dict):
        raise FrameworkDataError(f"{path.name}: the top level must be an object")
    return data


def _apply_texts(
    obj: ReferenceText,
    field_name: str,
    texts: dict[str, str | None],
    *,
    official: set[str],
) -> bool:
    """Set `field_name_<lang>` from `texts`; never overwrite a text imported as official
    with a working one. Returns whether anything changed."""
    changed = False
    for language in LANGUAGES:
        if language not in texts:
            continue
        if obj.is_official(language) and language not in official:
            continue
        value = texts[language] or ""
        attribute = f"{field_name}_{language}"
        if getattr(obj, attribute) != value:
            setattr(obj, attribute, value)
            changed = True
    return changed


def _apply_provenance(obj: ReferenceText, *, official: set[str], sources: dict[str, str]) -> bool:
    languages = sorted(set(obj.official_languages) | official)
    merged_sources = {**obj.sources, **{k: v for k, v in sources.items() if v}}
    changed = languages != obj.official_languages or merged_sources != obj.sources
    obj.official_languages = languages
    obj.sources = merged_sources
    return changed


def _upsert(
    model: Any,
    lookup: dict[str, Any],
    *,
    texts: dict[str, dict[str, str | None]],
    official: set[str],
    sources: dict[str, str],
    defaults: dict[str, Any] | None = None,
    report: LoadReport,
) -> Any:
    obj = model.objects.filter(**lookup).first()
    created = obj is None
    if obj is None:
        obj = model(**lookup)
    changed = False
    for name, value in (defaults or {}).items():
        if getattr(obj, name, None) != value:
            setattr(obj, name, value)
            changed = True
    for field_name, values in texts.items():
        changed |= _apply_texts(obj, field_name, values, official=official)
    changed |= _apply_provenance(obj, official=official, sources=sources)
    if created or changed:
        obj.save()
    report.count(model.__name__, created=created, changed=changed)
    return obj


@transaction.atomic
def load_framework(*, data_dir: Path = DATA_DIR) -> LoadReport:
    """Load objectives, actions, principles, clusters, categories, SDG targets and countries.

    English texts are official (A/RES/73/195); French and Arabic ones are working translations
    until `import_official_translation` replaces them.
    """
    gcm = _read_json(data_dir / "gcm.json")
    working = _read_json(data_dir / "working_translations.json")
    countries = _read_json(data_dir / "countries.json")
    report = LoadReport()
    english = {"en"}

    working_titles = {item["number"]: item["title"] for item in working["objectives"]}
    working_names = {item["letter"]: item["name"] for item in working["guiding_principles"]}
    working_clusters = {item["code"]: item["title"] for item in working["clusters"]}

    clusters = {}
    for item in gcm["clusters"]:
        clusters[item["code"]] = _upsert(
            Cluster,
            {"code": item["code"]},
            texts={"title": working_clusters[item["code"]]},
            official=english,
            sources={},
            defaults={"number": item["number"]},
            report=report,
        )
    for item in gcm["objectives"]:
        objective = _upsert(
            Objective,
            {"number": item["number"]},
            texts={
                "title": {**working_titles.get(item["number"], {}), **item["title"]},
                "commitment": item["commitment"],
            },
            official=english,
            sources=item.get("sources", {}),
            defaults={"paragraph": item["paragraph"], "cluster": clusters[item["cluster"]]},
            report=report,
        )
        for action in item["actions"]:
            _upsert(
                Action,
                {"objective": objective, "letter": action["letter"]},
                texts={"text": action["text"]},
                official=english,
                sources={},
                report=report,
            )
    for item in gcm["guiding_principles"]:
        _upsert(
            GuidingPrinciple,
            {"letter": item["letter"]},
            texts={
                "name": {**working_names.get(item["letter"], {}), **item["name"]},
                "text": item["text"],
            },
            official=english,
            sources=item.get("sources", {}),
            report=report,
        )
    for position, item in enumerate(working["stakeholder_categories"], start=1):
        _upsert(
            StakeholderCategory,
            {"code": item["code"]},
            texts={"name": item["name"]},
            official=english,
            sources={"en": "A/RES/73/195, paragraph 44"},
            defaults={"position": position},
            report=report,
        )
    for item in gcm["sdg_targets"]:
        _upsert(
            SdgTarget,
            {"code": item["code"]},
            texts={"text": item["text"]},
            official=english,
            sources=item.get("sources", {}),
            report=report,
        )
    _load_countries(countries["countries"], report=report)
    return report


def _load_countries(rows: list[dict[str, Any]], *, report: LoadReport) -> None:
    existing = {country.iso2: country for country in Country.objects.all()}
    arab_members = []
    for row in rows:
        values = {
            "iso3": row["iso3"],
            "numeric": row["numeric"],
            **{f"name_{lang}": row["name"][lang] for lang in LANGUAGES},
        }
        country = existing.get(row["iso2"])
        created = country is None
        changed = False
        if country is None:
            country = Country(iso2=row["iso2"], **values)
            country.save()
        else:
            changed = any(getattr(country, k) != v for k, v in values.items())
            if changed:
                for key, value in values.items():
                    setattr(country, key, value)
                country.save()
        report.count("Country", created=created, changed=changed)
        if row.get("league_of_arab_states"):
            arab_members.append(country)

    region, created = Region.objects.get_or_create(
        code=ARAB_REGION_CODE, defaults={f"name_{k}": v for k, v in ARAB_REGION_NAME.items()}
    )
    before = set(region.countries.values_list("pk", flat=True))
    region.countries.set(arab_members)
    report.count("Region", created=created, changed=before != {c.pk for c in arab_members})


# Official translation import -----------------------------------------------------------------


def _require(mapping: dict[str, Any], key: str, where: str) -> Any:
    if key not in mapping:
        raise FrameworkDataError(f"{where}: missing '{key}'")
    return mapping[key]


def _check_text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FrameworkDataError(f"{where}: expected a non-empty text")
    return value.strip()


@transaction.atomic
def import_official_translation(*, path: Path) -> LoadReport:
    """Import an official translation file for one language and mark those texts official.

    The file holds `language`, `source`, and any of `objectives` (number, title, commitment,
    actions {letter: text}), `guiding_principles` (letter, name, text), `clusters` (code, title),
    `stakeholder_categories` (code, name). Every entry is checked before anything is written.
    """
    data = _read_json(path)
    language = _require(data, "language", path.name)
    if language not in LANGUAGES:
        raise FrameworkDataError(f"{path.name}: unknown language '{language}'")
    source = _check_text(_require(data, "source", path.name), f"{path.name}: source")
    official = {language}
    sources = {language: source}
    report = LoadReport()

    def one(model: Any, lookup: dict[str, Any], where: str) -> Any:
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            raise FrameworkDataError(f"{where}: no such {model._meta.verbose_name}")
        return obj

    plan: list[tuple[ReferenceText, dict[str, dict[str, str | None]]]] = []
    for index, item in enumerate(data.get("objectives", [])):
        where = f"objectives[{index}]"
        objective = one(Objective, {"number": _require(item, "number", where)}, where)
        texts: dict[str, dict[str, str | None]] = {
            "title": {language: _check_text(_require(item, "title", where), f"{where}.title")}
        }
        if "commitment" in item:
            texts["commitment"] = {language: _check_text(item["commitment"], f"{where}.commitment")}
        plan.append((objective, texts))
        for letter, text in item.get("actions", {}).items():
            action = one(Action, {"objective": objective, "letter": letter}, f"{where}.{letter}")
            plan.append((action, {"text": {language: _check_text(text, f"{where}.{letter}")}}))
    for index, item in enumerate(data.get("guiding_principles", [])):
        where = f"guiding_principles[{index}]"
        principle = one(GuidingPrinciple, {"letter": _require(item, "letter", where)}, where)
        texts = {"name": {language: _check_text(_require(item, "name", where), where)}}
        if "text" in item:
            texts["text"] = {language: _check_text(item["text"], f"{where}.text")}
        plan.append((principle, texts))
    for index, item in enumerate(data.get("clusters", [])):
        where = f"clusters[{index}]"
        cluster = one(Cluster, {"code": _require(item, "code", where)}, where)
        plan.append((cluster, {"title": {language: _check_text(item.get("title"), where)}}))
    for index, item in enumerate(data.get("stakeholder_categories", [])):
        where = f"stakeholder_categories[{index}]"
        category = one(StakeholderCategory, {"code": _require(item, "code", where)}, where)
        plan.append((category, {"name": {language: _check_text(item.get("name"), where)}}))
    if not plan:
        raise FrameworkDataError(f"{path.name}: the file holds no texts")

    for obj, texts in plan:
        changed = False
        for field_name, values in texts.items():
            changed |= _apply_texts(obj, field_name, values, official=official)
        changed |= _apply_provenance(obj, official=official, sources=sources)
        if changed:
            obj.save()
        report.count(type(obj).__name__, created=False, changed=changed)
    return report
