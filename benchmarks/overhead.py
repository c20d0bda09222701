"""What our own layer costs per lookup, with the network taken out.

An in-memory backend answers every request at once with the docs' get-order body, so what is
timed is only: `orders.get` (URL, headers, semaphore, retry wrapper, envelope check, decoding)
and `get_many` (worker tasks, hand-off to the consumer).

    .venv/bin/python -m benchmarks.overhead
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import attrs
import httpx

from multisafepay_async import AsyncClient, Order
from multisafepay_async._backends import RawResponse
from multisafepay_async._convert import RENAMES, converter, plain_converter
from multisafepay_async._json import loads

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


# The benchmark order (the docs' get-order answer) and the largest order among the fixtures.
ORDERS = {
    "benchmark order (getOrder.json)": BODY,
    "largest fixture order (afterpay direct)": (
        Path(__file__).parent.parent
        / "tests/data/fixtures/python-sdk/test_integration_order_response_afterpay_direct.data.json"
    ).read_bytes(),
}


def decoding() -> None:
    """Decoding against json.loads, interleaved, best of 7 (the issue-10 target is <= 2x)."""
    for name, body in ORDERS.items():
        envelope = json.loads(body)
        data = envelope["data"] if "success" in envelope else envelope
        wrap = "success" in envelope

        def ours(body: bytes = body, wrap: bool = wrap) -> Order:
            parsed = loads(body)
            return converter.structure(parsed["data"] if wrap else parsed, Order)

        def plain(body: bytes = body, wrap: bool = wrap) -> Order:
            parsed = json.loads(body)
            return plain_converter.structure(parsed["data"] if wrap else parsed, Order)

        runs: dict[str, list[float]] = {"json.loads": [], "ours": [], "plain cattrs": []}
        for _ in range(7):
            runs["json.loads"].append(_loop_us(lambda body=body: json.loads(body)))
            runs["ours"].append(_loop_us(ours))
            runs["plain cattrs"].append(_loop_us(plain))
        best = {k: min(v) for k, v in runs.items()}
        assert ours() == plain() and data is not None
        print(f"{name}, {len(body):,} bytes")
        print(f"  json.loads                          {best['json.loads']:6.1f} us")
        print(
            f"  ours: parse + decode into Order     {best['ours']:6.1f} us"
            f"  ({best['ours'] / best['json.loads']:.2f}x json.loads)"
        )
        print(
            f"  json.loads + plain cattrs           {best['plain cattrs']:6.1f} us"
            f"  ({best['plain cattrs'] / best['json.loads']:.2f}x json.loads)"
        )


def _known_only(data: object, model: object) -> object:
    """`data` without the keys the model keeps in `model_extra`, at every level."""
    if isinstance(data, dict) and attrs.has(type(model)):
        extra = getattr(model, "model_extra", {})
        field = {key: name for name, key in RENAMES.get(type(model), {}).items()}  # amount
        return {
            k: _known_only(v, getattr(model, field.get(k, k), None))
            for k, v in data.items()
            if k not in extra
        }
    if isinstance(data, list) and isinstance(model, tuple) and len(data) == len(model):
        return [_known_only(v, m) for v, m in zip(data, model, strict=True)]
    return data


def extra_keys() -> None:
    """What keeping unknown keys (`model_extra`) costs: the same order decoded with and
    without the keys no model field reads, interleaved, medians of 9."""
    for name, body in ORDERS.items():
        envelope = json.loads(body)
        data = envelope["data"] if "success" in envelope else envelope
        known = _known_only(data, converter.structure(data, Order))
        runs: dict[str, list[float]] = {"with": [], "without": []}
        for _ in range(9):
            runs["with"].append(_loop_us(lambda d=data: converter.structure(d, Order)))
            runs["without"].append(_loop_us(lambda d=known: converter.structure(d, Order)))
        with_, without = (statistics.median(runs[k]) for k in ("with", "without"))
        print(
            f"{name}: decode {with_:.1f} us with its unknown keys kept, {without:.1f} us"
            f" without them (+{with_ - without:.1f} us, {with_ / without - 1:+.0%})"
        )


def main() -> None:
    decoding()
    extra_keys()
    # Best of 5 each: this machine is noisy, and the first pass also warms caches up.
    get = min(asyncio.run(per_lookup(batch=False)) for _ in range(5))
    many = min(asyncio.run(per_lookup(batch=True)) for _ in range(5))
    print(f"orders.get, no network            {get:6.1f} us  (request path and decoding)")
    print(f"orders.get_many, no network       {many:6.1f} us  (batch hand-off: {many - get:.1f})")


if __name__ == "__main__":
    main()
