"""Reliability over real sockets, against the fault-injecting server in its own process.

Ids name what the server does with each request to them (see tests/faultserver.py):
`503.ok~x` answers 503 once, then the order.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from multisafepay_async import (
    APIConnectionError,
    APITimeoutError,
    AsyncClient,
    InvalidRequestError,
    MultiSafepayError,
    Order,
    OutcomeUnknownError,
    ServiceUnavailableError,
)
from multisafepay_async._config import BackendName

from .conftest import API_KEY, SEED_ORDER, FaultServer, closed_port


def client_for(server: FaultServer, **kwargs: Any) -> AsyncClient:
    kwargs.setdefault("timeout", httpx.Timeout(2.0, read=0.5))
    return AsyncClient(API_KEY, base_url=server.api, **kwargs)


TRANSIENT = [
    "503",
    "503ra",
    "429",
    "500",
    "502",
    "504",
    "html200",
    "trunc",
    "resetpre",
    "resetpost",
    "stall",
]


@pytest.mark.parametrize("fault", TRANSIENT)
async def test_a_read_survives_two_transient_faults(
    faults: FaultServer, fault: str, backend: BackendName
) -> None:
    order_id = f"{fault}.{fault}.ok~read"
    async with client_for(faults, backend=backend) as client:
        order = await client.orders.get(order_id)
    assert order.order_id == order_id
    assert await faults.count("GET", order_id) == 3


async def test_a_read_gives_up_with_a_typed_error_saying_how_often_it_tried(
    faults: FaultServer,
    backend: BackendName,
) -> None:
    async with client_for(faults, backend=backend) as client:
        with pytest.raises(ServiceUnavailableError) as caught:
            await client.orders.get("503~always")
    assert caught.value.attempts == 3 and await faults.count("GET", "503~always") == 3


async def test_a_stalled_read_times_out_as_a_typed_error(
    faults: FaultServer, backend: BackendName
) -> None:
    async with client_for(faults, backend=backend) as client:
        with pytest.raises(APITimeoutError) as caught:
            await client.orders.get("stall~x", max_retries=0)
    assert caught.value.request_sent is True


async def test_success_false_with_http_200_is_an_error_and_not_retried(
    faults: FaultServer, backend: BackendName
) -> None:
    async with client_for(faults, backend=backend) as client:
        with pytest.raises(InvalidRequestError) as caught:
            await client.orders.get("fail200~x")
    assert caught.value.http_status == 200 and caught.value.error_code == 1014
    assert await faults.count("GET", "fail200~x") == 1


MAY_HAVE_ARRIVED = ["resetpost", "stall", "502", "504", "500", "trunc", "html200"]


@pytest.mark.parametrize("fault", MAY_HAVE_ARRIVED)
async def test_a_create_that_may_have_arrived_is_sent_exactly_once(
    faults: FaultServer, fault: str, backend: BackendName
) -> None:
    order_id = f"{fault}.ok~create"
    async with client_for(faults, backend=backend) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.orders.create({**SEED_ORDER, "order_id": order_id})
    assert caught.value.order_id == order_id
    assert await faults.count("POST", order_id) == 1


@pytest.mark.parametrize("fault", ["503", "503ra", "429"])
async def test_a_create_refused_unprocessed_is_retried(
    faults: FaultServer, fault: str, backend: BackendName
) -> None:
    order_id = f"{fault}.ok~create"
    async with client_for(faults, backend=backend) as client:
        created = await client.orders.create({**SEED_ORDER, "order_id": order_id})
    assert created.order_id == order_id
    assert await faults.count("POST", order_id) == 2


async def test_reconcile_finds_the_order_instead_of_creating_it_twice(
    faults: FaultServer,
    backend: BackendName,
) -> None:
    order_id = "resetpost.ok~reconcile"
    async with client_for(faults, backend=backend) as client:
        created = await client.orders.create({**SEED_ORDER, "order_id": order_id}, reconcile=True)
    assert created.order is not None and created.order.order_id == order_id
    assert await faults.count("POST", order_id) == 1
    assert await faults.count("GET", order_id) == 1


async def test_connection_refused_is_retried_even_for_a_create(backend: BackendName) -> None:
    base = f"http://127.0.0.1:{closed_port()}/v1/json"
    async with AsyncClient(API_KEY, base_url=base, backend=backend) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.orders.create(SEED_ORDER)
    assert caught.value.request_sent is False
    assert caught.value.attempts == 3
    assert not isinstance(caught.value, OutcomeUnknownError)


async def test_2000_lookups_with_10_percent_random_faults(
    faults: FaultServer, backend: BackendName
) -> None:
    ids = [f"rand~{i}" for i in range(2000)]
    async with client_for(faults, backend=backend) as client:
        async with asyncio.timeout(60):  # no hang
            results = await asyncio.gather(
                *(client.orders.get(i) for i in ids), return_exceptions=True
            )
    orders = [r for r in results if isinstance(r, Order)]
    errors = [r for r in results if not isinstance(r, Order)]
    assert all(isinstance(e, MultiSafepayError) for e in errors), {type(e) for e in errors}
    assert [o.order_id for o in orders] == [
        i for i, r in zip(ids, results, strict=True) if isinstance(r, Order)
    ]
    assert len(orders) >= 0.99 * len(ids)
    stats = await faults.stats()
    faulted = sum(stats["requests"].values()) - len(ids)
    assert faulted > 100  # about 10 % of 2000 requests were faults, and were retried


async def test_10000_concurrent_lookups_succeed_on_no_more_connections_than_the_pool(
    faults: FaultServer,
    backend: BackendName,
) -> None:
    async with client_for(faults, backend=backend, max_connections=50) as client:
        orders = await asyncio.gather(*(client.orders.get(f"ok~{i}") for i in range(10_000)))
    assert len(orders) == 10_000 and orders[-1].order_id == "ok~9999"
    stats = await faults.stats()
    assert stats["connections_opened"] <= 50
    assert stats["max_open"] <= 50


async def test_cancelling_1000_calls_leaves_the_client_usable_and_leaks_nothing(
    faults: FaultServer,
    backend: BackendName,
) -> None:
    async with client_for(faults, backend=backend) as client:
        tasks = [asyncio.create_task(client.orders.get(f"slow~{i}")) for i in range(1000)]
        await asyncio.sleep(0.1)  # all started, 100 of them on the wire
        for task in tasks:
            task.cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        assert all(isinstance(r, asyncio.CancelledError) for r in results)

        orders = await asyncio.gather(*(client.orders.get(f"ok~{i}") for i in range(1000)))
        assert len(orders) == 1000
        # The cancelled calls' connections were closed, not returned to the pool (a response
        # was pending on them); the server notices when its slow answer hits a closed socket.
        stats = await _settled(faults, lambda s: s["connections_open"] <= 100)
        assert stats["connections_open"] <= 100
        assert stats["connections_opened"] <= 200
    stats = await _settled(faults, lambda s: s["connections_open"] == 0)
    assert stats["connections_open"] == 0, stats


async def _settled(faults: FaultServer, done: Any, seconds: float = 3.0) -> dict[str, Any]:
    """The server's stats once `done(stats)` holds, or after `seconds`."""
    for _ in range(int(seconds / 0.05)):
        stats = await faults.stats()
        if done(stats):
            break
        await asyncio.sleep(0.05)
    return stats
