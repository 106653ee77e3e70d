"""A secretariat officer signs in and is made to set up two-factor authentication first."""

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.browser


def test_secretariat_is_sent_to_totp_setup_after_signing_in(live_hiwar, page):
    page.goto(f"{live_hiwar.url}/fr/account/login/")
    page.fill("input[name=login]", "secretariat@example.org")
    page.fill("input[name=password]", "hiwar-demo-2021")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if "/account/reauthenticate/" in page.url:  # allauth asks for the password once more
        page.fill("input[name=password]", "hiwar-demo-2021")
        page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/fr/account/2fa/totp/activate/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("img").count() >= 1  # the QR code to scan
    assert "deux facteurs" in page.locator("main").inner_text()
    screenshot(page, "secretariat-totp-setup-fr")

    # Every other page sends them back here until TOTP is set up.
    page.goto(f"{live_hiwar.url}/fr/me/invitations/")
    assert "/account/2fa/totp/activate" in page.url
