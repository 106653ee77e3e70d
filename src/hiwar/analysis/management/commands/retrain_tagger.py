"""`hiwar retrain_tagger`: train the tagger again, with the rapporteurs' confirmed tags."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hiwar.analysis.engine.tagger import PACKAGED_MODEL, local_model_path, reset_tagger
from hiwar.analysis.selectors import human_training_examples
from hiwar.analysis.services import train_tagger


class Command(BaseCommand):
    help = (
        "Retrain the tagger on the GCM text, the labelled passages in the package and every "
        "passage whose tags a person confirmed or rejected. The model is written to the var "
        "directory and used from then on; --base rebuilds the model shipped in the package "
        "(without human tags)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        human = [] if options["base"] else human_training_examples()
        target = PACKAGED_MODEL if options["base"] else local_model_path()
        report = train_tagger(human=human, output=target)
        reset_tagger()
        self.stdout.write(f"Trained on {json.dumps(report['examples'])}; written to {target}")
        self.stdout.write("Out-of-fold figures on our own passages (not an evaluation set):")
        self.stdout.write(json.dumps(report["development"], indent=2))
