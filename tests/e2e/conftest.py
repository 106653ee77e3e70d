"""End-to-end fixtures: the real platform served by gunicorn on loopback, driven by Debian's
Chromium through Playwright. The server uses its own database (a fresh SQLite file, or the
throwaway PostgreSQL cluster when HIWAR_DATABASE_URL points at one) seeded with `seed_demo`."""

import email
import email.policy
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
BIN = Path(sys.executable).parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveHiwar:
    def __init__(self, url: str, mail_dir: Path, env: dict[str, str]) -> None:
        self.url = url
        self.mail_dir = mail_dir
        self.env = env

    def wait_for_mail(self, address: str, *, seconds: float = 20) -> str:
        """The newest mail to `address`, waiting (bounded) for the task worker to send it."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = [m for m in self.mails() if f"To: {address}" in m]
            if found:
                return found[-1]
            time.sleep(0.2)
        raise AssertionError(f"no mail to {address} within {seconds} s")

    def mails(self) -> list[str]:
        """Messages the file mail backend wrote, as headers plus decoded body text."""
        messages = []
        for path in sorted(self.mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime):
            for raw in path.read_text(encoding="utf-8").split("-" * 79):
                if not raw.strip():
                    continue
                # Parsed from bytes: the file backend writes 8-bit UTF-8 bodies, which a parse
                # from str would hand back as escapes.
                message = email.message_from_bytes(
                    raw.strip().encode("utf-8"), policy=email.policy.default
                )
                body = message.get_body(preferencelist=("plain",))
                text = body.get_content() if body is not None else ""
                messages.append(f"To: {message['To']}\nSubject: {message['Subject']}\n\n{text}")
        return messages


@pytest.fixture(scope="session")
def live_hiwar(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHiwar]:
    var_dir = tmp_path_factory.mktemp("hiwar-e2e")
    mail_dir = var_dir / "mail"
    env = {
        **os.environ,
        "HIWAR_VAR_DIR": str(var_dir),
        "HIWAR_EMAIL_BACKEND": "file",
        "HIWAR_EMAIL_FILE_PATH": str(mail_dir),
        "DJANGO_SETTINGS_MODULE": "hiwar.settings",
    }
    if not env.get("HIWAR_DATABASE_URL", "").startswith("postgres"):
        env["HIWAR_DATABASE_URL"] = f"sqlite:///{var_dir / 'e2e.sqlite3'}"
    port = _free_port()
    env["HIWAR_SITE_URL"] = f"http://127.0.0.1:{port}"
    for command in (["migrate", "--no-input", "-v", "0"], ["seed_demo"]):
        subprocess.run([str(BIN / "hiwar"), *command], env=env, check=True, capture_output=True)
    log = (var_dir / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "hiwar.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--timeout", "60"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    worker = subprocess.Popen(
        [str(BIN / "hiwar"), "db_worker", "--interval", "0.2"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):  # bounded: at most ~20 s
            try:
                urllib.request.urlopen(f"{url}/en/", timeout=2)  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError((var_dir / "gunicorn.log").read_text())
        yield LiveHiwar(url, mail_dir, env)
    finally:
        for process in (server, worker):
            process.terminate()
            process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


def screenshot(page: object, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path


_MAKE_OFFICER = """
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from hiwar.accounts.models import RoleAssignment, User
user = User.objects.create_user(
    email={email!r}, password={password!r}, full_name={full_name!r}, preferred_language={language!r}
)
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
RoleAssignment.objects.create(user=user, role="secretariat")
TOTP.activate(user, {secret!r})
"""


def make_officer(
    live_hiwar: LiveHiwar, *, email: str, password: str, full_name: str, language: str, secret: str
) -> None:
    """A secretariat officer with two-factor authentication already set up (the demo officer's
    is set up by another test), so a test does not depend on the order of the tests."""
    script = _MAKE_OFFICER.format(
        email=email, password=password, full_name=full_name, language=language, secret=secret
    )
    subprocess.run(
        [str(BIN / "hiwar"), "shell", "-c", script],
        env=live_hiwar.env,
        check=True,
        capture_output=True,
    )


def sign_in_with_totp(
    page: object, url: str, email: str, password: str, *, secret: str, language: str = "en"
) -> None:
    """Sign in, answering the authenticator code when the platform asks for one."""
    from tests.e2e.test_secretariat import totp_code

    page.goto(f"{url}/{language}/account/login/")  # type: ignore[attr-defined]
    page.fill("input[name=login]", email)  # type: ignore[attr-defined]
    page.fill("input[name=password]", password)  # type: ignore[attr-defined]
    page.locator("main form button[type=submit]").click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    if "/2fa/authenticate/" in page.url:  # type: ignore[attr-defined]
        page.fill("input[name=code]", totp_code(secret))  # type: ignore[attr-defined]
        page.locator("main form button[type=submit]").first.click()  # type: ignore[attr-defined]
        page.wait_for_load_state()  # type: ignore[attr-defined]
