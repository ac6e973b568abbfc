"""Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by Playwright.

The browser is never downloaded. When it is missing the tests fail (`make browser-deps`
installs it); they do not skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the test
# itself (setting up users, reading back state) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PRESALES_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class OneRequestAtATimeServer(ThreadedWSGIServer):
    """The live server answers one request at a time.

    On SQLite the test database lives in memory and every request thread shares its one
    connection. Two requests at once (a page load while a dropdown's htmx request is still being
    answered) would then start a transaction inside the other's and fail at random. The browser
    keeps its connections alive, so the threads stay; only the application call is serialised,
    and its answer is read to the end inside the lock (a streamed export reads the database while
    it is sent).
    """

    def set_app(self, application):
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                answer = application(environ, start_response)
                try:
                    return [b"".join(answer)]
                finally:
                    if hasattr(answer, "close"):
                        answer.close()

        super().set_app(one_at_a_time)


LiveServerThread.server_class = OneRequestAtATimeServer


def _has_cjk_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    listing = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(listing.stdout.strip())


def require_chromium(executable: str = CHROMIUM) -> None:
    """Fail (never skip) with what to install when the browser or a Chinese font is missing."""
    if not (os.path.isfile(executable) and os.access(executable, os.X_OK)):
        pytest.fail(
            f"Chromium not found at {executable}: the browser tests need Debian's chromium and "
            "fonts-noto-cjk (run `make browser-deps` or `apt-get install chromium fonts-noto-cjk`).",
            pytrace=False,
        )
    if not _has_cjk_font():
        pytest.fail(
            "No Chinese font is installed: pages would show boxes instead of 汉字 "
            "(run `make browser-deps` or `apt-get install fonts-noto-cjk`).",
            pytrace=False,
        )


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads of the browser test go to a throw-away directory, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def browser_page(live_server, media_root):
    """A Playwright page in a Chinese-speaking browser (Accept-Language zh-CN), with every
    console error and uncaught page error collected in `page.console_errors`."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            base_url=live_server.url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport={"width": 1440, "height": 900},
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        errors: list[str] = []

        def on_console(message) -> None:
            if message.type == "error":
                source = (message.location or {}).get("url") or page.url
                errors.append(f"console error on {page.url}: {message.text} (from {source})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: errors.append(f"page error on {page.url}: {error}"))
        page.console_errors = errors
        try:
            yield page
        finally:
            context.close()
            browser.close()
