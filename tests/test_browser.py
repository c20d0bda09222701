"""The checkout in a real browser: headless Chromium (Debian's `chromium`, driven by
Playwright through `executable_path`) buys in the FastAPI example, pays or cancels on the
fake's payment page, and lands back on the shop, which shows what its webhook heard.

Everything crosses real sockets: the shop and the fake are each served by uvicorn on
loopback, the fake notifies the shop over HTTP. `make test` installs what this needs and
requires it (`MULTISAFEPAY_BROWSER_TESTS=required`); elsewhere it is skipped when Chromium
or Playwright is missing. `MULTISAFEPAY_SCREENSHOTS=docs/img` rewrites the docs' screenshots.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from examples.fastapi_app import create_app
from multisafepay_async.testing import FakeMultiSafepay, serve

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRED = os.environ.get("MULTISAFEPAY_BROWSER_TESTS") == "required"


def _playwright() -> Any:
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        return None
    return async_playwright


def test_the_browser_tests_can_run_where_they_are_required() -> None:
    if not REQUIRED:
        pytest.skip("only where MULTISAFEPAY_BROWSER_TESTS=required (make test)")
    assert CHROMIUM, "no chromium: apt-get install chromium (make test does)"
    assert _playwright() is not None, "no playwright: pip install playwright (make test does)"


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    async_playwright = _playwright()
    if CHROMIUM is None or async_playwright is None:
        pytest.skip("needs Chromium and Playwright (make test installs both)")
    async with async_playwright() as playwright:
        # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        launched = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture
async def shop_url() -> AsyncIterator[str]:
    """The FastAPI example on a loopback port, talking to a fake MultiSafepay on another."""
    fake = FakeMultiSafepay()
    fake.notifier.retry_delay = 0.2
    async with serve(fake):
        app = create_app(fake.api_key, base_url=fake.base_url)
        async with serve(app) as url:
            yield url
        await fake.notifier.aclose()


def _screenshot_dir(tmp_path: Path) -> Path:
    wanted = os.environ.get("MULTISAFEPAY_SCREENSHOTS")
    return Path(wanted) if wanted else tmp_path


@pytest.mark.parametrize(
    ("action", "status", "shown", "shot"),
    [
        ("complete", "completed", "paid (completed)", "checkout-paid.png"),
        ("cancel", "cancelled", "not paid (cancelled)", "checkout-cancelled.png"),
    ],
)
async def test_a_customer_buys_pays_or_cancels_and_the_shop_shows_what_its_webhook_heard(
    browser: Any, shop_url: str, tmp_path: Path, action: str, status: str, shown: str, shot: str
) -> None:
    shots = _screenshot_dir(tmp_path)
    page = await browser.new_page(viewport={"width": 640, "height": 720})
    await page.goto(shop_url + "/")
    await page.click("#buy")  # the shop creates the order and sends us to payment_url
    await page.wait_for_selector('[data-action="complete"]')
    assert "EUR 10.00" in await page.inner_text("#amount")
    assert await page.inner_text("#description") == "A table"
    if action == "complete":
        await page.screenshot(path=str(shots / "checkout-page.png"))
    await page.click(f'[data-action="{action}"]')

    # Back on the shop, at the URL MultiSafepay sends customers to, with ?transactionid=.
    result = await page.wait_for_selector(f'#status[data-status="{status}"]', timeout=20_000)
    assert result is not None and shown in await result.inner_text()
    assert page.url.startswith(shop_url + "/orders/shop-") and "transactionid=shop-" in page.url
    await result.screenshot(path=str(shots / shot))
    await page.close()
