"""Every write of the publications app."""

from hiwar.publications.services.documents import (
    add_comment,
    add_section,
    create_publication_from_draft,
    delete_section,
    generate_publication,
    move_section,
    publish_publication,
    rename_publication,
    resolve_comment,
    restore_section_revision,
    return_to_draft,
    save_section,
    set_adoption_status,
    submit_for_review,
)
from hiwar.publications.services.errors import EditConflict, PublicationError
from hiwar.publications.services.translations import (
    assign_translator,
    machine_translate_section,
    refresh_language_statuses,
    save_translated_title,
    save_translation,
)

__all__ = [
    "EditConflict",
    "PublicationError",
    "add_comment",
    "add_section",
    "assign_translator",
    "create_publication_from_draft",
    "delete_section",
    "generate_publication",
    "machine_translate_section",
    "move_section",
    "publish_publication",
    "refresh_language_statuses",
    "rename_publication",
    "resolve_comment",
    "restore_section_revision",
    "return_to_draft",
    "save_section",
    "save_translated_title",
    "save_translation",
    "set_adoption_status",
    "submit_for_review",
]
