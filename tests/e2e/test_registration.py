"""A stakeholder registers in Arabic, verifies the address and creates an organization."""

import re

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.browser


def test_register_verify_and_create_organization_in_arabic(live_hiwar, page):
    page.goto(f"{live_hiwar.url}/ar/account/signup/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("input[name=email]", "amman.union@example.org")
    page.fill("input[name=password1]", "a-long-passphrase-2021")
    page.fill("input[name=password2]", "a-long-passphrase-2021")
    page.fill("input[name=full_name]", "ليلى حداد")
    page.select_option("select[name=preferred_language]", "ar")
    screenshot(page, "signup-ar")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/account/confirm-email/")

    mail = next(m for m in live_hiwar.mails() if "amman.union@example.org" in m)
    link = re.search(r"http://127\.0\.0\.1:\d+/\S+/account/confirm-email/\S+/", mail).group(0)
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    assert "/me/" in page.url  # signed in after confirmation

    page.goto(f"{live_hiwar.url}/ar/me/organizations/new/")
    page.fill("input[name=name]", "Amman Migrant Workers Union")
    page.select_option(
        "select[name=category]",
        label=page.locator("select[name=category] option").nth(8).inner_text(),
    )  # trade unions
    page.select_option(
        "select[name=country]",
        value=page.locator("select[name=country] option", has_text="الأردن").first.get_attribute(
            "value"
        ),
    )
    page.locator("main form button[type=submit]").click()
    assert page.locator("h1").inner_text() == "Amman Migrant Workers Union"
    screenshot(page, "organization-created-ar")

    # The same name again, differently cased: a clear error, tied to the field.
    page.goto(f"{live_hiwar.url}/ar/me/organizations/new/")
    page.fill("input[name=name]", "amman migrant workers UNION")
    page.locator("main form button[type=submit]").click()
    name = page.locator("input[name=name]")
    assert name.get_attribute("aria-invalid") == "true"
    errors = page.locator(f"#{name.get_attribute('aria-describedby').split()[0]}")
    assert errors.inner_text().strip()
    screenshot(page, "organization-duplicate-ar")
