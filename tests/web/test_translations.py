"""The interface catalogues are complete: no missing or fuzzy entry in Arabic or French."""

import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "src" / "hiwar" / "locale"


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("selection", ["--untranslated", "--only-fuzzy"])
def test_catalogue_is_complete(language, selection):
    msgattrib = shutil.which("msgattrib")
    assert msgattrib, "gettext is installed by make test"
    catalogue = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        [msgattrib, selection, "--no-wrap", str(catalogue)],
        capture_output=True,
        text=True,
        check=True,
    )
    entries = [line for line in result.stdout.splitlines() if line.startswith("msgid ")]
    assert entries == [], entries


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_catalogue_compiles(language):
    catalogue = LOCALE / language / "LC_MESSAGES" / "django.po"
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(catalogue)], check=True)
