"""Latency of the knowledge hub pages over a region-sized hub. Prints its figures.

A throwaway SQLite database (or HIWAR_DATABASE_URL if set) is migrated and filled with
`PRACTICES` published practices from `ORGANIZATIONS` organizations (each with an approved
member, half with a declared profile). Embeddings are random unit vectors: the page, not the
model, is measured (the similar-practices search runs over all of them). Each page is rendered
in-process by Django's test client, `REQUESTS` times after a warm-up, and p50/p95 are printed.

Run: `.venv/bin/python bench/knowledge.py` (HIWAR_BENCH_PRACTICES to change the size).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PRACTICES = int(os.environ.get("HIWAR_BENCH_PRACTICES", "2000"))
ORGANIZATIONS = 300
REQUESTS = 40
WARM_UP = 3
TARGET_P95_MS = 300.0


def setup_database() -> None:
    os.environ.setdefault("HIWAR_VAR_DIR", tempfile.mkdtemp(prefix="hiwar-bench-knowledge-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiwar.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_framework", verbosity=0)


def seed() -> None:
    import numpy as np
    from django.utils import timezone

    from hiwar.accounts.models import Membership, Organization, User
    from hiwar.framework.models import (
        Country,
        GuidingPrinciple,
        Objective,
        Region,
        StakeholderCategory,
    )
    from hiwar.knowledge.models import OrganizationProfile, Practice

    rng = random.Random(7)  # noqa: S311 - sample data, not security
    numpy_rng = np.random.default_rng(7)
    countries = list(Region.objects.get(code="arab-states").countries.all())
    objectives = list(Objective.objects.all())
    principles = list(GuidingPrinciple.objects.all())
    categories = list(StakeholderCategory.objects.all())
    civil_society = StakeholderCategory.objects.get(code="civil_society")
    organizations = Organization.objects.bulk_create(
        Organization(
            name=f"Bench organization {n}",
            category=civil_society,
            country=rng.choice(countries),
        )
        for n in range(ORGANIZATIONS)
    )
    users = User.objects.bulk_create(
        User(email=f"bench{n}@example.org", full_name=f"Bench {n}") for n in range(ORGANIZATIONS)
    )
    Membership.objects.bulk_create(
        Membership(user=u, organization=o, status=Membership.Status.ACTIVE)
        for u, o in zip(users, organizations, strict=True)
    )
    profiles = OrganizationProfile.objects.bulk_create(
        OrganizationProfile(organization=o, description="Bench", language="en")
        for o in organizations[::2]
    )
    for profile in profiles:
        profile.objectives.set(rng.sample(objectives, 3))
        profile.countries.set(rng.sample(countries, 2))
    vectors = numpy_rng.normal(size=(PRACTICES, 512)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    now = timezone.now()
    practices = Practice.objects.bulk_create(
        Practice(
            organization=rng.choice(organizations),
            title=f"Practice {n}",
            summary="Legal aid and information for migrant workers. " * 3,
            language=rng.choice(["ar", "en", "fr"]),
            start_year=rng.randint(2012, 2021),
            end_year=rng.choice([None, 2022, 2023]),
            status=Practice.Status.PUBLISHED,
            published_at=now,
            embedding=vectors[n].tobytes(),
        )
        for n in range(PRACTICES)
    )
    through = [
        (Practice.countries.through, "country", countries, 2),
        (Practice.objectives.through, "objective", objectives, 3),
        (Practice.principles.through, "guidingprinciple", principles, 2),
        (Practice.stakeholder_categories.through, "stakeholdercategory", categories, 2),
    ]
    for model, name, choices, count in through:
        model.objects.bulk_create(
            [
                model(practice=practice, **{name: choice})
                for practice in practices
                for choice in rng.sample(choices, count)
            ],
            batch_size=2000,
        )
    _ = Country  # the region's countries are Country rows


def measure(client: object, path: str) -> tuple[float, float]:
    timings = []
    for index in range(WARM_UP + REQUESTS):  # bounded
        start = time.perf_counter()
        response = client.get(path)  # type: ignore[attr-defined]
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{path}: {response.status_code}")
        if index >= WARM_UP:
            timings.append(elapsed)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main() -> None:
    setup_database()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from hiwar.knowledge.models import Practice

    setup_test_environment()
    started = time.perf_counter()
    seed()
    print(
        f"knowledge hub: {PRACTICES} published practices, {ORGANIZATIONS} organizations "
        f"(seeded in {time.perf_counter() - started:.1f} s)"
    )
    one = Practice.objects.order_by("pk").values_list("pk", flat=True).first()
    organization = Practice.objects.order_by("pk").values_list("organization_id", flat=True)[0]
    pages = [
        ("practice list", "/en/knowledge/practices/"),
        ("practice list, 3 facets", "/ar/knowledge/practices/?objective=6&country=JO&year=2020"),
        ("practice detail + 5 similar", f"/fr/knowledge/practices/{one}/"),
        ("directory", "/en/knowledge/directory/"),
        ("directory, objective x country", "/ar/knowledge/directory/?objective=6&country=JO"),
        ("organization profile", f"/en/knowledge/directory/{organization}/"),
    ]
    client = Client()
    worst = 0.0
    for label, path in pages:
        p50, p95 = measure(client, path)
        worst = max(worst, p95)
        print(f"  {label:34s} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")
    verdict = "met" if worst <= TARGET_P95_MS else "NOT met"
    print(f"  target p95 <= {TARGET_P95_MS:.0f} ms on every page: {verdict}")


if __name__ == "__main__":
    main()
