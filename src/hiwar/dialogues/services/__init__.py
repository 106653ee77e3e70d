"""Every write to the dialogues app. Functions are keyword-only and atomic; user errors raise
`DialogueError` with a translated message."""

from hiwar.dialogues.services.errors import DialogueError

__all__ = ["DialogueError"]
