"""Build src/hiwar/framework/data/gcm.json from the shared GCM reference files.

Run from the project root: `python scripts/build_framework_data.py [path/to/shared/data/gcm]`.
The output is committed; the platform loads it with `hiwar load_framework`. Treaty text is copied,
never edited: only the structure changes. French texts come from the UN Network's implementation
guidance booklet, not from the resolution, so they are loaded as working (unofficial) texts.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "gcm"
OUTPUT = ROOT / "src" / "hiwar" / "framework" / "data" / "gcm.json"

CLUSTERS = {
    "RT1": [2, 5, 6, 12, 18],
    "RT2": [4, 8, 9, 10, 11, 13, 21],
    "RT3": [14, 15, 16, 19, 20, 22],
    "RT4": [1, 3, 7, 17, 23],
}

SDG_10_7 = {
    "code": "10.7",
    "text": {
        "en": (
            "Facilitate orderly, safe, regular and responsible migration and mobility of people, "
            "including through the implementation of planned and well-managed migration policies"
        )
    },
    "sources": {"en": "A/RES/70/1, Transforming our world: the 2030 Agenda, target 10.7"},
}


def build(source: Path) -> dict:
    en = json.loads((source / "gcm_en.json").read_text(encoding="utf-8"))
    fr = json.loads((source / "gcm_fr.json").read_text(encoding="utf-8"))
    fr_objectives = {item["number"]: item for item in fr["objectives"]}
    cluster_of = {number: code for code, numbers in CLUSTERS.items() for number in numbers}

    objectives = []
    for item in en["objectives"]:
        number = item["number"]
        french = fr_objectives.get(number, {})
        french_actions = {a["letter"]: a["text"] for a in french.get("actions", [])}
        objectives.append(
            {
                "number": number,
                "paragraph": item["paragraph"],
                "cluster": cluster_of[number],
                "title": {"en": item["title"]},
                "commitment": {
                    "en": item["commitment"] if item.get("commitment_complete") else None,
                    "fr": french.get("commitment"),
                },
                "actions": [
                    {
                        "letter": action["letter"],
                        "text": {"en": action["text"], "fr": french_actions.get(action["letter"])},
                    }
                    for action in item["actions"]
                ],
                "sources": {
                    "en": "; ".join(
                        filter(None, [item.get("title_source"), item.get("commitment_source")])
                    ),
                    "fr": french.get("title_source", ""),
                },
            }
        )

    fr_principles = {p["letter"]: p for p in fr["guiding_principles"]}
    principles = [
        {
            "letter": p["letter"],
            "name": {"en": p["name"]},
            "text": {"en": p["text"], "fr": fr_principles.get(p["letter"], {}).get("text")},
            "sources": {"en": p.get("source", "")},
        }
        for p in en["guiding_principles"]
    ]
    return {
        "note": "Built by scripts/build_framework_data.py from shared/data/gcm; do not edit.",
        "official_languages": ["en"],
        "compact_title": {
            "en": "Global Compact for Safe, Orderly and Regular Migration",
            "fr": fr["title_of_compact"],
        },
        "source": en["source"],
        "clusters": [
            {"code": code, "number": index, "objectives": numbers}
            for index, (code, numbers) in enumerate(CLUSTERS.items(), start=1)
        ],
        "objectives": objectives,
        "guiding_principles": principles,
        "sdg_targets": [SDG_10_7],
    }


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    data = build(source)
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(data['objectives'])} objectives")


if __name__ == "__main__":
    main()
