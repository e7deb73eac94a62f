"""A real headless Chromium (Debian's) driven by Playwright against pytest-django's
live server. One browser for the whole session; each test gets a fresh page with no
cookies, so tests stay independent and fast."""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread, which makes Django refuse ORM
# calls from test code ("you cannot call this from an async context"). The test code is
# not async at all, so the check does not apply.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import BrowserContext, Page, sync_playwright  # noqa: E402

from tests.conftest import PASSWORD  # noqa: E402

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory) -> BrowserContext:
    if not CHROMIUM.exists():
        # A failure, not a skip: CI treats skipped tests as failures anyway, and the
        # message says what to do.
        pytest.fail(f"No Chromium at {CHROMIUM}. Install it (Debian: apt-get install chromium).")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 800},
        )
        context.set_default_timeout(10_000)
        yield context
        context.close()


@pytest.fixture
def page(browser_context, live_server) -> Page:
    browser_context.clear_cookies()
    page = browser_context.new_page()
    page.bring_to_front()  # so keyboard focus lands in this page's document
    yield page
    page.close()


@pytest.fixture
def log_in(page, live_server):
    """Log in through the form, with the keyboard, as a person would."""

    def _log_in(email: str, next_path: str = "/"):
        page.goto(f"{live_server.url}{next_path}")
        page.wait_for_url(re.compile(r"/accounts/login/"))
        page.get_by_label("Email").focus()
        page.keyboard.type(email)
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "/accounts/login/" not in page.url, "the log-in form was refused"
        return page

    return _log_in
