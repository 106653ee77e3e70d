from typing import Any

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """PBKDF2 takes most of a second per user; these tests do not test hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Any:
    """allauth counts sign-ups and confirmation mails in the cache; each test starts afresh."""
    cache.clear()
    yield
    cache.clear()
