"""Build src/hiwar/framework/data/countries.json.

Every ISO 3166-1 country or territory with its alpha-2, alpha-3 and numeric
codes, its name in Arabic, English and French from Unicode CLDR, and a flag for
the 22 member states of the League of Arab States.

Run in a venv with pycountry and Babel; output is committed, the platform does
not need these packages at run time:

    python3 -m venv /tmp/countries-venv
    /tmp/countries-venv/bin/pip install pycountry Babel
    /tmp/countries-venv/bin/python scripts/build_countries.py

Codes come from pycountry (ISO 3166-1 only), so CLDR region codes that are not
ISO 3166-1 countries (EU, UN, XK, ZZ, numeric regions, ...) are never emitted.
Palestine (PS) is named as at the UN, not as in CLDR.
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import pycountry
from babel import Locale

LANGUAGES: tuple[str, ...] = ("ar", "en", "fr")

LEAGUE_OF_ARAB_STATES: frozenset[str] = frozenset(
    {
        "DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR",
        "MA", "OM", "PS", "QA", "SA", "SO", "SD", "SY", "TN", "AE", "YE",
    }
)  # fmt: skip

# CLDR calls PS "Palestinian Territories"; use the UN names for the observer
# state, which is also how the League of Arab States names its member.
NAME_OVERRIDES: dict[str, dict[str, str]] = {
    "PS": {"ar": "دولة فلسطين", "en": "State of Palestine", "fr": "État de Palestine"},
}

OUTPUT: Path = (
    Path(__file__).resolve().parent.parent
    / "src"
    / "hiwar"
    / "framework"
    / "data"
    / "countries.json"
)


def build() -> dict[str, object]:
    territories: dict[str, dict[str, str]] = {
        lang: dict(Locale.parse(lang).territories) for lang in LANGUAGES
    }
    countries: list[dict[str, object]] = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        iso2: str = country.alpha_2
        names = {lang: territories[lang].get(iso2, "") for lang in LANGUAGES}
        names.update(NAME_OVERRIDES.get(iso2, {}))
        missing = [lang for lang, name in names.items() if not name.strip()]
        if missing:
            raise SystemExit(f"{iso2}: no CLDR name in {', '.join(missing)}")
        countries.append(
            {
                "iso2": iso2,
                "iso3": country.alpha_3,
                "numeric": country.numeric,
                "name": names,
                "league_of_arab_states": iso2 in LEAGUE_OF_ARAB_STATES,
            }
        )

    league = [c["iso2"] for c in countries if c["league_of_arab_states"]]
    if len(league) != len(LEAGUE_OF_ARAB_STATES):
        raise SystemExit(f"expected 22 League of Arab States members, found {len(league)}")
    for key in ("iso2", "iso3", "numeric"):
        if len({c[key] for c in countries}) != len(countries):
            raise SystemExit(f"duplicate {key} codes")

    return {
        "source": (
            f"ISO 3166-1 codes from pycountry {version('pycountry')}; "
            f"names from Unicode CLDR via Babel {version('babel')}; "
            "Palestine named as at the UN."
        ),
        "countries": countries,
    }


def dump(data: dict[str, object]) -> str:
    """JSON with one country per line, so diffs stay readable."""
    countries = data["countries"]
    assert isinstance(countries, list)
    rows = ",\n".join(
        "    " + json.dumps(c, ensure_ascii=False, separators=(", ", ": ")) for c in countries
    )
    source = json.dumps(data["source"], ensure_ascii=False)
    return f'{{\n  "source": {source},\n  "countries": [\n{rows}\n  ]\n}}\n'


def main() -> None:
    data = build()
    text = dump(data)
    json.loads(text)  # must round-trip
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    countries = data["countries"]
    assert isinstance(countries, list)
    league = sum(1 for c in countries if c["league_of_arab_states"])
    print(f"wrote {len(countries)} countries ({league} League of Arab States) to {OUTPUT}")


if __name__ == "__main__":
    main()
