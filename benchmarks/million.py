"""1,000,000 ids through `orders.get_many` in bounded memory.

An in-memory backend answers every lookup at once with the docs' get-order body (the network
taken out, so only our own layer holds memory); the ids come from a generator. Peak RSS is
printed as the batch goes: it must stop growing once the pipeline is full.

    .venv/bin/python -m benchmarks.million
"""

from __future__ import annotations

import asyncio
import resource
import time

from multisafepay_async import AsyncClient

from .overhead import InstantBackend

N = 1_000_000
MARKS = {10_000, 100_000, 250_000, 500_000, 750_000, N}


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def main() -> None:
    client = AsyncClient("benchmark-key")
    client._ensure_open()
    client._backend = InstantBackend()
    started = time.perf_counter()
    done = 0
    print(f"before: peak RSS {_rss_mib():.1f} MiB")
    async for result in client.orders.get_many((f"o{i}" for i in range(N)), concurrency=100):
        assert result.order is not None
        done += 1
        if done in MARKS:
            elapsed = time.perf_counter() - started
            print(f"{done:>9,} orders  {elapsed:6.1f} s  peak RSS {_rss_mib():.1f} MiB")
    await client.aclose()


if __name__ == "__main__":
    asyncio.run(main())
