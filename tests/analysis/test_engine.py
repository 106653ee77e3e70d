"""The tagging engine: term reduction, the packaged model, scores, evidence and evaluation."""

import json
from types import SimpleNamespace

import numpy as np
import pytest

from hiwar.analysis.engine.evaluation import evaluate
from hiwar.analysis.engine.model import TaggerModel, _apply_calibration, _calibrate
from hiwar.analysis.engine.tagger import PACKAGED_MODEL, get_tagger
from hiwar.analysis.engine.terms import fold_arabic, fold_latin, terms
from hiwar.analysis.engine.training import (
    KINDS,
    fingerprint,
    load_passages,
    reference_examples,
)

REMITTANCES = {
    "en": "The central bank licensed two mobile money operators so that workers abroad can send "
    "money home at a cost below three per cent, and families in rural areas can receive the "
    "transfers on their phones without travelling to a bank branch.",
    "fr": "La banque centrale a agréé deux opérateurs de paiement mobile afin que les travailleurs "
    "à l'étranger puissent envoyer de l'argent à leur famille pour moins de trois pour cent, et "
    "que les ménages ruraux reçoivent ces transferts sur leur téléphone.",
    "ar": "رخّص البنك المركزي لشركتين للدفع عبر الهاتف المحمول حتى يتمكن العاملون في الخارج من "
    "إرسال الأموال إلى أسرهم بكلفة تقل عن ثلاثة في المائة، وتتسلم الأسر في الأرياف هذه "
    "التحويلات على هواتفها دون الحاجة إلى التنقل إلى فرع مصرفي.",
}
TRAFFICKING = {
    "en": "The national committee against trafficking in persons identified 214 victims last "
    "year, most of them women recruited for forced labour, and referred them to shelters; "
    "prosecutors brought 37 cases against traffickers.",
    "fr": "Le comité national de lutte contre la traite des personnes a identifié 214 victimes "
    "l'an dernier, surtout des femmes recrutées pour du travail forcé, orientées vers des "
    "foyers d'accueil; le parquet a engagé 37 poursuites contre des trafiquants.",
    "ar": "حددت اللجنة الوطنية لمكافحة الاتجار بالبشر 214 ضحية خلال العام الماضي، معظمهن من "
    "النساء اللواتي جرى استدراجهن إلى العمل القسري، وأحيلت الضحايا إلى دور الإيواء، ورفعت "
    "النيابة العامة 37 قضية ضد المتاجرين.",
}


def test_arabic_terms_lose_diacritics_prefixes_and_letter_variants() -> None:
    assert fold_arabic("إِدَارَةُ") == "اداره"
    assert terms("والمهاجرين") == terms("المهاجرين") == ["مهاجر"]
    assert terms("برنامجاً") == ["برنامج"]
    assert terms("في من على") == []


def test_french_terms_lose_accents_elision_and_plural() -> None:
    assert fold_latin("Sécurité") == "securite"
    assert terms("l'intégration des travailleurs") == ["integr", "travailleur"]


def test_packaged_model_was_trained_on_the_current_data() -> None:
    """Run `hiwar retrain_tagger --base` after changing training passages or GCM texts."""
    model = TaggerModel.load(PACKAGED_MODEL)
    examples = [*reference_examples(), *load_passages()]
    assert model.meta["fingerprint"] == fingerprint(examples)


def test_training_passages_are_well_formed_in_three_languages() -> None:
    passages = load_passages()
    by_language = {lang: [p for p in passages if p.language == lang] for lang in ("ar", "en", "fr")}
    assert all(len(items) >= 100 for items in by_language.values())
    for language, items in by_language.items():
        main = {p.objectives[0] for p in items if p.objectives}
        assert main == set(range(1, 24)), language
    assert {p.kind for p in passages} <= set(KINDS)
    assert all(set(p.principles) <= set("abcdefghij") for p in passages)


@pytest.mark.parametrize("language", ["ar", "en", "fr"])
def test_clear_passages_get_their_objective_first_in_each_language(language: str) -> None:
    remittances, trafficking = get_tagger().tag([REMITTANCES[language], TRAFFICKING[language]])
    assert int(np.argmax(remittances.objective_scores)) + 1 == 20
    assert 20 in remittances.suggested_objectives
    assert int(np.argmax(trafficking.objective_scores)) + 1 == 10


