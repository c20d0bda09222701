"""orders.get_many: thousands of lookups, bounded, streaming, one typed result per id."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator

import pytest

from multisafepay_async import (
    AsyncClient,
    BatchProgress,
    NotFoundError,
    ServiceUnavailableError,
    ValidationError,
)
from multisafepay_async._config import BackendName

from .conftest import API_KEY, FaultServer


def client_for(faults: FaultServer, backend: BackendName, **kwargs: object) -> AsyncClient:
    return AsyncClient(API_KEY, base_url=faults.api, backend=backend, **kwargs)  # type: ignore[arg-type]


class CountingIds:
    """`ok~0`, `ok~1`, ... up to `n`, counting how many were pulled."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.pulled = 0

    def __iter__(self) -> Iterator[str]:
        for i in range(self.n):
            self.pulled += 1
            yield f"ok~{i}"


async def test_one_result_per_id_with_typed_errors_for_failing_ids(
    faults: FaultServer, backend: BackendName
) -> None:
    ids = [f"ok~{i}" for i in range(500)] + ["503~down", "fail200~x"]
    async with client_for(faults, backend) as client:
        results = [r async for r in client.orders.get_many(ids, concurrency=50)]
    by_id = {r.order_id: r for r in results}
    assert sorted(by_id) == sorted(ids) and len(results) == len(ids)
    assert all(
        r.ok and r.order is not None and r.order.order_id == r.order_id
        for r in results
        if r.order_id.startswith("ok~")
    )
    assert isinstance(by_id["503~down"].error, ServiceUnavailableError)
    assert by_id["503~down"].error.attempts == 3 and by_id["503~down"].order is None
    assert by_id["fail200~x"].error is not None and not by_id["fail200~x"].ok


async def test_at_most_concurrency_lookups_run_at_once(
    faults: FaultServer, backend: BackendName
) -> None:
    async with client_for(faults, backend, max_connections=100) as client:
        async for _ in client.orders.get_many((f"slow~{i}" for i in range(40)), concurrency=7):
            pass
    stats = await faults.stats()
    assert stats["max_open"] <= 7 and stats["connections_opened"] <= 7


async def test_a_million_ids_from_a_generator_are_pulled_only_as_needed(
    faults: FaultServer, backend: BackendName
) -> None:
    ids = CountingIds(1_000_000)
    async with client_for(faults, backend) as client:
        async with contextlib.aclosing(client.orders.get_many(ids, concurrency=10)) as results:
            seen = 0
            async for _ in results:
                seen += 1
                if seen == 100:
                    break
        assert ids.pulled <= 100 + 2 * 10  # what was consumed, plus one window
        order = await client.orders.get("ok~after")  # the client is still fine
    assert order.order_id == "ok~after"


async def test_lookups_go_on_while_the_consumer_is_busy_up_to_twice_the_concurrency(
    faults: FaultServer, backend: BackendName
) -> None:
    ids = CountingIds(1_000)
    async with (
        client_for(faults, backend) as client,
        contextlib.aclosing(client.orders.get_many(ids, concurrency=5)) as results,
    ):
        async for _ in results:
            await asyncio.sleep(0.5)  # busy with the first result
            break
    # Workers did not wait for the consumer to take each result before the next lookup
    # (lockstep), and stopped once 10 results were waiting: the one taken, plus 2 x 5.
    assert ids.pulled == 1 + 2 * 5


async def test_async_iterables_of_ids_work_too(faults: FaultServer, backend: BackendName) -> None:
    async def ids() -> AsyncIterator[str]:
        for i in range(300):
            await asyncio.sleep(0)
            yield f"ok~{i}"

    async with client_for(faults, backend) as client:
        results = [r async for r in client.orders.get_many(ids(), concurrency=20)]
    assert sorted(r.order_id for r in results) == sorted(f"ok~{i}" for i in range(300))


async def test_ordered_results_follow_the_input_even_when_early_ids_are_slow(
    faults: FaultServer, backend: BackendName
) -> None:
    ids = ["slow~a", "slow~b"] + [f"ok~{i}" for i in range(60)]
    async with client_for(faults, backend) as client:
        unordered = [r.order_id async for r in client.orders.get_many(ids, concurrency=10)]
        ordered = [
            r.order_id async for r in client.orders.get_many(ids, concurrency=10, ordered=True)
        ]
    assert ordered == ids
    assert unordered != ids and sorted(unordered) == sorted(ids)  # fast ones came first


async def test_progress_is_reported_after_every_result(
    faults: FaultServer, backend: BackendName
) -> None:
    seen: list[BatchProgress] = []
    ids = [f"ok~{i}" for i in range(100)] + ["404~gone"]
    async with client_for(faults, backend) as client:
        async for _ in client.orders.get_many(ids, concurrency=10, on_progress=seen.append):
            pass
    assert [p.done for p in seen] == list(range(1, 102))
    assert seen[-1].failed == 1 and seen[-1].in_flight == 0 and seen[-1].rate > 0


async def test_cancelling_the_consumer_cancels_the_lookups_and_keeps_the_client_usable(
    faults: FaultServer, backend: BackendName
) -> None:
    async with client_for(faults, backend) as client:
        baseline = len(asyncio.all_tasks())

        async def consume() -> None:
            async for _ in client.orders.get_many([f"slow~{i}" for i in range(1000)]):
                pass

        task = asyncio.create_task(consume())
        await asyncio.sleep(0.1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert len(asyncio.all_tasks()) == baseline  # no worker left behind
        results = [r async for r in client.orders.get_many([f"ok~{i}" for i in range(200)])]
        assert all(r.ok for r in results) and len(results) == 200


async def test_unknown_and_invalid_ids_are_per_id_errors(fake_url: str) -> None:
    async with AsyncClient(API_KEY, base_url=fake_url) as client:
        results = [r async for r in client.orders.get_many(["nope", ""], ordered=True)]
    assert isinstance(results[0].error, NotFoundError)
    assert isinstance(results[1].error, ValidationError)


async def test_a_bug_in_the_id_source_propagates(fake_url: str) -> None:
    def ids() -> Iterator[str]:
        yield "nope"
        raise RuntimeError("broken id source")

    async with AsyncClient(API_KEY, base_url=fake_url) as client:
        with pytest.raises(RuntimeError, match="broken id source"):
            async for _ in client.orders.get_many(ids()):
                pass


@pytest.mark.parametrize("concurrency", [0, -1, 2.5])
def test_concurrency_must_be_a_positive_integer(concurrency: object) -> None:
    client = AsyncClient(API_KEY)
    with pytest.raises(ValidationError, match="concurrency"):
        client.orders.get_many(["a"], concurrency=concurrency)  # type: ignore[arg-type]
