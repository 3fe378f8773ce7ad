"""Browser tests: Playwright for Python driving Debian's Chromium against live_server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the
# tests themselves (setting up data) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM} (apt-get install -y chromium)")
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Session:
    """One person's browser context, with console errors and accessibility checks."""

    def __init__(self, browser, base_url: str, locale: str = "de-DE"):
        self.base_url = base_url
        self.context = browser.new_context(base_url=base_url, locale=locale)
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.console_errors: list[str] = []
        self.page.on(
            "console",
            lambda msg: self.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        self.axe_violations: list[str] = []

    def check_accessibility(self) -> None:
        """Run axe-core on the current page; collect serious and critical violations."""
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.page.evaluate(AXE_SOURCE)
        violations = self.page.evaluate(
            """async () => {
                const result = await axe.run(document, {resultTypes: ['violations']});
                return result.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))
                }));
            }"""
        )
        for v in violations:
            if v["impact"] in ("serious", "critical"):
                self.axe_violations.append(
                    f"{self.page.url}: {v['id']} ({v['impact']}) {v['help']} {v['nodes']}"
                )

    def log_in(self, user) -> None:
        """Log ``user`` in through a session cookie (no log-in form on the way)."""
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": self.base_url}]
        )

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_session(browser, live_server):
    sessions: list[Session] = []

    def factory(locale: str = "de-DE") -> Session:
        session = Session(browser, live_server.url, locale)
        sessions.append(session)
        return session

    yield factory
    for session in sessions:
        session.close()
