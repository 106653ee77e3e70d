"""The secretariat's first steps: two-factor set-up, then inviting a focal point who has no
account yet; the invitation mail leaves through the task worker."""

import base64
import hashlib
import hmac
import re
import struct
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.browser


def totp_code(secret: str, at: float | None = None) -> str:
    """RFC 6238 code (SHA-1, 30 s, 6 digits), as an authenticator app computes it."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = struct.pack(">Q", int((at or time.time()) // 30))
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def sign_in(page, url, email, password):
    page.goto(f"{url}/fr/account/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if "/account/reauthenticate/" in page.url:  # allauth asks for the password once more
        page.fill("input[name=password]", password)
        page.locator("main form button[type=submit]").click()


def test_secretariat_sets_up_totp_and_invites_a_focal_point(live_hiwar, page, browser):
    sign_in(page, live_hiwar.url, "secretariat@example.org", "hiwar-demo-2021")
    # The demo officer prefers English: signing in from the French page lands in English.
    page.wait_for_url("**/en/account/2fa/totp/activate/")
    assert "two-factor" in page.locator("main").inner_text()
    screenshot(page, "secretariat-totp-setup-en")

    # Every other page sends them back here until TOTP is set up.
    page.goto(f"{live_hiwar.url}/fr/me/invitations/")
    assert "/account/2fa/totp/activate/" in page.url

    secret = page.locator("#authenticator_secret").input_value()
    page.fill("input[name=code]", totp_code(secret))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/account/2fa/totp/activate/" not in page.url

    # The review dashboard, in Arabic: every member state with its report status.
    page.goto(f"{live_hiwar.url}/ar/review/arab-region-2020-2021/dashboard/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("main table").first.locator("tbody tr").count() == 22
    assert page.locator(".status--published").count() == 9
    screenshot(page, "review-dashboard-ar")
    with page.expect_download() as download:
        page.locator("a[href$='dashboard.csv']").click()
    csv_text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert len(csv_text.strip().splitlines()) == 23  # header and 22 member states

    # Invite a focal point for Jordan, in Arabic.
    page.goto(f"{live_hiwar.url}/en/me/invitations/")
    page.fill("input[name=email]", "focal.jordan@example.org")
    page.select_option("select[name=role]", "focal_point")
    page.select_option("select[name=country]", label="Jordan")
    page.select_option("select[name=language]", "ar")
    page.locator("main form button[type=submit]").click()
    assert "focal.jordan@example.org" in page.locator(".messages").inner_text()
    screenshot(page, "invitations-en")

    mail = live_hiwar.wait_for_mail("focal.jordan@example.org")
    link = re.search(r"http://127\.0\.0\.1:\d+/ar/me/invitation/[\w-]+/", mail).group(0)

    # The invited person, in another browser: registers, verifies the address, accepts.
    invitee = browser.new_context().new_page()
    invitee.goto(link)
    assert invitee.locator("html").get_attribute("dir") == "rtl"
    screenshot(invitee, "invitation-ar")
    invitee.locator("main a.button--secondary").click()  # register
    invitee.fill("input[name=email]", "focal.jordan@example.org")
    invitee.fill("input[name=password1]", "Jordan-focal-2021!")
    invitee.fill("input[name=password2]", "Jordan-focal-2021!")
    invitee.fill("input[name=full_name]", "يوسف العلي")
    invitee.locator("main form button[type=submit]").click()
    invitee.wait_for_url("**/account/confirm-email/")
    verification = live_hiwar.wait_for_mail("focal.jordan@example.org")
    confirm = re.search(r"http://127\.0\.0\.1:\d+/\S+/account/confirm-email/\S+/", verification)
    invitee.goto(confirm.group(0))
    invitee.locator("main form button[type=submit]").click()
    invitee.wait_for_load_state()

    invitee.goto(link)
    invitee.locator("main form button[type=submit]").click()  # accept
    invitee.wait_for_url("**/ar/me/")
    roles = invitee.locator("#roles-title + ul").inner_text()
    assert "الأردن" in roles  # Jordan
    screenshot(invitee, "dashboard-focal-point-ar")
    invitee.context.close()
