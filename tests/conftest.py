import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from hiwar.accounts.models import PlatformRole, RoleAssignment
from tests.factories import UserFactory

_real_connect = socket.socket.connect


def _loopback_only_connect(self: socket.socket, address: Any) -> Any:
    """Outbound network access fails loudly in tests; loopback and Unix sockets are allowed."""
    if isinstance(address, tuple):
        host = address[0]
        try:
            allowed = ipaddress.ip_address(host).is_loopback
        except ValueError:
            allowed = host == "localhost"
        if not allowed:
            raise RuntimeError(f"Tests must not reach the network: connect to {address!r}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _no_outbound_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _loopback_only_connect)


@pytest.fixture(autouse=True)
def _no_real_mail(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings: Any) -> None:
    """Background tasks run inside the test; the browser tests run a real worker instead."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """PBKDF2 takes most of a second per user; these tests do not test hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request to /ar/ leaves Arabic active in the test thread; the next test starts in the
    default language, whatever ran before it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """allauth counts sign-ups and confirmation mails in the cache; each test starts afresh."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Load the real GCM framework once per test session, through the real loader."""
    with django_db_blocker.unblock():
        call_command("load_framework", verbosity=0)


@pytest.fixture
def user(db: None) -> Any:
    return UserFactory()


@pytest.fixture
def secretariat_user(db: None) -> Any:
    person = UserFactory(email="officer@example.org")
    RoleAssignment.objects.create(user=person, role=PlatformRole.SECRETARIAT)
    return person


@pytest.fixture
def secretariat_client(client: Any, secretariat_user: Any) -> Any:
    """A signed-in secretariat officer who has set up TOTP, as the middleware requires."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(secretariat_user, generate_totp_secret())
    client.force_login(secretariat_user)
    return client


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist (`--dist loadgroup`), every browser test goes to one worker, so the
    live server, its demo database and Chromium start once, not once per worker."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
