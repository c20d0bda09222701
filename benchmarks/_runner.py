"""One benchmark row in its own process: prints {"rps", "failures", "rss_mb"} as JSON."""

from __future__ import annotations

import asyncio
import importlib
import json
import resource
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any


async def _workers(
    n: int, c: int, cap: float, call: Callable[[int], Awaitable[Any]]
) -> tuple[int, int, float]:
    """`c` workers share a counter of `n` requests; none starts a request after `cap` s."""
    counter = iter(range(n))
    done = failures = 0
    started = time.perf_counter()
    deadline = started + cap

    async def worker() -> None:
        nonlocal done, failures
        for i in counter:
            if time.perf_counter() > deadline:
                return
            try:
                await call(i)
                done += 1
            except Exception:
                failures += 1

    await asyncio.gather(*(worker() for _ in range(c)))
    return done, failures, time.perf_counter() - started


async def raw_aiohttp(url: str, n: int, c: int, cap: float) -> tuple[int, int, float]:
    import aiohttp

    connector = aiohttp.TCPConnector(limit=c)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def call(i: int) -> Any:
            async with session.get(f"{url}/v1/json/orders/o{i}") as response:
                return json.loads(await response.read())

        return await _workers(n, c, cap, call)


async def raw_httpx(url: str, n: int, c: int, cap: float) -> tuple[int, int, float]:
    import httpx

    async with httpx.AsyncClient() as client:  # default limits: 100 connections, 20 kept alive

        async def call(i: int) -> Any:
            return (await client.get(f"{url}/v1/json/orders/o{i}")).json()

        return await _workers(n, c, cap, call)


async def ours(url: str, n: int, c: int, cap: float, backend: str) -> tuple[int, int, float]:
    from multisafepay_async import AsyncClient

    done = failures = 0
    started = time.perf_counter()
    deadline = started + cap

    def ids() -> Any:
        for i in range(n):
            if time.perf_counter() > deadline:
                return
            yield f"o{i}"

    async with AsyncClient(
        "k", base_url=url + "/v1/json", max_connections=c, backend=backend
    ) as client:  # type: ignore[arg-type]
        async for result in client.orders.get_many(ids(), concurrency=c):
            if result.order is not None:
                done += 1
            else:
                failures += 1
    return done, failures, time.perf_counter() - started


IMPORTS = {
    "raw aiohttp": ["aiohttp"],
    "raw httpx (default limits)": ["httpx"],
    "ours: httpx": ["multisafepay_async", "httpcore"],
    "ours: aiohttp": ["multisafepay_async", "aiohttp"],
}


def main() -> None:
    row, url, n, c, cap = (
        sys.argv[1],
        sys.argv[2],
        int(sys.argv[3]),
        int(sys.argv[4]),
        float(sys.argv[5]),
    )
    runs = {
        "raw aiohttp": lambda: raw_aiohttp(url, n, c, cap),
        "raw httpx (default limits)": lambda: raw_httpx(url, n, c, cap),
        "ours: httpx": lambda: ours(url, n, c, cap, "httpx"),
        "ours: aiohttp": lambda: ours(url, n, c, cap, "aiohttp"),
    }
    # Imported before the clock starts: CPU per request is the requests' cost, not imports'.
    for module in IMPORTS[row]:
        importlib.import_module(module)
    cpu = time.process_time()
    done, failures, elapsed = asyncio.run(runs[row]())
    cpu = time.process_time() - cpu
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"rps": done / elapsed, "failures": failures, "rss_mb": rss_mb}
    print(json.dumps({**result, "cpu_ms": cpu / max(done, 1) * 1000}))


if __name__ == "__main__":
    main()
