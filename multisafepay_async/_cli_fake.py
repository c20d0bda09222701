"""`multisafepay-async fake`: the fake MultiSafepay on a port, seeded with orders, so the
CLI and your own app can be tried without writing Python (and without the internet)."""

from __future__ import annotations

import asyncio
import random

from .testing import FakeMultiSafepay, serve

__all__ = ["run_fake", "seed_orders"]

# What the seeded orders' customers did: most paid, some did not.
_OUTCOMES = ["complete"] * 6 + ["decline", "expire", "uncleared", ""]


def seed_orders(fake: FakeMultiSafepay, count: int, server_url: str, seed: int = 7) -> list[str]:
    """Create `count` orders `fake-0001`... in a mix of statuses, the last one waiting for
    its payment (a payment page to open); returns their ids."""
    rng = random.Random(seed)
    ids = []
    for number in range(1, count + 1):
        order_id = f"fake-{number:04d}"
        request = {
            "type": "redirect",
            "order_id": order_id,
            "currency": "EUR",
            "amount": rng.randrange(500, 25_000),
            "description": f"Seeded order {number}",
        }
        fake.create_order(request, server_url)
        outcome = rng.choice(_OUTCOMES) if number < count else ""  # the last one: unpaid
        if outcome:
            fake.apply(order_id, outcome)
        ids.append(order_id)
    return ids


async def run_fake(*, host: str, port: int, orders: int) -> int:
    """Serve until interrupted (Ctrl-C)."""
    fake = FakeMultiSafepay()
    async with serve(fake, host=host, port=port) as url:
        ids = seed_orders(fake, orders, url)
        print(f"Fake MultiSafepay on {url}/v1/json with {len(ids)} orders", flush=True)
        print(f"API key: {fake.api_key}  (a test key: it opens nothing but this fake)")
        print(
            f"Try:     MULTISAFEPAY_API_KEY={fake.api_key} multisafepay-async orders get "
            f"{ids[0] if ids else 'fake-0001'} --base-url {url}/v1/json",
            flush=True,
        )
        unpaid = [i for i in ids if fake.order(i)["status"] == "initialized"]
        if unpaid:  # a payment page to open in a browser, as a customer would
            print(f"Pay:     {fake.store.orders[unpaid[0]]['payment_url']}", flush=True)
        print("Every order's payment_url is a payment page. Ctrl-C stops it.", flush=True)
        await asyncio.Event().wait()
    return 0  # pragma: no cover - only Ctrl-C ends it
