"""Shared fixtures: research bodies, the fake MultiSafepay (in-process and on loopback)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from multisafepay_async import AsyncClient
from multisafepay_async.testing import FakeMultiSafepay, serve, set_testing

DATA = Path(__file__).parent / "data"
API_KEY = "test-secret-key-0123456789"


def load(relative: str) -> Any:
    """A research body by its path under tests/data."""
    return json.loads((DATA / relative).read_text(encoding="utf-8"))


def order_data(relative: str) -> Any:
    """The order object of a body, with or without the {success, data} envelope."""
    body = load(relative)
    return body["data"] if "success" in body else body


SEED_ORDER: dict[str, Any] = {
    "type": "redirect",
    "order_id": "my-order-id-1",
    "currency": "EUR",
    "amount": 1000,
    "description": "Test order description",
    "payment_options": {"notification_url": "https://www.example.com/notify"},
    "customer": {"locale": "nl_NL", "first_name": "John", "email": "jdoe@example.com"},
}


@pytest.fixture(autouse=True)
def _no_retry_sleeps() -> Iterator[None]:
    set_testing(True)
    yield
    set_testing(False)


@pytest.fixture
def fake() -> FakeMultiSafepay:
    return FakeMultiSafepay(API_KEY)


@pytest.fixture
async def fake_url(fake: FakeMultiSafepay) -> AsyncIterator[str]:
    """The fake served by uvicorn on a loopback port; yields the API base URL."""
    async with serve(fake) as url:
        yield url + "/v1/json"


@pytest.fixture
async def client(fake_url: str) -> AsyncIterator[AsyncClient]:
    """A client talking to the fake over a real socket."""
    async with AsyncClient(API_KEY, base_url=fake_url) as c:
        yield c
