"""What our own layer costs per lookup, with the network taken out.

An in-memory backend answers every request at once with the docs' get-order body, so what is
timed is only: `orders.get` (URL, headers, semaphore, retry wrapper, envelope check, decoding)
and `get_many` (worker tasks, hand-off to the consumer).

    .venv/bin/python -m benchmarks.overhead
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import httpx

from multisafepay_async import AsyncClient, Order
from multisafepay_async._backends import RawResponse
from multisafepay_async._convert import converter

BODY = (
    Path(__file__).parent.parent / "tests/data/api-examples/responses/getOrder.json"
).read_bytes()
N = 20_000


class InstantBackend:
    async def send(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str],
        content: bytes | None,
        timeout: httpx.Timeout,
    ) -> RawResponse:
        return RawResponse(200, {}, BODY)

    async def aclose(self) -> None:
        pass


async def per_lookup(batch: bool) -> float:
    client = AsyncClient("benchmark-key")
    client._ensure_open()
    client._backend = InstantBackend()
    started = time.perf_counter()
    if batch:
        async for _ in client.orders.get_many((f"o{i}" for i in range(N)), concurrency=100):
            pass
    else:
        for i in range(N):
            await client.orders.get(f"o{i}")
    return (time.perf_counter() - started) / N * 1e6


def _loop_us(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    for _ in range(N):
        work()
    return (time.perf_counter() - started) / N * 1e6


def main() -> None:
    # Best of 5 each: this machine is noisy, and the first pass also warms caches up.
    loads = min(_loop_us(lambda: json.loads(BODY)) for _ in range(5))
    decode = min(
        _loop_us(lambda: converter.structure(json.loads(BODY)["data"], Order)) for _ in range(5)
    )
    get = min(asyncio.run(per_lookup(batch=False)) for _ in range(5))
    many = min(asyncio.run(per_lookup(batch=True)) for _ in range(5))
    print(f"json.loads                      {loads:6.1f} us")
    print(f"json.loads + decode into Order  {decode:6.1f} us")
    print(f"orders.get, no network          {get:6.1f} us  (request path: {get - decode:.1f})")
    print(f"orders.get_many, no network     {many:6.1f} us  (batch hand-off: {many - get:.1f})")


if __name__ == "__main__":
    main()
