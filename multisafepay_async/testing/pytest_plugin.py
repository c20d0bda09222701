"""The pytest plugin: a fake MultiSafepay and a client on it, per test.

Installed with the `testing` extra and registered through the `pytest11` entry point, so a
project that installs `multisafepay-async[testing]` has these fixtures without importing
anything:

- `multisafepay_fake`: a fresh `FakeMultiSafepay` served on a loopback port for the test,
  with `.url`, `.base_url`, `.api_key`, `.pay(order_id)`, `.decline(order_id)`,
  `.cancel(order_id)`, `await .notifications_settled()` and `.deliveries`; the client's
  retries do not sleep while it runs.
- `multisafepay_client`: an `AsyncClient` on that fake, closed after the test.

Both are async fixtures of pytest-asyncio (installed with the extra) and work in its strict
and auto modes; they run on the test's own event loop, so a test can hand the fake's
notifications to its app (`multisafepay_fake.notifier.transport`) and await both.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from .. import _retry
from .._client import AsyncClient
from ._app import FakeMultiSafepay
from ._serve import serve

__all__ = ["multisafepay_client", "multisafepay_fake"]

try:
    import pytest_asyncio
except ImportError:  # the package without its testing extra: say what is missing, on use
    pytest_asyncio = None  # type: ignore[assignment]


def _async_fixture(function: Any) -> Any:
    """`pytest_asyncio.fixture(function)`; without pytest-asyncio, a fixture that fails
    the test saying what to install (a plugin must never break a user's whole run)."""
    if pytest_asyncio is None:

        @pytest.fixture(name=function.__name__)
        def missing() -> None:
            pytest.fail(
                f"{function.__name__} needs pytest-asyncio:"
                " pip install 'multisafepay-async[testing]'",
                pytrace=False,
            )

        return missing
    return pytest_asyncio.fixture(function)


@_async_fixture
async def multisafepay_fake() -> AsyncIterator[FakeMultiSafepay]:
    """A fresh fake MultiSafepay on a loopback port, for one test."""
    fake = FakeMultiSafepay()
    sleeping = not _retry.testing()
    _retry.set_testing(True)  # the client's retries do not sleep during the test
    try:
        async with serve(fake):
            yield fake
            await fake.notifier.aclose()  # no delivery left running past the test
    finally:
        _retry.set_testing(not sleeping)


@_async_fixture
async def multisafepay_client(
    multisafepay_fake: FakeMultiSafepay,
) -> AsyncIterator[AsyncClient]:
    """An `AsyncClient` with the fake's key and URL, closed after the test."""
    fake = multisafepay_fake
    async with AsyncClient(fake.api_key, base_url=fake.base_url) as client:
        yield client