def test_result_has_every_score_and_sorted_suggestions_with_evidence() -> None:
    (result,) = get_tagger().tag([TRAFFICKING["en"]])
    assert result.objective_scores.shape == (23,)
    assert result.principle_scores.shape == (10,)
    assert all(0.0 <= s <= 1.0 for s in result.objective_scores)
    scores = [result.objective_scores[n - 1] for n in result.suggested_objectives]
    assert scores == sorted(scores, reverse=True)
    evidence = result.evidence[10]
    assert len(evidence["actions"]) == 2
    assert all(a["letter"] in "abcdefghijklmn" for a in evidence["actions"])
    assert evidence["terms"], "matched terms are shown to rapporteurs"
    assert all(term in TRAFFICKING["en"] for term in evidence["terms"])
    assert result.kind in KINDS
    assert result.embedding.shape == (512,)


def test_an_objective_named_in_the_text_is_boosted() -> None:
    text = "In line with Objective 22, the ministry reviewed its agreements with partner countries."
    (result,) = get_tagger().tag([text])
    assert result.objective_scores[21] >= 0.5


def test_evaluation_counts_top1_recall_and_f1() -> None:
    def result(ranking: list[int], suggested: list[int]) -> SimpleNamespace:
        scores = np.zeros(23)
        for rank, number in enumerate(ranking):
            scores[number - 1] = 1.0 - rank * 0.1
        return SimpleNamespace(objective_scores=scores, suggested_objectives=suggested)

    records = [
        {"language": "en", "objectives": [1]},
        {"language": "en", "objectives": [2]},
        {"language": "fr", "objectives": [3, 4]},
        {"language": "fr", "objectives": []},  # unlabelled: skipped
    ]
    results = [
        result([1, 5, 6], [1]),  # top-1 right
        result([5, 6, 2], [5]),  # right at rank 3 only, wrong suggestion
        result([4, 3, 9], [4, 3]),  # top-1 right, both suggested
        result([1], []),
    ]
    figures = evaluate(records, results)
    assert figures.overall["records"] == 3
    assert figures.overall["top1"] == pytest.approx(2 / 3)
    assert figures.overall["recall_at_3"] == 1.0
    # tp: 1 + 0 + 2 = 3; fp: 1 (5); fn: 1 (2) -> F1 = 6 / 8
    assert figures.overall["micro_f1"] == pytest.approx(0.75)
    assert figures.by_language["en"]["top1"] == 0.5
    assert figures.by_language["fr"]["top1"] == 1.0
    assert figures.by_objective[2] == {
        "support": 1, "top1": 0, "recall_at_3": 1, "precision": 0.0, "recall": 0.0, "f1": 0.0
    }  # fmt: skip


def test_model_round_trips_through_its_file(tmp_path: object) -> None:
    model = get_tagger()
    path = tmp_path / "m.npz"  # type: ignore[operator]
    model.save(path)
    again = TaggerModel.load(path)
    first, second = model.tag([REMITTANCES["fr"]])[0], again.tag([REMITTANCES["fr"]])[0]
    assert np.allclose(first.objective_scores, second.objective_scores, atol=1e-3)
    assert json.dumps(again.meta["development"])


def test_calibration_depends_on_the_combined_score_alone() -> None:
    rng = np.random.default_rng(0)
    z = rng.normal(size=(200, 23))
    y = (z + rng.normal(scale=0.5, size=z.shape) > 1.5).astype(float)
    calibration = _calibrate(z, y)
    assert calibration[0] > 0 and calibration[1] == 0.0
    logit = rng.normal(scale=5.0, size=z.shape)  # ignored: no second vote for the regression
    probability = _apply_calibration(calibration, z, logit)
    assert np.array_equal(np.argsort(probability, axis=1), np.argsort(z, axis=1))
    # Principles keep the logit as an absolute signal when it carries information.
    informative = z + rng.normal(scale=0.5, size=z.shape)
    assert _calibrate(z, (informative > 1.5).astype(float), informative)[1] > 0


def test_packaged_model_ranks_objectives_by_the_fused_scorers() -> None:
    """The probability is monotone in the combined z-score of the four scorers: calibration
    must not reorder the objectives (it once counted the regression twice)."""
    model = get_tagger()
    texts = [REMITTANCES["fr"], TRAFFICKING["ar"], TRAFFICKING["en"]]
    results = model.tag(texts)
    vectors = np.stack([r.embedding for r in results])
    z, _logit = model._head("objectives").raw(vectors, [terms(t) for t in texts])
    for result, row in zip(results, z, strict=True):
        assert list(np.argsort(-result.objective_scores)) == list(np.argsort(-row))
