"""Shared fixtures: research bodies, the fake MultiSafepay (in-process and on loopback)."""

from __future__ import annotations

import inspect
import json
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from multisafepay_async import AsyncClient
from multisafepay_async._config import BackendName
from multisafepay_async.testing import FakeMultiSafepay, serve, set_testing

ROOT = Path(__file__).parent.parent
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


def public_methods() -> dict[str, Any]:
    """Every public API method of a client by dotted name (`orders.refund`), as functions."""
    from multisafepay_async.resources._base import Resource

    client = AsyncClient(API_KEY)
    methods: dict[str, Any] = {"me": AsyncClient.me, "request": AsyncClient.request}
    for attribute, resource in vars(client).items():
        if isinstance(resource, Resource):
            for name, member in inspect.getmembers(type(resource), inspect.isfunction):
                if not name.startswith("_"):
                    methods[f"{attribute}.{name}"] = member
    return methods


class FaultServer:
    def __init__(self, url: str) -> None:
        self.url = url
        self.api = url + "/v1/json"

    async def stats(self) -> dict[str, Any]:
        async with httpx.AsyncClient() as http:
            return (await http.get(self.url + "/_stats")).json()  # type: ignore[no-any-return]

    async def reset(self) -> None:
        async with httpx.AsyncClient() as http:
            await http.post(self.url + "/_reset")

    async def count(self, method: str, order_id: str) -> int:
        return int((await self.stats())["requests"].get(f"{method} {order_id}", 0))


@pytest.fixture(scope="session")
def fault_process() -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.faultserver", "--fault-rate", "0.1", "--seed", "7"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    port = int(process.stdout.readline().split()[1])
    process.stdout.close()  # the server prints nothing more
    yield f"http://127.0.0.1:{port}"
    process.kill()
    process.wait()


@pytest.fixture
async def faults(fault_process: str) -> AsyncIterator[FaultServer]:
    server = FaultServer(fault_process)
    await server.reset()
    yield server


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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


@pytest.fixture(params=["httpx", "aiohttp"])
def backend(request: pytest.FixtureRequest) -> BackendName:
    """Each transport-sensitive test runs on both backends."""
    name: BackendName = request.param
    return name


@pytest.fixture
async def client(fake_url: str, backend: BackendName) -> AsyncIterator[AsyncClient]:
    """A client talking to the fake over a real socket."""
    async with AsyncClient(API_KEY, base_url=fake_url, backend=backend) as c:
        yield c
