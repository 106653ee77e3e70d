from dataclasses import dataclass


class PublicationError(Exception):
    """A request that cannot be carried out; the message is translated, for the user."""


@dataclass
class EditConflict(Exception):
    """Someone saved the text since this editor loaded it. Nothing was overwritten: the view
    shows their text beside yours so you can merge, then save again."""

    their_heading: str
    their_body: str
    their_revision: int
    their_author: str
    your_heading: str
    your_body: str
