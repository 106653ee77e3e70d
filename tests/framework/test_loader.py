import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hiwar.framework.models import (
    Action,
    Cluster,
    Country,
    GuidingPrinciple,
    Objective,
    Region,
    SdgTarget,
    StakeholderCategory,
)
from hiwar.framework.services import (
    DATA_DIR,
    FrameworkDataError,
    import_official_translation,
    load_framework,
)

pytestmark = pytest.mark.django_db

CLUSTERS = {
    "RT1": [2, 5, 6, 12, 18],
    "RT2": [4, 8, 9, 10, 11, 13, 21],
    "RT3": [14, 15, 16, 19, 20, 22],
    "RT4": [1, 3, 7, 17, 23],
}


def test_counts_after_loading():
    assert Objective.objects.count() == 23
    assert GuidingPrinciple.objects.count() == 10
    assert Cluster.objects.count() == 4
    assert Action.objects.count() == 187
    assert StakeholderCategory.objects.count() == 14
    assert SdgTarget.objects.get().code == "10.7"


def test_every_objective_is_in_exactly_its_cluster():
    loaded = {
        cluster.code: sorted(cluster.objectives.values_list("number", flat=True))
        for cluster in Cluster.objects.all()
    }
    assert loaded == CLUSTERS
    assert sorted(n for numbers in loaded.values() for n in numbers) == list(range(1, 24))


def test_arab_region_holds_the_22_league_members():
    region = Region.objects.get(code="arab-states")
    codes = set(region.countries.values_list("iso2", flat=True))
    assert len(codes) == 22
    assert {"MA", "JO", "PS", "KM", "DJ", "SO", "MR", "AE"} <= codes
    assert "TR" not in codes and "IR" not in codes
    assert Country.objects.count() > 240  # all other countries remain available


def test_english_is_official_and_other_languages_are_working_translations():
    objective = Objective.objects.get(number=1)
    assert objective.is_official("en")
    assert not objective.is_official("fr")
    assert not objective.is_official("ar")
    assert objective.title_en.startswith("Collect and utilize accurate and disaggregated data")
    assert objective.title_ar  # working Arabic title
    assert objective.title_fr.startswith("Collecter et utiliser")


def test_missing_texts_stay_empty_instead_of_invented():
    objective = Objective.objects.get(number=2)
    assert not objective.commitment_fr  # the French source lacks commitments 2-23
    assert not objective.commitment_ar  # no Arabic text of the compact was found
    assert not GuidingPrinciple.objects.get(letter="a").text_fr
    assert not Action.objects.exclude(text_ar__isnull=True).exclude(text_ar="").exists()


def test_loading_twice_duplicates_nothing_and_changes_nothing():
    before = {m: m.objects.count() for m in (Objective, Action, Country, GuidingPrinciple)}
    report = load_framework()
    assert report.created == {}
    assert report.updated == {}
    assert {m: m.objects.count() for m in before} == before


def test_loader_command_reports_and_is_idempotent(capsys):
    call_command("load_framework")
    assert "Created: nothing. Updated: nothing." in capsys.readouterr().out


def test_loader_repairs_an_edited_row():
    Objective.objects.filter(number=5).update(title_en="tampered")
    report = load_framework()
    assert report.updated == {"Objective": 1}
    assert Objective.objects.get(number=5).title_en.startswith("Enhance availability")


def test_broken_data_file_raises_and_writes_nothing(tmp_path: Path):
    for name in ("gcm.json", "working_translations.json", "countries.json"):
        (tmp_path / name).write_text((DATA_DIR / name).read_text(encoding="utf-8"), "utf-8")
    (tmp_path / "countries.json").write_text("{not json", "utf-8")
    Objective.objects.filter(number=5).update(title_en="tampered")
    with pytest.raises(FrameworkDataError):
        load_framework(data_dir=tmp_path)
    assert Objective.objects.get(number=5).title_en == "tampered"


# Official translations ---------------------------------------------------------------------------


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "official.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_import_official_translation_marks_texts_official(tmp_path: Path):
    path = _write(
        tmp_path,
        {
            "language": "ar",
            "source": "A/RES/73/195 (Arabic)",
            "objectives": [
                {"number": 1, "title": "عنوان رسمي", "commitment": "نص", "actions": {"a": "إجراء"}}
            ],
            "guiding_principles": [{"letter": "a", "name": "اسم رسمي"}],
        },
    )
    call_command("import_official_translation", str(path))
    objective = Objective.objects.get(number=1)
    assert objective.title_ar == "عنوان رسمي"
    assert objective.commitment_ar == "نص"
    assert objective.is_official("ar")
    assert objective.sources["ar"] == "A/RES/73/195 (Arabic)"
    assert Action.objects.get(objective=objective, letter="a").text_ar == "إجراء"
    assert GuidingPrinciple.objects.get(letter="a").is_official("ar")
    assert not Objective.objects.get(number=2).is_official("ar")

    # Reloading the working data never overwrites an official text.
    load_framework()
    objective.refresh_from_db()
    assert objective.title_ar == "عنوان رسمي"
    assert objective.is_official("ar")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"language": "de", "source": "x", "objectives": []}, "unknown language"),
        ({"language": "ar", "objectives": []}, "missing 'source'"),
        ({"language": "ar", "source": "x"}, "holds no texts"),
        (
            {"language": "ar", "source": "x", "objectives": [{"number": 24, "title": "t"}]},
            "no such objective",
        ),
        (
            {"language": "ar", "source": "x", "objectives": [{"number": 1, "title": " "}]},
            "non-empty text",
        ),
        (
            {
                "language": "ar",
                "source": "x",
                "objectives": [{"number": 1, "title": "ok", "actions": {"zz": "t"}}],
            },
            "no such action",
        ),
    ],
)
def test_bad_official_translation_changes_nothing(tmp_path: Path, data: dict, message: str):
    before = Objective.objects.get(number=1).title_ar
    with pytest.raises(FrameworkDataError, match=message):
        import_official_translation(path=_write(tmp_path, data))
    objective = Objective.objects.get(number=1)
    assert objective.title_ar == before
    assert not objective.is_official("ar")


def test_import_command_reports_a_clear_error(tmp_path: Path):
    path = tmp_path / "broken.json"
    path.write_text("[1, 2", encoding="utf-8")
    with pytest.raises(CommandError, match="cannot read JSON"):
        call_command("import_official_translation", str(path))


def test_an_invalid_later_entry_rolls_back_earlier_ones(tmp_path: Path):
    path = _write(
        tmp_path,
        {
            "language": "fr",
            "source": "A/RES/73/195 (French)",
            "objectives": [{"number": 1, "title": "Titre officiel"}, {"number": 99, "title": "x"}],
        },
    )
    with pytest.raises(FrameworkDataError):
        import_official_translation(path=path)
    assert Objective.objects.get(number=1).title_fr != "Titre officiel"
