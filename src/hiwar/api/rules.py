"""Who may manage API tokens: the secretariat only. Tested in tests/api/test_tokens.py."""

import rules

from hiwar.accounts.rules import is_secretariat

rules.add_perm("api.manage_tokens", is_secretariat)
