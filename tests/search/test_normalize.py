# ruff: noqa: RUF001
"""Normalization on real Arabic and French word forms: the two sides of each pair must meet
(share a search form), and hostile query syntax must come out as plain words."""

import re

import pytest

from hiwar.search.normalize import (
    MAX_QUERY_CHARS,
    fold,
    index_text,
    parse_query,
    title_key,
    word_forms,
)


def meet(a: str, b: str) -> bool:
    return bool(set(word_forms(a)) & set(word_forms(b)))


@pytest.mark.parametrize(
    ("written", "asked"),
    [
        ("المهاجرين", "والمهاجرون"),  # article, conjunction, plural endings
        ("للمهاجرين", "مُهاجِر"),  # لل prefix, harakat
        ("المهاجرين", "مهاجر"),
        ("الهجرة", "الهجره"),  # ta marbuta
        ("الهجرة", "هجرة"),
        ("إدماج", "ادماج"),  # hamza under alef
        ("أطفال", "اطفال"),
        ("آمنة", "امنه"),  # madda
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("ٱلهجرة", "الهجرة"),  # alef wasla
        ("الهجـــرة", "الهجرة"),  # tatweel
        ("الرحمٰن", "الرحمن"),  # superscript alef
        ("بالعمال", "العمال"),
        ("وللأطفال", "أطفال"),
        ("فالمهاجرات", "مهاجرات"),
        ("٢٠٢٠", "2020"),  # Arabic-Indic digits
        ("۲۰۲۰", "2020"),  # Eastern Arabic-Indic digits
        ("travailleurs", "travailleur"),
        ("intégration", "integration"),
        ("l'intégration", "integration"),
        ("l’intégration", "Intégration"),
        ("d'origine", "origine"),
        ("Réfugiés", "réfugié"),
        ("œuvre", "oeuvre"),
        ("Façon", "facon"),
        ("policies", "policy"),
        ("MIGRANTS", "migrant"),
    ],
)
def test_forms_of_the_same_word_meet(written: str, asked: str) -> None:
    assert meet(written, asked)


@pytest.mark.parametrize(
    ("a", "b"),
    [("مهاجر", "هجره"), ("migration", "migrant"), ("travail", "travailleur"), ("برنامج", "نامج")],
)
def test_different_words_do_not_meet(a: str, b: str) -> None:
    assert not meet(a, b)


def test_hamza_seats_fold_to_their_letter() -> None:
    # Decision (see the module): ؤ → و and ئ → ي, as the analysis engine does.
    assert fold("مسؤول") == "مسوول"
    assert fold("لاجئ") == "لاجي"
    assert meet("لاجئين", "اللاجئين")


def test_a_short_word_keeps_its_prefix_letters() -> None:
    # و + two letters is a word of its own (وطن), not a conjunction and a word.
    assert word_forms("وطن") == ("وطن",)
    assert word_forms("بلد") == ("بلد",)


def test_function_words_are_not_indexed() -> None:
    assert index_text("the rights of migrants") == "rights right migrants migrant"
    assert index_text("في المدن") == "المدن مدن"


def test_title_key_keeps_every_word_folded() -> None:
    assert title_key("L'Intégration des Réfugiés") == "integration des refugies"
    assert title_key("الهجرة في المنطقة") == title_key("الهجره في المنطقه")


@pytest.mark.parametrize(
    "hostile",
    [
        '"',
        '""""',
        "*",
        "mig*",
        "NEAR(a b)",
        "a OR b",
        "col:term",
        "-x",
        "a AND NOT b",
        "^a",
        "(",
        "{a}",
    ],
)
def test_query_syntax_becomes_plain_words(hostile: str) -> None:
    query = parse_query(hostile)
    for forms in query.words:
        for form in forms:
            assert re.fullmatch(r"[^\W_]+", form), form


def test_only_punctuation_is_an_empty_query() -> None:
    assert parse_query("?!... «» — ؟ ،").is_empty
    assert parse_query('" * ( ) : -').is_empty


def test_a_very_long_query_is_truncated() -> None:
    query = parse_query("migration " * 1000)
    assert query.truncated
    assert len(query.text) <= MAX_QUERY_CHARS
    assert query.words == (("migration",),)


def test_a_query_of_function_words_only_still_searches_them() -> None:
    assert parse_query("the of").words == (("the",), ("of",))
