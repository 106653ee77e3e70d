"""Open data downloads: the coverage matrix of a cycle and the published good practices, as
CSV and as JSON, under the Creative Commons Attribution 4.0 licence.

The JSON wraps the rows: `{"license", "license_url", "attribution", "source", "generated_at",
"data": [...]}`. A CSV file cannot hold such a statement without breaking its columns, so its
response carries `Link: <licence>; rel="license"` and `Link: <readme>; rel="describedby"`, and
the README download (plain text) states the licence and describes every column.
CSV files start with a UTF-8 BOM (spreadsheet programs then read Arabic correctly) and every
cell that a spreadsheet would run as a formula is neutralised.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from hiwar.dialogues.attendance_import import neutralise_formula

LICENSE = "CC-BY-4.0"
LICENSE_NAME = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "Hiwar, platform of the regional review of the Global Compact for Migration"

COVERAGE_COLUMNS = (
    "cycle",
    "country",
    "country_name_ar",
    "country_name_en",
    "country_name_fr",
    "objective",
    "cluster",
    "confirmed",
    "suggested",
)
PRACTICE_COLUMNS = (
    "id",
    "title",
    "language",
    "organization",
    "organization_category",
    "organization_country",
    "countries",
    "start_year",
    "end_year",
    "objectives",
    "principles",
    "stakeholder_categories",
    "published_at",
    "url",
)


def coverage_rows(coverage: dict[str, Any], clusters: dict[int, str]) -> list[dict[str, Any]]:
    """Flat rows (one per country and objective) from the API's coverage answer."""
    names = {c["iso2"]: c["name"] for c in coverage["countries"]}
    return [
        {
            "cycle": coverage["cycle"],
            "country": cell["country"],
            "country_name_ar": names[cell["country"]]["ar"],
            "country_name_en": names[cell["country"]]["en"],
            "country_name_fr": names[cell["country"]]["fr"],
            "objective": cell["objective"],
            "cluster": clusters.get(cell["objective"], ""),
            "confirmed": cell["confirmed"],
            "suggested": cell["suggested"],
        }
        for cell in coverage["cells"]
    ]


def practice_rows(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flat rows from the API's practice objects; lists are joined with ';' (None stays None
    in JSON and becomes an empty cell in CSV)."""
    return [
        {
            "id": p["id"],
            "title": p["title"],
            "language": p["language"],
            "organization": p["organization"]["name"],
            "organization_category": p["organization"]["category"],
            "organization_country": p["organization"]["country"],
            "countries": ";".join(p["countries"]),
            "start_year": p["start_year"],
            "end_year": p["end_year"],
            "objectives": ";".join(str(n) for n in p["objectives"]),
            "principles": ";".join(p["principles"]),
            "stakeholder_categories": ";".join(p["stakeholder_categories"]),
            "published_at": p["published_at"],
            "url": p["url"],
        }
        for p in items
    ]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return neutralise_formula(value) if isinstance(value, str) else value


def csv_bytes(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # a BOM, so spreadsheet programs read Arabic correctly
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[column]) for column in columns])
    return buffer.getvalue().encode("utf-8")


def data_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder, sort_keys=True).encode()


def json_document(data: list[dict[str, Any]], *, source: str) -> bytes:
    document = {
        "license": LICENSE,
        "license_name": LICENSE_NAME,
        "license_url": LICENSE_URL,
        "attribution": ATTRIBUTION,
        "source": source,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "data": data,
    }
    return json.dumps(document, ensure_ascii=False, cls=DjangoJSONEncoder).encode("utf-8")


def readme() -> str:
    site = settings.SITE_URL.rstrip("/")
    coverage = "\n".join(f"  {c}" for c in COVERAGE_COLUMNS)
    practices = "\n".join(f"  {c}" for c in PRACTICE_COLUMNS)
    # Plain English on purpose: a README that travels with the files, like the licence text.
    return f"""Hiwar open data
===============

Licence: {LICENSE_NAME}
{LICENSE_URL}
Attribution: "{ATTRIBUTION}", {site}/

You may share and adapt these data for any purpose, provided you give appropriate credit,
link to the licence and indicate if changes were made. The good practices are the texts of
the organizations that submitted them, published after review by the secretariat.

Downloads (CSV: UTF-8 with a byte order mark, comma-separated, one header row; JSON: an
object with license, license_url, attribution, source, generated_at and data, the list of rows):

  {site}/api/open-data/coverage/<cycle>.csv and .json
      Coverage of the GCM objectives: for each member state of a review cycle and each of the
      23 objectives, the passages of its PUBLISHED national report tagged with the objective,
      "confirmed" by an analyst or "suggested" by the automatic analysis (not yet reviewed).
      Columns:
{coverage}

  {site}/api/open-data/practices.csv and .json
      Published good practices. Lists are separated by ";"; countries are ISO 3166-1 alpha-2
      codes, objectives GCM objective numbers, principles the letters of the guiding
      principles (paragraph 15), categories the stakeholder categories of paragraph 44.
      Columns:
{practices}

Cells that begin with =, +, - or @ are prefixed with an apostrophe so that spreadsheet
programs do not run them as formulas.

The same data, with more detail, is available from the API: {site}/api/docs
"""
