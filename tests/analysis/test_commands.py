"""The command-line contract: `hiwar tag`, `hiwar evaluate`, `hiwar analyze`,
`hiwar retrain_tagger`."""

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hiwar.analysis import services
from hiwar.analysis.engine import tagger as tagger_module
from hiwar.analysis.engine.training import Example
from hiwar.analysis.models import PassageTag
from hiwar.analysis.selectors import human_training_examples
from tests.analysis.conftest import LABOUR, REMITTANCES

ROOT = Path(__file__).resolve().parents[2]
HIWAR = Path(sys.executable).parent / "hiwar"


def test_tag_reads_json_lines_and_writes_the_documented_fields() -> None:
    lines = [
        {"id": 1, "text": LABOUR},
        {
            "id": "fr-2",
            "text": "Les envois de fonds des travailleurs à l’étranger coûtent moins cher.",
        },
        {"id": None, "text": "جرى تسهيل تحويل الأموال التي يرسلها العاملون في الخارج إلى أسرهم."},
    ]
    stdin = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n\n"
    done = subprocess.run(
        [str(HIWAR), "tag"], input=stdin, capture_output=True, text=True, cwd=ROOT, check=True
    )
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["id"] for o in out] == [1, "fr-2", None]
    assert [o["language"] for o in out] == ["en", "fr", "ar"]
    for item in out:
        assert list(item) == [
            "id", "language", "objectives", "suggested_objectives", "principles",
            "suggested_principles", "kind",
        ]  # fmt: skip
        scores = [o["score"] for o in item["objectives"]]
        assert sorted(o["number"] for o in item["objectives"]) == list(range(1, 24))
        assert scores == sorted(scores, reverse=True)
        assert all(0 <= s <= 1 for s in scores)
        assert set(item["suggested_objectives"]) <= {o["number"] for o in item["objectives"]}
        assert sorted(p["number"] for p in item["principles"]) == list(range(1, 11))
        assert item["kind"] in {"policy", "challenge", "good_practice", "data", "other"}
    assert out[0]["objectives"][0]["number"] == 6
    assert out[1]["objectives"][0]["number"] == 20
    assert out[2]["objectives"][0]["number"] == 20


@pytest.mark.parametrize("line", ["not json", '{"id": 1}', '{"text": 5}', "[1, 2]"])
def test_tag_refuses_malformed_lines(line: str, monkeypatch: Any) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(line + "\n"))
    with pytest.raises(CommandError, match="line 1"):
        call_command("tag", stdout=io.StringIO())


def test_evaluate_prints_figures_per_language_and_objective(tmp_path: Path) -> None:
    path = tmp_path / "labelled.jsonl"
    records = [
        {"id": "a", "text": LABOUR, "language": "en", "objectives": [6]},
        {"id": "b", "text": REMITTANCES, "language": "en", "objectives": [20]},
        {"id": "c", "text": "Les travailleurs migrants envoient de l’argent à leur famille par "
         "téléphone mobile, à moindre coût.", "language": "fr", "objectives": [20]},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records))
    out = io.StringIO()
    call_command("evaluate", str(path), stdout=out)
    text = out.getvalue()
    assert "top-1" in text and "recall@3" in text and "micro-F1" in text and "macro-F1" in text
    assert text.splitlines()[1].split()[:3] == ["all", "3", "1.000"]
    assert any(line.split()[:1] == ["fr"] for line in text.splitlines())
    out = io.StringIO()
    call_command("evaluate", str(path), "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["overall"]["records"] == 3
    assert figures["by_objective"]["20"]["support"] == 2


def test_evaluate_refuses_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": 1, "text": "ok"}\n{broken\n')
    with pytest.raises(CommandError, match=r"bad\.jsonl"):
        call_command("evaluate", str(path))
    with pytest.raises(CommandError):
        call_command("evaluate", str(tmp_path / "missing.jsonl"))


def test_analyze_prints_passages_and_reports_unreadable_files(tmp_path: Path) -> None:
    good = tmp_path / "report.md"
    good.write_text(f"# Labour\n\n{LABOUR}\n\n# Remittances\n\n{REMITTANCES}\n")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 of 2 files"):
        call_command("analyze", str(good), str(empty), stdout=out, stderr=err)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"== {good}: 2 passages, language en")
    assert "O6:" in lines[1] and "O20:" in lines[2]
    assert "empty.txt: The file is empty." in err.getvalue()
    out = io.StringIO()
    call_command("analyze", str(good), "--json", stdout=out)
    first = json.loads(out.getvalue().splitlines()[0])
    assert first["section"] == "Labour" and first["language"] == "en"
    assert first["top_objectives"][0]["number"] == 6


def test_confirmed_and_rejected_tags_become_training_examples(
    analysed_report: Any, rapporteur: Any
) -> None:
    labour = analysed_report.passages.get(text__contains="recruitment fees")
    tags = labour.tags.filter(objective__isnull=False)
    services.decide_tag(actor=rapporteur, tag=tags.get(objective__number=6), status="confirmed")
    for tag in tags.exclude(objective__number=6):
        services.decide_tag(actor=rapporteur, tag=tag, status=PassageTag.Status.REJECTED)
    (example,) = human_training_examples()
    assert example.source == "human"
    assert example.objectives == (6,)
    assert 6 not in example.rejected
    assert example.labels_objectives and not example.labels_principles


def test_retrain_writes_a_local_model_that_takes_precedence(
    analysed_report: Any, rapporteur: Any, settings: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    settings.VAR_DIR = tmp_path
    labour = analysed_report.passages.get(text__contains="recruitment fees")
    services.decide_tag(
        actor=rapporteur, tag=labour.tags.get(objective__number=6), status="confirmed"
    )
    # A small training set keeps the test fast; the recipe is the real one.
    tiny = [
        Example(text=text, language="en", objectives=(n,), source="reference",
                labels_principles=False)
        for n, text in ((6, "fair recruitment and decent work"), (20, "cheaper remittances"),
                        (10, "trafficking in persons"))
    ]  # fmt: skip
    monkeypatch.setattr(services, "reference_examples", lambda: tiny)
    monkeypatch.setattr(services, "load_passages", lambda: [])
    out = io.StringIO()
    try:
        call_command("retrain_tagger", stdout=out)
        assert (tmp_path / "analysis" / "tagger.npz").exists()
        assert '"human": 1' in out.getvalue()
        assert tagger_module.get_tagger().meta["examples"]["human"] == 1
    finally:
        tagger_module.reset_tagger()  # later tests use the packaged model again
