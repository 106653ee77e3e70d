"""Every write to the conference app: the programme and its publication, registration, the
speakers' list and key messages. Functions are keyword-only and atomic; user errors raise
`ConferenceError` with a translated message."""

from hiwar.conference.services.errors import ConferenceError

__all__ = ["ConferenceError"]
