"""Every write to the reviews app, grouped by subject: cycles and templates, national reports,
stakeholder inputs. Functions are keyword-only and atomic; user errors raise `ReviewError`."""

from hiwar.reviews.services.cycles import open_review_cycle, set_milestone
from hiwar.reviews.services.errors import ReviewError

__all__ = ["ReviewError", "open_review_cycle", "set_milestone"]
