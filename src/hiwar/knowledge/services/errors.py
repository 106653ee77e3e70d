class KnowledgeError(ValueError):
    """A refused change; str(error) is a translated message for the user."""
