# ruff: noqa: E501 - sentence templates in Arabic and French, unwrapped
"""Synthetic, deterministic load data for the search benchmark: report-like passages in Arabic,
English and French built from sentence templates, attached to published sample reports.

Embedding 100,000 passages with the real encoder would take several minutes, so each template
sentence (template by topic, 288 in all) is embedded for real once, and a passage's vector is the
normalized mean of its sentences' real vectors plus a little noise. Retrieval quality is not measured
on this data (the parallel set does that); speed is.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator

import numpy as np

GROUPS = {
    "en": [
        "migrant workers",
        "refugees",
        "domestic workers",
        "migrant children",
        "returnees",
        "women migrants",
        "seasonal workers",
        "students abroad",
    ],
    "fr": [
        "les travailleurs migrants",
        "les réfugiés",
        "les travailleuses domestiques",
        "les enfants migrants",
        "les migrants de retour",
        "les femmes migrantes",
        "les travailleurs saisonniers",
        "les étudiants à l'étranger",
    ],
    "ar": [
        "العمال المهاجرين",
        "اللاجئين",
        "عاملات المنازل",
        "الأطفال المهاجرين",
        "العائدين",
        "النساء المهاجرات",
        "العمال الموسميين",
        "الطلاب في الخارج",
    ],
}
TOPICS = {
    "en": [
        "access to health care",
        "labour inspection",
        "remittance costs",
        "civil registration",
        "skills recognition",
        "consular assistance",
        "detention alternatives",
        "anti-trafficking measures",
        "social protection",
        "fair recruitment",
        "data collection",
        "border management",
    ],
    "fr": [
        "l'accès aux soins de santé",
        "l'inspection du travail",
        "le coût des transferts de fonds",
        "l'état civil",
        "la reconnaissance des compétences",
        "l'assistance consulaire",
        "les alternatives à la détention",
        "la lutte contre la traite",
        "la protection sociale",
        "le recrutement équitable",
        "la collecte de données",
        "la gestion des frontières",
    ],
    "ar": [
        "الحصول على الرعاية الصحية",
        "تفتيش العمل",
        "تكاليف التحويلات المالية",
        "التسجيل المدني",
        "الاعتراف بالمهارات",
        "المساعدة القنصلية",
        "بدائل الاحتجاز",
        "مكافحة الاتجار بالبشر",
        "الحماية الاجتماعية",
        "التوظيف العادل",
        "جمع البيانات",
        "إدارة الحدود",
    ],
}
ACTORS = {
    "en": [
        "The Ministry of Labour",
        "The national committee",
        "The Ministry of Interior",
        "A network of civil society organizations",
        "The statistics office",
        "The Ministry of Health",
    ],
    "fr": [
        "Le ministère du Travail",
        "Le comité national",
        "Le ministère de l'Intérieur",
        "Un réseau d'organisations de la société civile",
        "L'office des statistiques",
        "Le ministère de la Santé",
    ],
    "ar": [
        "وزارة العمل",
        "اللجنة الوطنية",
        "وزارة الداخلية",
        "شبكة من منظمات المجتمع المدني",
        "جهاز الإحصاء",
        "وزارة الصحة",
    ],
}
TEMPLATES = {
    "en": [
        "{actor} adopted a new policy on {topic} for {group} in {year}.",
        "{actor} reports that {group} still face obstacles in {topic}.",
        "A pilot programme on {topic} reached several thousand {group} last year.",
        "The review found gaps in {topic}, especially for {group}.",
        "{actor} works with employers and trade unions to improve {topic}.",
        "Data on {topic} are not yet disaggregated by sex and age for {group}.",
        "Since {year}, {group} can request support on {topic} online.",
        "{actor} trained officials on {topic} and the rights of {group}.",
    ],
    "fr": [
        "{actor} a adopté en {year} une nouvelle politique sur {topic} pour {group}.",
        "{actor} signale que {group} rencontrent encore des obstacles dans {topic}.",
        "Un programme pilote sur {topic} a touché plusieurs milliers de personnes parmi {group}.",
        "L'examen a relevé des lacunes dans {topic}, en particulier pour {group}.",
        "{actor} travaille avec les employeurs et les syndicats pour améliorer {topic}.",
        "Les données sur {topic} ne sont pas encore ventilées par sexe et par âge pour {group}.",
        "Depuis {year}, {group} peuvent demander un appui en ligne pour {topic}.",
        "{actor} a formé des fonctionnaires sur {topic} et les droits de {group}.",
    ],
    "ar": [
        "اعتمدت {actor} في عام {year} سياسة جديدة بشأن {topic} لصالح {group}.",
        "تفيد {actor} بأن {group} ما زالوا يواجهون عقبات في {topic}.",
        "وصل برنامج تجريبي حول {topic} إلى عدة آلاف من {group} في العام الماضي.",
        "كشف الاستعراض عن ثغرات في {topic}، ولا سيما بالنسبة إلى {group}.",
        "تعمل {actor} مع أصحاب العمل والنقابات لتحسين {topic}.",
        "لا تزال البيانات المتعلقة بـ{topic} غير مصنفة حسب الجنس والعمر بالنسبة إلى {group}.",
        "منذ عام {year}، يمكن لـ{group} طلب الدعم بشأن {topic} عبر الإنترنت.",
        "دربت {actor} الموظفين على {topic} وحقوق {group}.",
    ],
}
LANGUAGE_WEIGHTS = (("ar", 0.4), ("en", 0.35), ("fr", 0.25))
YEARS = list(range(2015, 2023))


Key = tuple[str, int, int, int]  # language, template, topic, group


def sentence(rng: random.Random, language: str) -> tuple[Key, str]:
    key = (
        language,
        rng.randrange(len(TEMPLATES[language])),
        rng.randrange(len(TOPICS[language])),
        rng.randrange(len(GROUPS[language])),
    )
    return key, _fill(key, actor=rng.choice(ACTORS[language]), year=rng.choice(YEARS))


def _fill(key: Key, *, actor: str, year: int) -> str:
    language, template, topic, group = key
    return TEMPLATES[language][template].format(
        actor=actor, topic=TOPICS[language][topic], group=GROUPS[language][group], year=year
    )


def passages(count: int, *, seed: int = 2021) -> Iterator[tuple[str, list[Key], str, int]]:
    """(language, sentence keys, text, objective number) for each passage, always the same for a
    seed."""
    rng = random.Random(seed)  # noqa: S311 - sample text
    languages = [code for code, _weight in LANGUAGE_WEIGHTS]
    weights = [weight for _code, weight in LANGUAGE_WEIGHTS]
    for _ in range(count):
        language = rng.choices(languages, weights)[0]
        made = [sentence(rng, language) for _ in range(rng.randint(3, 6))]
        text = " ".join(text for _key, text in made)
        yield language, [key for key, _text in made], text, rng.randint(1, 23)


def sentence_bank() -> dict[tuple[str, int, int], np.ndarray]:
    """The real embedding of every (template, topic) sentence of each language, with the first
    group: 288 sentences."""
    from hiwar.analysis.engine.embedder import embed

    keys: list[Key] = [
        (language, template, topic, 0)
        for language in TEMPLATES
        for template in range(len(TEMPLATES[language]))
        for topic in range(len(TOPICS[language]))
    ]
    texts = [_fill(key, actor=ACTORS[key[0]][0], year=2020) for key in keys]
    vectors = embed(texts)
    return {key[:3]: vector for key, vector in zip(keys, vectors, strict=True)}


def approximate_vector(
    keys: list[Key], bank: dict[tuple[str, int, int], np.ndarray], rng: np.random.Generator
) -> np.ndarray:
    """The mean of the real vectors of the passage's sentences (same template and topic), plus
    a little noise."""
    vectors = [bank[key[:3]] for key in keys]
    vector = np.mean(vectors, axis=0) + rng.normal(0, 0.02, len(vectors[0]))
    return np.asarray(vector / np.linalg.norm(vector), dtype=np.float32)


def published_date(rng: random.Random) -> datetime.date:
    return datetime.date(rng.choice(YEARS), rng.randint(1, 12), rng.randint(1, 28))
