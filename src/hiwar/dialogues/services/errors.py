class DialogueError(Exception):
    """A request that cannot be carried out; the message is translated, for the user."""
