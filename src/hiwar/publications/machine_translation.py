"""The pluggable machine-translation backend.

None is installed: the setting ``HIWAR_MACHINE_TRANSLATION_BACKEND`` (a dotted path to a class
following ``MachineTranslationBackend``) turns the "Machine-translate" button on. Whatever a
backend returns is stored as a draft translation with ``machine=True`` and is always labelled
"Machine translation" wherever it is shown.
"""

from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class MachineTranslationBackend(Protocol):
    name: str

    def translate(self, texts: list[str], *, source: str, target: str) -> list[str]:
        """``texts`` (Markdown, markers kept as they are) from ``source`` into ``target``, one
        output per input, in order."""
        ...


def machine_translation_backend() -> MachineTranslationBackend | None:
    path = getattr(settings, "HIWAR_MACHINE_TRANSLATION_BACKEND", None)
    if not path:
        return None
    backend: MachineTranslationBackend = import_string(path)()
    return backend
