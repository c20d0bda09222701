"""The offline demo: a batch of orders against the embedded fake MultiSafepay on loopback."""

from __future__ import annotations

import asyncio
import io
import random
import sys
import time
from collections import Counter
from collections.abc import Awaitable
from typing import Any
from urllib.parse import parse_qs

import httpx

from ._cli_status import StatusSummary, run_status
from ._client import AsyncClient
from .errors import MultiSafepayError, NotFoundError, ValidationError
from .integrations._common import process_notification
from .models.order import CreatedOrder, Order
from .testing import FakeMultiSafepay, serve
from .testing._app import read_body
from .webhooks import sign_notification

__all__ = ["run_demo"]

# What the simulated customers do with their payment pages, in order.
_OUTCOMES = [("complete", 24), ("decline", 5), ("expire", 4), ("uncleared", 3), ("", 4)]


class _WebhookReceiver:
    """Your shop's webhook endpoint, as a bare ASGI app: verifies, records, answers OK."""

    def __init__(self, api_key: str) -> None:
        self.api_key = api_key
        self.statuses: dict[str, str] = {}
        self.refused = 0

    def record(self, order: Order) -> None:
        self.statuses[order.order_id] = str(order.status)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = await read_body(receive)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        query = {k: v[0] for k, v in parse_qs(scope["query_string"].decode()).items()}
        status, text = await process_notification(
            method=scope["method"],
            body=body,
            auth=headers.get("auth"),
            query=query,
            api_key=self.api_key,
            handler=self.record,
        )
        self.refused += status != 200
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": text.encode()})


async def run_demo(orders: int = 40, seed: int = 7) -> int:
    """Create `orders` orders, let simulated customers act, receive the webhooks, look all of
    them up; returns 0."""
    rng = random.Random(seed)
    fake = FakeMultiSafepay()
    receiver = _WebhookReceiver(fake.api_key)
    async with serve(fake) as server, serve(receiver) as shop:
        print(f"Fake MultiSafepay listening on {server} (no API key, no internet needed)")
        print(f"Your shop's webhook receiver on {shop}/notify\n")
        async with AsyncClient(fake.api_key, base_url=server + "/v1/json") as client:
            ids = [f"demo-{i:04d}" for i in range(1, orders + 1)]
            started = time.perf_counter()
            created = await asyncio.gather(
                *(_create(client, order_id, rng, shop + "/notify") for order_id in ids)
            )
            print(f"Created {len(created)} orders in {time.perf_counter() - started:.2f}s")
            print(f"  e.g. {created[0].order_id} -> pay at {created[0].payment_url}\n")

            await _customers_act(created, rng)
            paid = [c.order_id for c in created if fake.order(c.order_id)["status"] == "completed"]
            for order_id in paid[:3]:
                fake.apply(order_id, "refund", 250)  # a partial refund from the merchant
            await _show_webhooks(fake, receiver, shop)

            print(f"Looking up all {len(ids)} orders with get_many (`orders status`):")
            rows = io.StringIO()
            summary = await run_status(
                client, ids, out=rows, progress=sys.stdout, summary=StatusSummary(total=len(ids))
            )
            print("\n".join(rows.getvalue().splitlines()[:4]) + "\n  ...")
            print("\n".join(summary.lines()) + "\n")
            await _show_errors(client)
    return 0


def _create(
    client: AsyncClient, order_id: str, rng: random.Random, notify: str
) -> Awaitable[CreatedOrder]:
    return client.orders.create(
        {
            "type": "redirect",
            "order_id": order_id,
            "currency": "EUR",
            "amount": rng.randrange(500, 25_000),
            "description": f"Demo order {order_id}",
            "payment_options": {"notification_url": notify, "notification_method": "POST"},
            "customer": {"locale": "nl_NL", "email": "jdoe@example.com"},
        }
    )


async def _show_webhooks(fake: FakeMultiSafepay, receiver: _WebhookReceiver, shop: str) -> None:
    await fake.notifications_settled()
    async with httpx.AsyncClient() as forger:  # someone who does not know the key
        forged = b'{"order_id": "demo-0001", "status": "completed"}'
        await forger.post(
            shop + "/notify?transactionid=demo-0001",
            content=forged,
            headers={"auth": sign_notification(forged, "a-guessed-key")},
        )
    delivered = sum(d.acknowledged for d in fake.deliveries)
    print(f"Webhooks: {delivered} signed notifications delivered and verified by the receiver;")
    print(f"  {receiver.refused} forged one refused (401). Statuses the shop now knows:")
    counts = Counter(receiver.statuses.values())
    print("  " + ", ".join(f"{status} {n}" for status, n in counts.most_common()) + "\n")


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
