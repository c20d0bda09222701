"""How many requests in flight, and how big a pool? Measures the choices behind the defaults.

Runs the loopback test server (tests/faultserver.py) in its own process, with and without
simulated network latency, and fires N order lookups at several in-flight levels through:

* `ours`: `AsyncClient(max_connections=L)`, decoding every order;
* `httpx tuned`: a raw `httpx.AsyncClient` with a pool of L kept alive and a semaphore of L;
* `httpx default`: a raw `httpx.AsyncClient()` (100 connections, 20 kept alive), no semaphore.

Run from the repository root: `.venv/bin/python -m benchmarks.pool_defaults [--n 3000]`.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from multisafepay_async import AsyncClient
from multisafepay_async.testing import set_testing


class Server:
    def __init__(self, delay_ms: float) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.faultserver", "--delay-ms", str(delay_ms)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.url = f"http://127.0.0.1:{int(self.process.stdout.readline().split()[1])}"
        self.process.stdout.close()

    async def stats(self) -> dict[str, Any]:
        async with httpx.AsyncClient() as http:
            stats: dict[str, Any] = (await http.get(self.url + "/_stats")).json()
            await http.post(self.url + "/_reset")
        return stats

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


async def _gather(n: int, call: Callable[[int], Awaitable[object]]) -> tuple[float, int]:
    started = time.perf_counter()
    results = await asyncio.gather(*(call(i) for i in range(n)), return_exceptions=True)
    failures = sum(isinstance(r, BaseException) for r in results)
    return time.perf_counter() - started, failures


async def ours(url: str, n: int, level: int) -> tuple[float, int]:
    async with AsyncClient("k", base_url=url + "/v1/json", max_connections=level) as client:
        return await _gather(n, lambda i: client.orders.get(f"o{i}"))


async def httpx_tuned(url: str, n: int, level: int) -> tuple[float, int]:
    limits = httpx.Limits(max_connections=level, max_keepalive_connections=level)
    semaphore = asyncio.Semaphore(level)
    async with httpx.AsyncClient(limits=limits) as client:

        async def call(i: int) -> object:
            async with semaphore:
                return (await client.get(f"{url}/v1/json/orders/o{i}")).json()

        return await _gather(n, call)


async def httpx_default(url: str, n: int, level: int) -> tuple[float, int]:
    async with httpx.AsyncClient(timeout=30) as client:
        return await _gather(n, lambda i: client.get(f"{url}/v1/json/orders/o{i}"))


async def main(n: int, levels: list[int], delays: list[float]) -> None:
    set_testing(True)
    print(f"{n} GETs of a full order per row; req/s, TCP connections opened, failures\n")
    print(f"{'latency':>7} {'in flight':>9} {'client':<14} {'req/s':>7} {'conns':>6} {'fail':>5}")
    for delay in delays:
        server = Server(delay)
        try:
            for level in levels:
                for name, run in [("ours", ours), ("httpx tuned", httpx_tuned)]:
                    elapsed, failures = await run(server.url, n, level)
                    stats = await server.stats()
                    print(
                        f"{delay:>5.0f}ms {level:>9} {name:<14} {n / elapsed:>7.0f}"
                        f" {stats['connections_opened']:>6} {failures:>5}"
                    )
            elapsed, failures = await httpx_default(server.url, n, 0)
            stats = await server.stats()
            print(
                f"{delay:>5.0f}ms {'all':>9} {'httpx default':<14} {n / elapsed:>7.0f}"
                f" {stats['connections_opened']:>6} {failures:>5}"
            )
        finally:
            server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 10, 50, 100, 200])
    parser.add_argument("--delays-ms", type=float, nargs="+", default=[0, 20])
    args = parser.parse_args()
    asyncio.run(main(args.n, args.levels, args.delays_ms))
