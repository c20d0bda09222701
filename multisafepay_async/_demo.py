"""The offline demo: a batch of orders against the embedded fake MultiSafepay on loopback."""

from __future__ import annotations

import asyncio
import io
import random
import sys
import time

import httpx

from ._cli_status import run_status
from ._client import AsyncClient
from .errors import MultiSafepayError, NotFoundError, ValidationError
from .models.order import CreatedOrder
from .testing import FakeMultiSafepay, serve

__all__ = ["run_demo"]

# What the simulated customers do with their payment pages, in order.
_OUTCOMES = [("complete", 24), ("decline", 5), ("expire", 4), ("uncleared", 3), ("", 4)]


async def run_demo(orders: int = 40, seed: int = 7) -> int:
    """Create `orders` orders, let simulated customers act, look all of them up; returns 0."""
    rng = random.Random(seed)
    fake = FakeMultiSafepay()
    async with serve(fake) as server:
        base_url = server + "/v1/json"
        print(f"Fake MultiSafepay listening on {server} (no API key, no internet needed)\n")
        async with AsyncClient(fake.api_key, base_url=base_url) as client:
            ids = [f"demo-{i:04d}" for i in range(1, orders + 1)]
            started = time.perf_counter()
            created = await asyncio.gather(
                *(
                    client.orders.create(
                        {
                            "type": "redirect",
                            "order_id": order_id,
                            "currency": "EUR",
                            "amount": rng.randrange(500, 25_000),
                            "description": f"Demo order {order_id}",
                            "payment_options": {
                                "notification_url": "https://shop.example/notify",
                                "notification_method": "POST",
                            },
                            "customer": {"locale": "nl_NL", "email": "jdoe@example.com"},
                        }
                    )
                    for order_id in ids
                )
            )
            print(f"Created {len(created)} orders in {time.perf_counter() - started:.2f}s")
            print(f"  e.g. {created[0].order_id} -> pay at {created[0].payment_url}\n")

            await _customers_act(created, rng)
            paid = [c.order_id for c in created if fake.order(c.order_id)["status"] == "completed"]
            for order_id in paid[:3]:
                fake.apply(order_id, "refund", 250)  # a partial refund from the merchant

            print(f"Looking up all {len(ids)} orders with get_many (`orders status`):")
            rows = io.StringIO()
            summary = await run_status(client, ids, out=rows, progress=sys.stdout, total=len(ids))
            print("\n".join(rows.getvalue().splitlines()[:4]) + "\n  ...")
            print("\n".join(summary.lines()) + "\n")
            await _show_errors(client)
    return 0


async def _customers_act(created: list[CreatedOrder], rng: random.Random) -> None:
    actions = [action for action, count in _OUTCOMES for _ in range(count)]
    actions += [""] * max(0, len(created) - len(actions))
    rng.shuffle(actions)
    async with httpx.AsyncClient() as browser:
        await asyncio.gather(
            *(
                browser.get(order.payment_url, params={"action": action})
                for order, action in zip(created, actions, strict=False)
                if action and order.payment_url
            )
        )


async def _show_errors(client: AsyncClient) -> None:
    print("Typed errors")
    try:
        await client.orders.create(
            {"order_id": "oops", "currency": "EUR", "amount": 10.00, "description": "x"}
        )
    except ValidationError as exc:
        print(f"  before any I/O: {exc}")
    try:
        await client.orders.get("no-such-order")
    except NotFoundError as exc:
        print(f"  from the API:   {exc}")
    except MultiSafepayError as exc:  # pragma: no cover - the fake always answers 404 here
        print(f"  unexpected: {exc!r}")
