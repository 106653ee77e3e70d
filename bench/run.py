"""Benchmarks for the foundation: framework loading and page rendering. Prints its figures.

Runs on a throwaway SQLite database in a temporary folder (or on HIWAR_DATABASE_URL if set).
Usage: make bench
"""

import io
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    warnings.filterwarnings("ignore", "No directory at")  # no collectstatic needed here
    var_dir = tempfile.mkdtemp(prefix="hiwar-bench-")
    os.environ["HIWAR_VAR_DIR"] = var_dir
    os.environ.setdefault("HIWAR_DATABASE_URL", f"sqlite:///{var_dir}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiwar.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from hiwar.framework.services import load_framework

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    load_framework()
    first = time.perf_counter() - started
    started = time.perf_counter()
    load_framework()
    again = time.perf_counter() - started
    print(f"load_framework, empty database:   {first * 1000:8.1f} ms")
    print(f"load_framework, already loaded:   {again * 1000:8.1f} ms")
    started = time.perf_counter()
    call_command("seed_demo", stdout=io.StringIO())
    print(f"seed_demo, first run:             {(time.perf_counter() - started) * 1000:8.1f} ms")

    from hiwar.reviews.models import NationalReport

    published = NationalReport.objects.filter(status="published").order_by("pk").first()
    assert published is not None

    client = Client(HTTP_HOST="127.0.0.1")  # an allowed host; "testserver" is not
    pages = [
        "/en/",
        "/ar/framework/objectives/",
        "/ar/framework/objectives/6/",
        "/fr/framework/round-tables/",
        "/en/me/organizations/",
        "/ar/review/arab-region-2020-2021/",
        f"/fr/review/reports/{published.pk}/",
        "/en/review/arab-region-2020-2021/feed/",
    ]
    rounds = 30  # bounded
    for page in pages:
        client.get(page)  # warm the template cache
        timings = []
        for _ in range(rounds):
            started = time.perf_counter()
            response = client.get(page)
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200, page
        timings.sort()
        median = statistics.median(timings) * 1000
        p90 = timings[int(rounds * 0.9) - 1] * 1000
        print(f"GET {page:<32} median {median:6.1f} ms   p90 {p90:6.1f} ms   ({rounds} requests)")


if __name__ == "__main__":
    main()
