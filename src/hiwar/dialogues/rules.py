"""Who may do what with dialogues. Published dialogues (agenda, questions, published
interventions) are public; the secretariat runs dialogues and participants; rapporteurs record
interventions. Every permission is tested in tests/dialogues/test_rules.py."""

from typing import Any

import rules

from hiwar.accounts.rules import is_rapporteur, is_secretariat
from hiwar.dialogues.models import Dialogue


@rules.predicate
def is_published_dialogue(user: Any, dialogue: Dialogue | None) -> bool:
    return dialogue is not None and dialogue.status == Dialogue.Status.PUBLISHED


rules.add_perm("dialogues.manage_dialogues", is_secretariat)
rules.add_perm("dialogues.view_dialogue", is_published_dialogue | is_secretariat | is_rapporteur)
rules.add_perm("dialogues.record_interventions", is_secretariat | is_rapporteur)
rules.add_perm("dialogues.register", rules.is_authenticated)
rules.add_perm("dialogues.view_balance", is_secretariat | is_rapporteur)
# Online consultations: anyone signed in may contribute while one is open (checked in the
# services); the secretariat and rapporteurs moderate and export.
rules.add_perm("dialogues.contribute", rules.is_authenticated)
rules.add_perm("dialogues.moderate", is_secretariat | is_rapporteur)
rules.add_perm("dialogues.manage_consultations", is_secretariat)
