"""Who may do what with publications. Every permission is tested in
tests/publications/test_permissions.py.

- The secretariat generates, edits, reorders, publishes and assigns translators.
- Reviewers are the secretariat and the rapporteurs: they read drafts and comment on sections;
  rapporteurs do not edit the text.
- A translator edits the translations of a publication only in the language they are assigned
  to (on its LanguageVersion), and reads that publication while it is unpublished.
- Drafts and publications in review are never public: for anyone else they do not exist (404).
  Published publications are public.
"""

from typing import Any

import rules

from hiwar.accounts.rules import is_rapporteur, is_secretariat, is_translator
from hiwar.publications.models import LanguageVersion, Publication


@rules.predicate
def is_published(user: Any, publication: Publication | None) -> bool:
    return publication is not None and publication.status == Publication.Status.PUBLISHED


@rules.predicate
def is_assigned_translator(user: Any, publication: Publication | None) -> bool:
    if not getattr(user, "is_authenticated", False) or publication is None:
        return False
    return LanguageVersion.objects.filter(publication=publication, translator=user).exists()


@rules.predicate
def is_translator_of(user: Any, version: LanguageVersion | None) -> bool:
    if not getattr(user, "is_authenticated", False) or version is None:
        return False
    return version.translator_id == user.pk


rules.add_perm("publications.manage_publications", is_secretariat)
rules.add_perm("publications.review_publications", is_secretariat | is_rapporteur)
rules.add_perm("publications.see_workspace", is_secretariat | is_rapporteur | is_translator)
rules.add_perm(
    "publications.view_publication",
    is_published | is_secretariat | is_rapporteur | is_assigned_translator,
)
rules.add_perm("publications.comment", is_secretariat | is_rapporteur)
# On a LanguageVersion: the secretariat, or the translator assigned to that language.
rules.add_perm("publications.translate", is_secretariat | is_translator_of)
